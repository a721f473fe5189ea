import Ethereum
import Primitives
import State

extension SystemCallShortcuts {
    /// A whole empty block's system work — the EIP-4788 and EIP-2935 ring-buffer writes, idle
    /// EIP-7002/7251 queues, no rewards, withdrawals or deposits — computed straight from the
    /// parent state, without a journaled state: what `anvil_mine` does a million times. Nil
    /// whenever any part would do more (an earlier fork, a non-canonical or missing contract, a
    /// request queue holding something, an existing system address, withdrawals to credit); then
    /// the block runs the general way. The output is the one `SequentialExecutor` gives for the
    /// block, up to slots written with the value they hold (SystemCallShortcutTests compares the
    /// resulting states).
    static func emptyBlock(parent: WorldState, context: BlockContext) -> BlockExecutionOutput? {
        let number = context.environment.number
        guard context.fork >= .prague, number > 0, let beaconRoot = context.parentBeaconBlockRoot,
              context.withdrawals?.isEmpty ?? true,
              ProofOfWork.rewards(fork: context.fork, number: number, coinbase: context.environment.coinbase, ommers: context.ommers).isEmpty,
              parent.account(SystemCalls.systemAddress) == nil,
              let beaconRoots = parent.account(SystemCalls.beaconRoots), beaconRoots.codeHash == beaconRootsCodeHash,
              let history = parent.account(SystemCalls.historyStorage), history.codeHash == historyStorageCodeHash,
              isIdle(parent, SystemCalls.withdrawalRequests, withdrawalRequestsCodeHash),
              isIdle(parent, SystemCalls.consolidationRequests, consolidationRequestsCodeHash)
        else { return nil }

        var changes = StateChanges()
        let timestamp = UInt256(context.environment.timestamp)
        let index = timestamp % ring
        var beacon = StateChanges.AccountChange(account: beaconRoots)
        beacon.storage[index] = timestamp
        beacon.storage[index &+ ring] = UInt256(bigEndian: beaconRoot.bytes)!
        changes.accounts[SystemCalls.beaconRoots] = beacon
        var hashes = StateChanges.AccountChange(account: history)
        hashes.storage[UInt256(number - 1) % ring] = UInt256(bigEndian: context.parentHash.bytes)!
        changes.accounts[SystemCalls.historyStorage] = hashes

        var output = BlockExecutionOutput()
        output.changes = changes
        output.requests = []
        return output
    }

    /// `requestQueueIsIdle` on the committed state.
    private static func isIdle(_ state: WorldState, _ target: Address, _ codeHash: Hash) -> Bool {
        guard state.account(target)?.codeHash == codeHash else { return false }
        return (0..<4).allSatisfy { state.storage(target, UInt256(UInt64($0))).isZero }
    }
}
