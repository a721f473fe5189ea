import Ethereum
import Execution
import Keys
import Node
import Primitives
import XCTest

/// The `Genesis` the node opens for a dev chain is the mempool's `DevGenesis`, field for field.
final class DevChainGenesisTests: XCTestCase {
    func testGenesisMatchesDevGenesis() throws {
        for name in ["latest", "prague", "cancun", "shanghai", "london"] {
            var configuration = try XCTUnwrap(DevChainConfiguration(hardfork: name))
            configuration.timestamp = 1_700_000_000
            let dev = try DevGenesis(configuration: configuration)
            let genesis = configuration.genesis(accounts: dev.accounts.map(\.address))
            let made = BlockImporter(config: genesis.config).genesis(genesis)
            XCTAssertEqual(made.block.header, dev.header, name)
            XCTAssertEqual(genesis.config.chainId, 31337)
        }
        let latest = DevChainConfiguration()
        XCTAssertEqual(latest.chainConfig.blobSchedule(for: .osaka)?.max, 21)
    }
}
