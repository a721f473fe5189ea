import Ethereum
import Primitives
import State

extension BlockExecutionOutput {
    /// The receipts with the intermediate state root after each transaction instead of a status,
    /// as receipts are before Byzantium (EIP-658). Applies `transactionChanges` in order to a copy
    /// of the parent state; both executors fill those changes, so this is shared.
    public func receiptsWithIntermediateStateRoots(parent: WorldState) -> [Receipt] {
        precondition(transactionChanges.count == receipts.count, "executor did not record per-transaction changes")
        var state = parent
        var out = receipts
        for i in out.indices {
            state.apply(transactionChanges[i])
            out[i].outcome = .stateRoot(state.stateRoot())
        }
        return out
    }
}
