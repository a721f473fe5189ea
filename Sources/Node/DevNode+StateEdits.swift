import Ethereum
import Primitives
import State
import Storage

/// One change a dev control makes to the head state (Anvil's `anvil_set*`, Hardhat's `hardhat_set*`).
public enum StateEdit: Sendable {
    case setBalance(Address, UInt256)
    /// Adds to the balance, saturating at 2^256 − 1 (anvil_addBalance).
    case addBalance(Address, UInt256)
    case setNonce(Address, UInt64)
    case setCode(Address, [UInt8])
    case setStorage(Address, slot: UInt256, value: UInt256)
    /// Replaces whole accounts (anvil_loadState): nonce, balance, code and all storage.
    case replaceAccount(Address, Genesis.Account)
}

/// Why a dev control was refused.
public struct DevControlError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension DevNode {
    /// Applies `edits` to the head state at once, without a block, as Anvil and Hardhat do: reads
    /// at `latest` see them, the next block is built on them, and they are persisted (as a step on
    /// top of the head block that `evm_revert` can undo). Runs in turn with block production.
    public func edit(_ edits: [StateEdit]) throws(DevControlError) {
        let failure: DevControlError? = onProducer { [self] in
            let head = chain.head
            var changes = StateChanges()
            for edit in edits { Self.fold(edit, into: &changes, over: head.state) }
            guard !changes.accounts.isEmpty else { return nil }
            var state = head.state
            state.apply(changes)
            do {
                try chain.applyEdit(changes, state: state)
            } catch {
                return DevControlError("state edit not stored: \(error)")
            }
            // Balances and nonces changed under the pool: re-base its senders.
            mempool.removeIncluded(state: state, context: nextBlock().mempoolContext)
            return nil
        }
        if let failure { throw failure }
    }

    /// Adds one edit to `changes`, reading what it keeps (the rest of the account) from `changes`
    /// itself when an earlier edit of the same batch touched the account, else from `state`.
    static func fold(_ edit: StateEdit, into changes: inout StateChanges, over state: WorldState) {
        /// Changes one account, starting from this batch's earlier change of it or the state's.
        func modify(_ address: Address, _ body: (inout StateChanges.AccountChange) -> Void) {
            var change = changes.accounts[address].flatMap { $0.account == nil ? nil : $0 }
                ?? StateChanges.AccountChange(account: state.account(address) ?? Account())
            body(&change)
            changes.accounts[address] = change
        }
        switch edit {
        case .setBalance(let address, let balance):
            modify(address) { $0.account!.balance = balance }
        case .addBalance(let address, let amount):
            modify(address) { change in
                let (sum, overflow) = change.account!.balance.addingReportingOverflow(amount)
                change.account!.balance = overflow ? .max : sum
            }
        case .setNonce(let address, let nonce):
            modify(address) { $0.account!.nonce = nonce }
        case .setCode(let address, let code):
            modify(address) { change in
                change.account!.codeHash = Keccak256.hash(code)
                change.code = code
            }
        case .setStorage(let address, let slot, let value):
            modify(address) { $0.storage[slot] = value }
        case .replaceAccount(let address, let a):
            changes.accounts[address] = StateChanges.AccountChange(
                account: Account(nonce: a.nonce, balance: a.balance, codeHash: Keccak256.hash(a.code)),
                storageCleared: true, storage: a.storage, code: a.code.isEmpty ? nil : a.code)
        }
    }
}
