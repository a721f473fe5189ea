import Dispatch
import Ethereum
import Execution
import Foundation
import Keys
import Node
import Primitives
import State
import Synchronization

/// `lanes-bench node --devchain`: the devchain controls at scale (release build).
///
/// - evm_snapshot + evm_revert on a state with `--accounts` accounts (default 100,000): each
///   run takes a snapshot, sends `--txs` transfers (default 10) and mines them, then reverts;
///   reports the median and worst snapshot and revert times (the floor: < 20 ms each) and
///   checks that every revert restores the state root.
/// - anvil_mine of `--mine-blocks` empty blocks (default 1,000,000; 0 skips) on a fresh dev chain
///   (plus `--mine-accounts` accounts, default 0; `--batch N` blocks per database commit instead
///   of `DevNode.defaultEmptyBlockBatch`): the time, then
///   block count/2 from the database: its parent hash is the hash of the block before, its
///   timestamp one interval after, and the head's state root is the one the head state hashes to.
enum DevChainBench {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    static func ms(_ ns: UInt64) -> Double { (Double(ns) / 1e4).rounded() / 100 }

    /// `count` funded accounts at hash-spread addresses: a state of that size.
    static func addAccounts(_ count: Int, to genesis: inout Genesis) {
        for i in 0..<count {
            var account = Genesis.Account()
            account.balance = UInt256(UInt64(i + 1))
            genesis.alloc[Address(hashSuffix: Keccak256.hash(Array("bench-account-\(i)".utf8)))] = account
        }
    }

    static func run(arguments: [String]) throws -> [String: Any] {
        func value(_ flag: String) -> String? { arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } }
        let accounts = value("--accounts").flatMap(Int.init) ?? 100_000
        let runs = value("--runs").flatMap(Int.init) ?? 20
        let txs = value("--txs").flatMap(Int.init) ?? 10
        let mineBlocks = value("--mine-blocks").flatMap(Int.init) ?? 1_000_000
        var results: [String: Any] = ["accounts": accounts, "runs": runs]

        let keys = try HDWallet.accounts(count: 2)
        var dev = DevChainConfiguration()
        dev.timestamp = 1_700_000_000
        var genesis = dev.genesis(accounts: keys.map(\.address))
        addAccounts(accounts, to: &genesis)
        var configuration = NodeConfiguration(genesis: genesis, executor: SequentialExecutor())
        configuration.mining = .manual
        configuration.devKeys = keys
        let setupStart = now()
        let node = try DevNode(configuration: configuration)
        defer { node.shutdown() }
        results["setup.ms"] = ms(now() - setupStart)

        var snapshotTimes: [Double] = [], revertTimes: [Double] = []
        var restored = true
        var nonce: UInt64 = 0
        for _ in 0..<runs {
            var before = node.head.state
            let rootBefore = before.stateRoot()
            let t0 = now()
            let id = node.snapshot()
            snapshotTimes.append(ms(now() - t0))
            for _ in 0..<txs {
                var tx = Transaction(type: .dynamicFee, chainId: genesis.config.chainId, nonce: nonce)
                tx.maxPriorityFeePerGas = UInt256(1_000_000_000)
                tx.maxFeePerGas = UInt256(100_000_000_000)
                tx.gasLimit = 21_000
                tx.to = keys[1].address
                tx.value = UInt256(1)
                try node.add(PooledTransaction(transaction: tx.signed(with: keys[0])))
                nonce += 1
            }
            node.mineAndWait()
            let t1 = now()
            _ = try node.revert(to: id)
            revertTimes.append(ms(now() - t1))
            var after = node.head.state
            restored = restored && after.stateRoot() == rootBefore
            nonce = node.head.state.account(keys[0].address)?.nonce ?? 0
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        results["snapshot.median.ms"] = median(snapshotTimes)
        results["snapshot.max.ms"] = snapshotTimes.max()
        results["revert.median.ms"] = median(revertTimes)
        results["revert.max.ms"] = revertTimes.max()
        results["revert.restoresStateRoot"] = restored
        results["snapshotRevert.acceptance.ms"] = 20

        if mineBlocks > 0 {
            // On a fresh dev chain (what `lanes` starts with), not on the snapshot test's large state:
            // `--mine-accounts` adds accounts to it for scale studies.
            let mineAccounts = value("--mine-accounts").flatMap(Int.init) ?? 0
            let mineKeys = try HDWallet.accounts(count: 10)  // `lanes` funds ten by default
            var mineGenesis = dev.genesis(accounts: mineKeys.map(\.address))
            addAccounts(mineAccounts, to: &mineGenesis)
            var mineConfiguration = NodeConfiguration(genesis: mineGenesis, executor: SequentialExecutor())
            mineConfiguration.mining = .manual
            if let batch = value("--batch").flatMap(Int.init) { mineConfiguration.emptyBlockBatch = batch }
            mineConfiguration.devKeys = mineKeys
            let node = try DevNode(configuration: mineConfiguration)
            defer { node.shutdown() }
            results["mine.accounts"] = mineGenesis.alloc.count
            let start = node.head.number
            let first = node.head.header.timestamp + 1
            let done = DispatchSemaphore(value: 0)
            let t0 = now()
            node.mine(count: mineBlocks, timestamp: first, interval: 1, keepBlocks: false) { _, _ in done.signal() }
            done.wait()
            let seconds = Double(now() - t0) / 1e9
            results["mine.blocks"] = mineBlocks
            results["mine.seconds"] = (seconds * 100).rounded() / 100
            results["mine.microsecondsPerBlock"] = (seconds * 1e8 / Double(mineBlocks)).rounded() / 100
            results["mine.acceptance.seconds"] = 30
            let middle = start + UInt64(mineBlocks / 2)
            let block = try node.chain.database.header(number: middle)
            let parent = try node.chain.database.header(number: middle - 1)
            var consistent = false
            if let block, let parent {
                consistent = block.parentHash == parent.hash && block.timestamp == parent.timestamp + 1 && block.number == middle
                    && block.stateRoot != parent.stateRoot
            }
            var head = node.head.state
            results["mine.middleBlockConsistent"] = consistent
            results["mine.headStateRootMatches"] = head.stateRoot() == node.head.header.stateRoot
            results["mine.head"] = node.head.number
        }
        return results
    }
}
