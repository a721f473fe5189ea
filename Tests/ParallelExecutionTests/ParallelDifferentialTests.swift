import Ethereum
import Execution
import Foundation
import Primitives
import State
import Workloads
import XCTest

/// Block-STM against the sequential oracle on random blocks: state root, receipts, logs and gas
/// must be identical at 1, 2, 4 and 8 threads, with Block-STM forced (no sequential fallback).
final class ParallelDifferentialTests: XCTestCase {
    static let threadCounts = [1, 2, 4, 8]
    static let executors = threadCounts.map { ParallelExecutor(configuration: .forced(threads: $0)) }

    /// How many random blocks (LANES_PARALLEL_BLOCKS overrides; `make test` runs the default).
    var blockCount: Int { Int(ProcessInfo.processInfo.environment["LANES_PARALLEL_BLOCKS"] ?? "") ?? 520 }

    func testRandomBlocksMatchSequential() throws {
        let sequential = SequentialExecutor()
        var failures: [String] = []
        var mix = (succeeded: 0, reverted: 0, invalid: 0, created: 0, logs: 0, forks: Set<Fork>())
        for seed in 0..<UInt64(blockCount) {
            let block = RandomBlocks.make(seed: seed, conflicting: seed % 4 == 0)
            let expected = ExecutorComparison.run(sequential, block)
            mix.succeeded += expected.output.results.filter(\.succeeded).count
            mix.reverted += expected.output.results.filter { !$0.succeeded }.count
            mix.invalid += expected.output.invalid.count
            mix.created += expected.output.results.filter { $0.createdAddress != nil }.count
            mix.logs += expected.output.receipts.reduce(0) { $0 + $1.logs.count }
            mix.forks.insert(block.context.fork)
            for executor in Self.executors {
                let got = ExecutorComparison.run(executor, block)
                if let diff = ExecutorComparison.difference(expected, got) {
                    failures.append("seed \(seed) (\(block.context.fork), \(block.transactions.count) txs) at \(executor.configuration.threads) threads: \(diff)")
                    _ = try? FailingBlock.write(seed: seed, conflicting: seed % 4 == 0, reason: diff)
                }
            }
            if failures.count > 5 { break }
        }
        XCTAssertEqual(failures, [], failures.joined(separator: "\n"))
        // The generator really mixes what it claims (a test that cannot fail proves nothing).
        print("random blocks: \(mix)")
        XCTAssertGreaterThan(mix.succeeded, mix.reverted)
        XCTAssertGreaterThan(mix.reverted, 0)
        XCTAssertGreaterThan(mix.invalid, 0)
        XCTAssertGreaterThan(mix.created, 0)
        XCTAssertGreaterThan(mix.logs, 0)
        XCTAssertEqual(mix.forks.count, min(blockCount, RandomBlocks.forks.count))
    }

    /// Each included transaction's access set lists what its final incarnation read and wrote (the
    /// committer appends them as it commits, and recycles the record they came from).
    func testAccessSetsListWhatEachTransactionTouched() throws {
        let block = ExecutorWorkloads.make("erc20", transactions: 300)!
        for threads in [1, 2] {
            let output = ParallelExecutor(configuration: .forced(threads: threads))
                .execute(block.transactions, context: block.context, parent: block.parent, stopOnInvalid: false)
            let sets = try XCTUnwrap(output.accessSets)
            XCTAssertEqual(sets.count, output.included.count)
            XCTAssertEqual(output.included.count, block.transactions.count)
            for (set, index) in zip(sets, output.included) {
                let tx = block.transactions[index]
                let token = try XCTUnwrap(tx.transaction.to)
                XCTAssertTrue(set.reads.contains(.account(tx.sender)), "tx \(index)")
                XCTAssertTrue(set.reads.contains(.account(token)), "tx \(index)")
                XCTAssertTrue(set.writes.contains(.account(tx.sender)), "tx \(index)")
                let slotWrites = set.writes.filter { if case .storage(let address, _) = $0 { address == token } else { false } }
                XCTAssertEqual(slotWrites.count, 2, "tx \(index): the sender's and the recipient's balance")
            }
        }
    }

    /// Storage read across a self-destruct and a re-creation in the same block.
    func testStorageWipeAndRecreation() {
        let sequential = SequentialExecutor()
        for fork in RandomBlocks.forks {
            let block = RandomBlocks.wipeAndRecreate(fork: fork)
            let expected = ExecutorComparison.run(sequential, block)
            XCTAssertEqual(expected.output.included.count, 4, "\(fork)")
            for executor in Self.executors {
                XCTAssertNil(ExecutorComparison.difference(expected, ExecutorComparison.run(executor, block)), "\(fork) at \(executor.configuration.threads) threads")
            }
        }
    }

