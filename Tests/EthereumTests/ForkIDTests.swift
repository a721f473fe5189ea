import Ethereum
import Primitives
import XCTest

/// EIP-2124 fork hashes against the EIP's (and geth's) mainnet vectors.
final class ForkIDTests: XCTestCase {
    static let mainnetGenesis = try! Hash(hex: "0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3")

    /// Mainnet's forks. The DAO fork block has no place of its own in `ChainConfig`; as an
    /// activation block it counts like the glacier blocks, so it rides along with them.
    static func mainnet() -> ChainConfig {
        var c = ChainConfig(chainId: 1)
        c.forkBlocks = [.homestead: 1_150_000, .tangerineWhistle: 2_463_000, .spuriousDragon: 2_675_000,
                        .byzantium: 4_370_000, .constantinople: 7_280_000, .petersburg: 7_280_000, .istanbul: 9_069_000,
                        .berlin: 12_244_000, .london: 12_965_000]
        c.bombDelayBlocks = [1_920_000: 0, 9_200_000: 9_000_000, 13_773_000: 10_700_000, 15_050_000: 11_400_000]
        c.terminalTotalDifficulty = UInt256(58_750_000_000_000_000) &* UInt256(1_000_000_000_000)
        c.forkTimes = [.shanghai: 1_681_338_455, .cancun: 1_710_338_135, .prague: 1_746_612_311]
        return c
    }

    func hex(_ config: ChainConfig, time: UInt64) -> String {
        Hex.encode(ForkID.hash(config: config, genesisHash: Self.mainnetGenesis, genesisTime: 0, time: time))
    }

    func testMainnetVectors() {
        XCTAssertEqual(hex(ChainConfig(chainId: 1), time: 0), "0xfc64ec04")
        XCTAssertEqual(hex(ChainConfig(chainId: 1, forkBlocks: [.homestead: 1_150_000]), time: 0), "0x97c2c34c")
        let mainnet = Self.mainnet()
        XCTAssertEqual(hex(mainnet, time: 1_681_338_454), "0xf0afd0e3")  // Gray Glacier
        XCTAssertEqual(hex(mainnet, time: 1_681_338_455), "0xdce96c2d")  // Shanghai
        XCTAssertEqual(hex(mainnet, time: 1_710_338_135), "0x9f3d2254")  // Cancun
        XCTAssertEqual(hex(mainnet, time: 1_746_612_311), "0xc376cf8b")  // Prague
    }

    func testForksAtGenesisAreLeftOut() {
        var config = ChainConfig.allAtGenesis(.prague, chainId: 31337)
        config.forkTimes[.osaka] = 500
        let genesisOnly = Hex.encode(ForkID.hash(config: ChainConfig(chainId: 1), genesisHash: Self.mainnetGenesis, genesisTime: 100, time: 0))
        XCTAssertEqual(Hex.encode(ForkID.hash(config: config, genesisHash: Self.mainnetGenesis, genesisTime: 100, time: 499)), genesisOnly)
        XCTAssertNotEqual(Hex.encode(ForkID.hash(config: config, genesisHash: Self.mainnetGenesis, genesisTime: 100, time: 500)), genesisOnly)
    }
}
