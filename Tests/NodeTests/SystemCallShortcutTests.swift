import EVM
import Ethereum
import Execution
import Node
import Primitives
import State
import XCTest

/// The system-call shortcuts (EIP-4788, EIP-2935 ring buffer writes; idle EIP-7002/7251 queues)
/// against the EVM running the contracts' code: the same block on the same state, once with the
/// system address absent (shortcuts apply) and once with it funded (the EVM path runs), must
/// change the same storage.
final class SystemCallShortcutTests: XCTestCase {
    func testShortcutsMatchTheEVM() {
        var rng = SplitMix64(seed: 4788)
        for trial in 0..<200 {
            var state = WorldState()
            for contract in SystemContracts.all {
                // Random earlier ring contents (and sometimes a queued request count for 7002/7251).
                var storage: [UInt256: UInt256] = [:]
                for _ in 0..<Int.random(in: 0...20, using: &rng) {
                    storage[UInt256(UInt64.random(in: 0..<16382, using: &rng))] = UInt256(rng.next())
                }
                if contract.eip >= 7002 && trial % 3 != 0 { storage = [:] }
                state.setAccount(contract.address, nonce: 1, balance: .zero, code: contract.code, storage: storage)
            }
            let number = UInt64.random(in: 1...20_000_000, using: &rng)
            let timestamp = UInt64.random(in: 1...4_000_000_000, using: &rng)
            let context = BlockContext(environment: BlockEnvironment(number: number, timestamp: timestamp, gasLimit: 30_000_000,
                                                                     baseFee: .one, chainId: 1),
                                       fork: .prague, blobSchedule: BlobSchedule.mainnet(.prague), excessBlobGas: 0,
                                       parentHash: Hash(UInt256(rng.next())),
                                       parentBeaconBlockRoot: trial % 4 == 0 ? .zero : Hash(UInt256(rng.next())),
                                       withdrawals: [], ommers: [], depositContract: .zero)
            let shortcut = SequentialExecutor().execute([], context: context, parent: state, stopOnInvalid: false)
            var funded = state
            funded.setAccount(SystemCalls.systemAddress, nonce: 0, balance: .one, code: [], storage: [:])
            let evm = SequentialExecutor().execute([], context: context, parent: funded, stopOnInvalid: false)
            var a = state, b = funded
            a.apply(shortcut.changes)
            b.apply(evm.changes)
            for contract in SystemContracts.all {
                XCTAssertEqual(a.storageEntries(contract.address), b.storageEntries(contract.address), "trial \(trial), EIP-\(contract.eip)")
            }
            XCTAssertEqual(shortcut.requests, evm.requests, "trial \(trial)")
        }
    }

    /// An empty block's system work taken straight from the committed state (what the sequential
    /// executor does for a block without transactions) against the journaled system calls: same
    /// state root, same requests, over a chain of blocks whose ring buffers fill and wrap.
    func testEmptyBlockShortcutMatchesTheJournaledSystemCalls() {
        var rng = SplitMix64(seed: 2935)
        var fast = WorldState()
        for contract in SystemContracts.all {
            fast.setAccount(contract.address, nonce: 1, balance: .zero, code: contract.code, storage: [:])
        }
        var general = fast
        var parentHash = Hash(UInt256(rng.next()))
        for number in UInt64(1)...300 {
            let context = BlockContext(environment: BlockEnvironment(number: number * 37, timestamp: 1_700_000_000 + number * 4_093, gasLimit: 30_000_000,
                                                                     baseFee: .one, chainId: 1),
                                       fork: .osaka, blobSchedule: BlobSchedule.mainnet(.osaka), excessBlobGas: 0,
                                       parentHash: parentHash,
                                       parentBeaconBlockRoot: number % 3 == 0 ? .zero : Hash(UInt256(rng.next())),
                                       withdrawals: [], ommers: [], depositContract: .zero)
            let shortcut = SequentialExecutor().execute([], context: context, parent: fast, stopOnInvalid: false)
            XCTAssertTrue(shortcut.changes.accounts.keys.allSatisfy { $0 == SystemCalls.beaconRoots || $0 == SystemCalls.historyStorage })
            let rootSlot = UInt256(context.environment.timestamp % 8191 + 8191)
            if context.parentBeaconBlockRoot == .zero, fast.storage(SystemCalls.beaconRoots, rootSlot).isZero {
                XCTAssertNil(shortcut.changes.accounts[SystemCalls.beaconRoots]?.storage[rootSlot], "zero over zero is no change (block \(number))")
            }
            let journaled = JournaledState(base: general)
            SystemCalls.preBlock(state: journaled, context: context)
            let requests = SystemCalls.postBlock(state: journaled, context: context, receipts: [])
            fast.apply(shortcut.changes)
            general.apply(journaled.changes())
            XCTAssertEqual(shortcut.requests, requests, "block \(number)")
            XCTAssertEqual(fast.stateRoot(), general.stateRoot(), "block \(number)")
            parentHash = Hash(UInt256(rng.next()))
        }
        // A queued withdrawal request makes the block take the general way.
        fast.setAccount(SystemCalls.withdrawalRequests, nonce: 1, balance: .zero,
                        code: SystemContracts.all.first { $0.eip == 7002 }!.code, storage: [UInt256(1): .one])
        let context = BlockContext(environment: BlockEnvironment(number: 99_999, timestamp: 1_800_000_000, gasLimit: 30_000_000, baseFee: .one, chainId: 1),
                                   fork: .osaka, blobSchedule: BlobSchedule.mainnet(.osaka), excessBlobGas: 0, parentHash: parentHash,
                                   parentBeaconBlockRoot: .zero, withdrawals: [], ommers: [], depositContract: .zero)
        let busy = SequentialExecutor().execute([], context: context, parent: fast, stopOnInvalid: false)
        XCTAssertNotNil(busy.changes.accounts[SystemCalls.withdrawalRequests], "the queue's system call ran")
    }
}