    /// Import semantics (stop at the first invalid transaction) agree too.
    func testStopOnInvalidMatchesSequential() {
        let sequential = SequentialExecutor()
        for seed in UInt64(10_000)..<10_040 {
            let block = RandomBlocks.make(seed: seed)
            let expected = ExecutorComparison.run(sequential, block, stopOnInvalid: true)
            for executor in Self.executors {
                let got = ExecutorComparison.run(executor, block, stopOnInvalid: true)
                XCTAssertNil(ExecutorComparison.difference(expected, got), "seed \(seed) at \(executor.configuration.threads) threads")
            }
        }
    }

    /// Blocks built to conflict (a few senders and one pool) must make Block-STM abort and
    /// re-execute with more than one thread: proof that the conflict path ran and still agreed.
    func testConflictingBlocksReexecute() {
        let sequential = SequentialExecutor()
        for executor in Self.executors where executor.configuration.threads > 1 {
            var reexecutions = 0, waits = 0
            for seed in UInt64(20_000)..<20_012 {
                let block = RandomBlocks.make(seed: seed, transactions: 160, conflicting: true)
                let expected = ExecutorComparison.run(sequential, block)
                let got = ExecutorComparison.run(executor, block)
                XCTAssertNil(ExecutorComparison.difference(expected, got), "seed \(seed) at \(executor.configuration.threads) threads")
                let stats = executor.lastStats
                XCTAssertEqual(stats.mode, .parallel)
                reexecutions += stats.reexecutions
                waits += stats.dependencyWaits
            }
            XCTAssertGreaterThan(reexecutions + waits, 0, "no conflict handled at \(executor.configuration.threads) threads")
        }
    }

    /// The switch to sequential mid-block (forced early here) either keeps the validated prefix and
    /// finishes sequentially on top of it (`restartBelowPercent` 0) or, with a short prefix, runs
    /// the block sequentially from its start: the same result either way. With `stopOnInvalid`, the
    /// commits during the run may reach an invalid transaction first: it ends the block there, and
    /// the run stays parallel.
    func testSwitchToSequentialMidBlock() {
        let sequential = SequentialExecutor()
        var switchedWithStop = 0
        for threads in [1, 2, 4] {
            for (minimum, restart) in [(1, 0), (7, 0), (40, 0), (1, 10), (40, 100)] {
                let executor = ParallelExecutor(configuration: .init(threads: threads, sequentialBelow: 0,
                                                                     chainSwitch: .init(minimumExecutions: minimum, conflictPercent: 0,
                                                                                        restartBelowPercent: restart)))
                for seed in UInt64(30_000)..<30_006 {
                    let block = RandomBlocks.make(seed: seed, transactions: 90, conflicting: seed % 2 == 0)
                    for stop in [false, true] {
                        let expected = ExecutorComparison.run(sequential, block, stopOnInvalid: stop)
                        let got = ExecutorComparison.run(executor, block, stopOnInvalid: stop)
                        XCTAssertNil(ExecutorComparison.difference(expected, got), "seed \(seed), \(threads) threads, switch after \(minimum)")
                        let mode = executor.lastStats.mode
                        if stop && !expected.output.invalid.isEmpty && mode == .parallel { continue }
                        XCTAssertEqual(mode, .switchedToSequential)
                        if stop { switchedWithStop += 1 }
                    }
                }
            }
        }
        XCTAssertGreaterThan(switchedWithStop, 0, "no switch with stopOnInvalid")
    }

    /// The benchmark workloads agree too, including the automatic fallbacks of the default configuration.
    func testWorkloadsMatchSequential() {
        let sequential = SequentialExecutor()
        let executors = [ParallelExecutor(configuration: .forced(threads: 2)), ParallelExecutor(threads: 2), ParallelExecutor(threads: 4)]
        for name in ExecutorWorkloads.names {
            // mixed is big enough for the fold to split across workers (over 4,096 writes).
            let block = ExecutorWorkloads.make(name, transactions: name == "mixed" ? 2_000 : 300)!
            let expected = ExecutorComparison.run(sequential, block)
            XCTAssertTrue(expected.output.invalid.isEmpty, "\(name): \(expected.output.invalid.first.map { "\($0.error)" } ?? "")")
            XCTAssertTrue(expected.output.results.allSatisfy(\.succeeded), "\(name): a transaction failed")
            for executor in executors {
                XCTAssertNil(ExecutorComparison.difference(expected, ExecutorComparison.run(executor, block)), "\(name)")
            }
        }
    }

    /// A failing block written by `make fuzz-parallel` (LANES_REPLAY_BLOCK=path) replays here.
    func testReplayFailingBlock() throws {
        guard let path = ProcessInfo.processInfo.environment["LANES_REPLAY_BLOCK"] else { throw XCTSkip("set LANES_REPLAY_BLOCK to replay a block") }
        let failing = try FailingBlock.read(path)
        let block = RandomBlocks.make(seed: failing.seed, transactions: failing.transactions, conflicting: failing.conflicting)
        let expected = ExecutorComparison.run(SequentialExecutor(), block)
        for executor in Self.executors {
            XCTAssertNil(ExecutorComparison.difference(expected, ExecutorComparison.run(executor, block)), "\(executor.configuration.threads) threads")
        }
    }
}
