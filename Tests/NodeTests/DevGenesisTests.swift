import Ethereum
import Keys
import Node
import Primitives
import XCTest

/// The dev genesis matches Anvil's defaults.
final class DevGenesisTests: XCTestCase {
    func testDefaults() throws {
        let keys = try HDWallet.accounts(count: 10)
        let dev = DevGenesis(accounts: keys.map(\.address), timestamp: 1_700_000_000)
        let genesis = dev.genesis
        XCTAssertEqual(genesis.config.chainId, 31337)
        XCTAssertEqual(keys[0].address.checksummed, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        XCTAssertEqual(genesis.alloc[keys[0].address]?.balance, DevGenesis.defaultBalance)
        XCTAssertEqual(genesis.fork, .osaka)
        XCTAssertEqual(genesis.config.blobSchedule(for: .osaka)?.max, 21)
        let header = genesis.header(stateRoot: .zero)
        XCTAssertEqual(header.gasLimit, 30_000_000)
        XCTAssertEqual(header.baseFeePerGas, UInt256(1_000_000_000))
        XCTAssertNotNil(header.requestsHash)
        XCTAssertEqual(DevGenesis.fork(named: "latest"), .osaka)
        XCTAssertEqual(DevGenesis.fork(named: "cancun"), .cancun)
    }
}
