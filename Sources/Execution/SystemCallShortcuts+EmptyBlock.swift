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
              emptyBlockApplies(on: parent),
              let beaconRoots = parent.account(SystemCalls.beaconRoots), let history = parent.account(SystemCalls.historyStorage)
        else { return nil }

        // A slot written with the value it holds is left out (a dev chain's beacon root is zero,
        // so half of EIP-4788's writes are): the state, its root and the stored rows are the same
        // without it, and nothing is then re-hashed, re-written or given an undo record for it.
        var changes = StateChanges()
        changes.accounts[SystemCalls.beaconRoots] = StateChanges.AccountChange(account: beaconRoots)
        changes.accounts[SystemCalls.historyStorage] = StateChanges.AccountChange(account: history)
        forEachEmptyBlockWrite(number: number, timestamp: context.environment.timestamp, parentHash: context.parentHash,
                               beaconRoot: beaconRoot) { address, slot, value in
            if parent.storage(address, slot) != value { changes.accounts[address]!.storage[slot] = value }
        }

        var output = BlockExecutionOutput()
        output.changes = changes
        output.requests = []
        return output
    }

    /// The slots an empty block stores, in order: EIP-4788's timestamp and root, EIP-2935's parent
    /// hash (`emptyBlock` and `EmptyRunWrites` both write exactly these).
    @inline(__always)
    static func forEachEmptyBlockWrite(number: UInt64, timestamp: UInt64, parentHash: Hash, beaconRoot: Hash,
                                       _ body: (_ address: Address, _ slot: UInt256, _ value: UInt256) -> Void) {
        let beacon = beaconRootWrites(timestamp: timestamp, root: beaconRoot.uint256)
        let history = historyWrite(number: number, parentHash: parentHash.uint256)
        body(SystemCalls.beaconRoots, beacon.timestamp.slot, beacon.timestamp.value)
        body(SystemCalls.beaconRoots, beacon.root.slot, beacon.root.value)
        body(SystemCalls.historyStorage, history.slot, history.value)
    }

    /// The conditions of `emptyBlock` that the state decides: no system address account, both
    /// ring-buffer contracts with the EIPs' code, both request queues idle. An empty block
    /// writes only ring-buffer slots, which none of them reads, so through a run of empty blocks
    /// they keep the value they have on its first parent.
    static func emptyBlockApplies(on parent: WorldState) -> Bool {
        parent.account(SystemCalls.systemAddress) == nil
            && parent.account(SystemCalls.beaconRoots)?.codeHash == beaconRootsCodeHash
            && parent.account(SystemCalls.historyStorage)?.codeHash == historyStorageCodeHash
            && isIdle(parent, SystemCalls.withdrawalRequests) && isIdle(parent, SystemCalls.consolidationRequests)
    }

    /// `requestQueueIsIdle` on the committed state (the system address was checked above).
    private static func isIdle(_ state: WorldState, _ target: Address) -> Bool {
        guard let codeHash = requestContractCodeHash(target), state.account(target)?.codeHash == codeHash else { return false }
        // A contract without storage has an empty queue (one lookup instead of four, every block).
        return !state.hasStorage(target) || queueSlotsAreZero { state.storage(target, $0) }
    }
}
