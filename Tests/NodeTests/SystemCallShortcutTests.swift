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
}
