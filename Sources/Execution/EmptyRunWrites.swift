import Ethereum
import Primitives
import State

/// The state side of a run of empty blocks built without the block executor (`anvil_mine`): what
/// `SystemCallShortcuts.emptyBlock` gives each block, written straight into the state and into
/// the run's folded changes instead of through one `StateChanges` per block that is then applied
/// and merged (that bookkeeping was a fifth of producing an empty block).
public enum EmptyRunWrites {
    /// Whether every empty block of fork Prague or later on `state`, and on the states such
    /// blocks lead to, does exactly the ring-buffer writes below: the conditions of the empty-block
    /// shortcut that the state decides (the block's own — no withdrawals, rewards or deposits — hold
    /// for every empty post-merge block a dev node builds).
    public static func apply(to state: WorldState) -> Bool {
        SystemCallShortcuts.emptyBlockApplies(on: state)
    }

    /// Block `number`'s EIP-4788 and EIP-2935 writes on `state` (its parent's state on entry, its
    /// own on return), for a state where `apply(to:)` holds. Each slot that changes is also set in
    /// `fold`, where both contracts appear as merging each block's `StateChanges` in order leaves
    /// them (a slot written with the value it holds is left out of both, as the shortcut does).
    public static func write(into state: inout WorldState, number: UInt64, timestamp: UInt64, parentHash: Hash, beaconRoot: Hash,
                             fold: inout StateChanges) {
        for address in [SystemCalls.beaconRoots, SystemCalls.historyStorage] where fold.accounts[address] == nil {
            // Each block's changes name both contracts, also when no slot of one changed.
            fold.accounts[address] = StateChanges.AccountChange(account: state.account(address))
        }
        SystemCallShortcuts.forEachEmptyBlockWrite(number: number, timestamp: timestamp, parentHash: parentHash,
                                                   beaconRoot: beaconRoot) { address, slot, value in
            if state.writeStorage(address, slot: slot, value: value) { fold.accounts[address]!.storage[slot] = value }
        }
    }
}
