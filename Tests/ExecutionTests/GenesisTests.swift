import Ethereum
import Execution
import Foundation
import Primitives
import XCTest

/// Genesis blocks computed from geth-format genesis files must hash as geth hashes them
/// (Tests/Fixtures/genesis/README.md names the sources of the files and hashes).
final class GenesisTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/genesis")

    func genesisHash(_ file: String) throws -> (Genesis, Hash) {
        let genesis = try Genesis(contentsOf: Self.dir.appendingPathComponent(file).path)
        return (genesis, BlockImporter(config: genesis.config).genesis(genesis).block.hash)
    }

    func testSepolia() throws {
        let (genesis, hash) = try genesisHash("sepolia.json")
        XCTAssertEqual(hash.description, "0x25a5cc106eea7138acab33231d7160d69cb777ee0c2c553fcddf5138993e6dd9")
        let c = genesis.config
        XCTAssertEqual(c.chainId, 11_155_111)
        XCTAssertEqual(c.fork(atBlock: 0, timestamp: genesis.timestamp), .london)
        XCTAssertEqual(c.fork(atBlock: 1_735_371, timestamp: 1_677_557_087), .paris)
        XCTAssertEqual(c.fork(atBlock: 1_735_370, timestamp: 1_677_557_087), .london)
        XCTAssertEqual(c.fork(atBlock: 3_000_000, timestamp: 1_677_557_088), .shanghai)
        XCTAssertEqual(c.fork(atBlock: 9_000_000, timestamp: 1_760_427_360), .osaka)
        XCTAssertEqual(c.fork(atBlock: 9_000_000, timestamp: 1_761_607_008), .bpo2)
        XCTAssertEqual(c.blobSchedule(for: .cancun), BlobSchedule(target: 3, max: 6, updateFraction: 3_338_477))
        XCTAssertEqual(c.blobSchedule(for: .osaka), BlobSchedule(target: 6, max: 9, updateFraction: 5_007_716))
        XCTAssertEqual(c.blobSchedule(for: .bpo1), BlobSchedule(target: 10, max: 15, updateFraction: 8_346_193))
        XCTAssertNil(c.blobSchedule(for: .shanghai))
        XCTAssertEqual(c.depositContractAddress, try Address(hex: "0x7f02C3E3c98b133055B8B348B2Ac625669Ed295D"))
        XCTAssertEqual(c.terminalTotalDifficulty, UInt256(decimal: "17000000000000000"))
    }

    func testExecutionAPIsPragueGenesis() throws {
        let (genesis, hash) = try genesisHash("execution-apis.json")
        XCTAssertEqual(hash.description, "0x6549118a1de2c28b204c671688e0aa4f6b522e72bf3a4a3f76cc8def0a7ecc8f")
        XCTAssertEqual(genesis.fork, .prague)
        let header = genesis.header(stateRoot: .zero)
        XCTAssertEqual(header.requestsHash?.description, "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(header.parentBeaconBlockRoot, .zero)
        XCTAssertEqual(header.excessBlobGas, 0)
        XCTAssertEqual(genesis.config.chainId, 3_503_995_874_084_926)
        // Without a blobSchedule the mainnet parameters apply.
        XCTAssertEqual(genesis.config.blobSchedule(for: .prague), BlobSchedule.mainnet(.prague))
    }

    /// go-ethereum core/genesis_test.go `customg`: defaults for gas limit and difficulty.
    func testGethDefaults() throws {
        let (genesis, hash) = try genesisHash("geth-custom.json")
        XCTAssertEqual(hash.description, "0x89c99d90b79719238d2645c7642f2c9295246e80775b38cfd162b696817fbd50")
        XCTAssertEqual(genesis.fork, .frontier)
        XCTAssertEqual(genesis.config.fork(atBlock: 3, timestamp: 0), .homestead)
        let header = genesis.header(stateRoot: .zero)
        XCTAssertEqual(header.gasLimit, 4_712_388)
        XCTAssertEqual(header.difficulty, UInt256(131_072))
        XCTAssertNil(header.baseFeePerGas)
    }

    func testDecimalAndHexNumbers() throws {
        let json = """
        {"config": {"chainId": 7, "londonBlock": 0, "terminalTotalDifficulty": 58750000000000000000000},
         "gasLimit": "30000000", "alloc": {"0000000000000000000000000000000000000001": {"balance": "1000000000000000000000"},
         "0x0000000000000000000000000000000000000002": {"balance": "0x10", "nonce": "0x2"}}}
        """
        let g = try Genesis(json: Data(json.utf8))
        XCTAssertEqual(g.gasLimit, 30_000_000)
        XCTAssertEqual(g.config.terminalTotalDifficulty, UInt256(decimal: "58750000000000000000000"))
        XCTAssertEqual(g.alloc[try Address(hex: "0x0000000000000000000000000000000000000001")]?.balance, UInt256(decimal: "1000000000000000000000"))
        XCTAssertEqual(g.alloc[try Address(hex: "0x0000000000000000000000000000000000000002")]?.nonce, 2)
        XCTAssertEqual(g.header(stateRoot: .zero).baseFeePerGas, Genesis.initialBaseFee)
        XCTAssertEqual(g.header(stateRoot: .zero).difficulty, .zero)  // no ethash section: geth's default is 0
    }
}
