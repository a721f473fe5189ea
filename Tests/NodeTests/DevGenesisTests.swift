import Ethereum
import Execution
import Keys
import Node
import Primitives
import State
import Trie
import XCTest

/// The dev genesis: Anvil's defaults, the header fields each fork requires and the predeploys.
final class DevGenesisTests: XCTestCase {
    static let timestamp: UInt64 = 1_700_000_000

    func genesis(_ fork: String = "latest", _ configure: (inout DevChainConfiguration) -> Void = { _ in }) throws -> DevGenesis {
        var configuration = try XCTUnwrap(DevChainConfiguration(hardfork: fork))
        configuration.timestamp = Self.timestamp
        configure(&configuration)
        return try DevGenesis(configuration: configuration)
    }

    func testAnvilDefaults() throws {
        let configuration = DevChainConfiguration()
        XCTAssertEqual(configuration.chainId, 31_337)
        XCTAssertEqual(configuration.gasLimit, 30_000_000)
        XCTAssertEqual(configuration.baseFee, UInt256(1_000_000_000))
        XCTAssertEqual(configuration.fork, .osaka)
        XCTAssertEqual(configuration.blobSchedule, BlobSchedule(target: 14, max: 21, updateFraction: 11_684_671))

        let genesis = try DevGenesis(configuration: configuration)
        XCTAssertEqual(genesis.accounts.count, 10)
        XCTAssertEqual(genesis.accounts[0].address.checksummed, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        XCTAssertEqual(genesis.accounts[1].address.checksummed, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
        let tenThousandEther = UInt256(10_000) &* UInt256(1_000_000_000_000_000_000)
        for key in genesis.accounts {
            XCTAssertEqual(genesis.state.account(key.address), Account(nonce: 0, balance: tenThousandEther))
        }
        // Timestamp defaults to now.
        let now = UInt64(Date().timeIntervalSince1970)
        XCTAssertLessThanOrEqual(genesis.header.timestamp, now)
        XCTAssertGreaterThan(genesis.header.timestamp, now - 60)
    }

    func testConfigurableAccounts() throws {
        let genesis = try genesis { c in
            c.accountCount = 3
            c.balance = UInt256(42)
            c.mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
            c.derivationPath = "m/44'/60'/0'/1"
            c.chainId = 1_337
        }
        XCTAssertEqual(genesis.accounts.count, 3)
        let expected = try HDWallet.accounts(mnemonic: genesis.configuration.mnemonic, pathPrefix: "m/44'/60'/0'/1", count: 3)
        XCTAssertEqual(genesis.accounts.map(\.address), expected.map(\.address))
        XCTAssertEqual(genesis.state.account(expected[2].address)?.balance, UInt256(42))
        XCTAssertEqual(genesis.nextBlockContext.chainId, 1_337)
    }

    func testHardforkNames() {
        XCTAssertEqual(DevChainConfiguration(hardfork: "latest")?.fork, .osaka)
        XCTAssertEqual(DevChainConfiguration(hardfork: "prague")?.blobSchedule, BlobSchedule(target: 6, max: 9, updateFraction: 5_007_716))
        XCTAssertEqual(DevChainConfiguration(hardfork: "cancun")?.blobSchedule, BlobSchedule(target: 3, max: 6, updateFraction: 3_338_477))
        XCTAssertNil(DevChainConfiguration(hardfork: "shanghai")?.blobSchedule)
        XCTAssertEqual(DevChainConfiguration(hardfork: "berlin")?.fork, .berlin)
        XCTAssertNil(DevChainConfiguration(hardfork: "notafork"))
    }

    func testOsakaHeader() throws {
        let genesis = try genesis()
        let h = genesis.header
        XCTAssertEqual(h.number, 0)
        XCTAssertEqual(h.parentHash, .zero)
        XCTAssertEqual(h.gasLimit, 30_000_000)
        XCTAssertEqual(h.gasUsed, 0)
        XCTAssertEqual(h.timestamp, Self.timestamp)
        XCTAssertEqual(h.difficulty, .zero)
        XCTAssertEqual(h.nonce, 0)
        XCTAssertEqual(h.mixHash, .zero)
        XCTAssertEqual(h.ommersHash, Header.emptyOmmersHash)
        XCTAssertEqual(h.transactionsRoot, Trie.emptyRoot)
        XCTAssertEqual(h.receiptsRoot, Trie.emptyRoot)
        XCTAssertEqual(h.baseFeePerGas, UInt256(1_000_000_000))
        XCTAssertEqual(h.withdrawalsRoot, Trie.emptyRoot)
        XCTAssertEqual(h.blobGasUsed, 0)
        XCTAssertEqual(h.excessBlobGas, 0)
        XCTAssertEqual(h.parentBeaconBlockRoot, .zero)
        // EIP-7685: sha256 of no requests = sha256("").
        XCTAssertEqual(h.requestsHash, try Hash(hex: "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
        var state = genesis.state
        XCTAssertEqual(h.stateRoot, state.stateRoot())
        // The hash is keccak(rlp(header)) and the encoding round-trips with every field.
        XCTAssertEqual(genesis.hash, Keccak256.hash(h.rlp))
        XCTAssertEqual(try Header(rlp: h.rlp), h)
        XCTAssertEqual(try Block(rlp: genesis.block.rlp).hash, genesis.hash)
        // Deterministic for a fixed timestamp; a different timestamp is a different chain.
        XCTAssertEqual(try self.genesis().hash, genesis.hash)
        XCTAssertNotEqual(try self.genesis { $0.timestamp = Self.timestamp + 1 }.hash, genesis.hash)
    }

    func testHeaderFieldsPerFork() throws {
        let berlin = try genesis("berlin").header
        XCTAssertNil(berlin.baseFeePerGas)
        XCTAssertEqual(berlin.difficulty, DevGenesis.preMergeDifficulty)
        XCTAssertEqual(try Header(rlp: berlin.rlp).hash, berlin.hash)

        let london = try genesis("london").header
        XCTAssertEqual(london.baseFeePerGas, UInt256(1_000_000_000))
        XCTAssertNil(london.withdrawalsRoot)

        let paris = try genesis("paris").header
        XCTAssertEqual(paris.difficulty, .zero)
        XCTAssertNil(paris.withdrawalsRoot)

        let shanghai = try genesis("shanghai").header
        XCTAssertEqual(shanghai.withdrawalsRoot, Trie.emptyRoot)
        XCTAssertNil(shanghai.blobGasUsed)
        XCTAssertNil(shanghai.parentBeaconBlockRoot)

        let cancun = try genesis("cancun").header
        XCTAssertEqual(cancun.blobGasUsed, 0)
        XCTAssertEqual(cancun.excessBlobGas, 0)
        XCTAssertEqual(cancun.parentBeaconBlockRoot, .zero)
        XCTAssertNil(cancun.requestsHash)

        let prague = try genesis("prague").header
        XCTAssertEqual(prague.requestsHash, Requests.emptyHash)
        for header in [london, paris, shanghai, cancun, prague] {
            XCTAssertEqual(try Header(rlp: header.rlp), header)
        }
        // Each fork's genesis is its own chain.
        XCTAssertEqual(Set([berlin.hash, london.hash, paris.hash, shanghai.hash, cancun.hash, prague.hash]).count, 6)
    }

    /// Code hashes as the EIPs' deployments leave them, as listed in reth's system-call tests
    /// (which load the execution-specs' contract binaries) and op-geth's predeploys.
    func testPredeployCodeHashes() throws {
        let expected: [(SystemContracts.Contract, String, Int)] = [
            (SystemContracts.beaconRoots, "0xf57acd40259872606d76197ef052f3d35588dadf919ee1f0e3cb9b62d3f4b02c", 97),
            (SystemContracts.historyStorage, "0x6e49e66782037c0555897870e29fa5e552daf4719552131a0abce779daec0a5d", 83),
            (SystemContracts.withdrawalRequests, "0x0345a365d2f4c5975b9f1599abe0a2ee76b7a3a731bc68781bd04c84e4858f50", 504),
            (SystemContracts.consolidationRequests, "0x78c6cb5202685228bbcbfb992b1c4e116c7ec5ef11e25b8e92716cfc628ddd60", 414),
        ]
        let genesis = try genesis()
        for (contract, hash, size) in expected {
            XCTAssertEqual(contract.codeHash, try Hash(hex: hash), "EIP-\(contract.eip)")
            XCTAssertEqual(contract.code.count, size, "EIP-\(contract.eip)")
            let account = try XCTUnwrap(genesis.state.account(contract.address), "EIP-\(contract.eip)")
            XCTAssertEqual(account, Account(nonce: 1, balance: .zero, codeHash: try Hash(hex: hash)))
            XCTAssertEqual(genesis.state.code(account.codeHash), contract.code)
            XCTAssertFalse(genesis.state.hasStorage(contract.address))
        }
        // The executor calls the same addresses.
        XCTAssertEqual(SystemContracts.beaconRoots.address, SystemCalls.beaconRoots)
        XCTAssertEqual(SystemContracts.historyStorage.address, SystemCalls.historyStorage)
    }

    func testPredeploysPerFork() throws {
        func predeployed(_ fork: String) throws -> [Int] {
            let genesis = try genesis(fork)
            return SystemContracts.all.filter { genesis.state.account($0.address) != nil }.map(\.eip)
        }
        XCTAssertEqual(try predeployed("shanghai"), [])
        XCTAssertEqual(try predeployed("cancun"), [4788])
        XCTAssertEqual(try predeployed("prague"), [4788, 2935, 7002, 7251])
        XCTAssertEqual(try predeployed("latest"), [4788, 2935, 7002, 7251])
    }

    func testNextBlockContextFeedsTheMempool() throws {
        let genesis = try genesis()
        let context = genesis.nextBlockContext
        // An empty genesis block lowers the base fee by 1/8 (EIP-1559).
        XCTAssertEqual(context.baseFee, UInt256(875_000_000))
        let pool = Mempool()
        var tx = Transaction(type: .dynamicFee, chainId: 31_337, nonce: 0, maxPriorityFeePerGas: UInt256(1_000_000_000),
                             maxFeePerGas: UInt256(2_000_000_000), to: genesis.accounts[1].address, value: .one)
        tx.sign(with: genesis.accounts[0])
        try pool.add(tx, state: genesis.state, context: context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 1, queued: 0))
    }
}
