import Primitives
import State

/// A read-only state made of a parent state and changes on top of it (the pre-block system calls'
/// effects, or a whole block's transactions), without copying the parent.
struct OverlayState: StateReader, @unchecked Sendable {
    let parent: any StateReader
    let changes: StateChanges
    /// New code by hash, from `changes`.
    let codes: [Hash: [UInt8]]

    init(parent: any StateReader, changes: StateChanges) {
        var codes: [Hash: [UInt8]] = [:]
        for change in changes.accounts.values {
            if let code = change.code, let a = change.account { codes[a.codeHash] = code }
        }
        self.init(parent: parent, changes: changes, codes: codes)
    }

    /// With the new code already at hand (the changes' code fields may not be filled in yet).
    init(parent: any StateReader, changes: StateChanges, codes: [Hash: [UInt8]]) {
        self.parent = parent
        self.changes = changes
        self.codes = codes
    }

    func account(_ address: Address) -> Account? {
        if let change = changes.accounts[address] { return change.account }
        return parent.account(address)
    }

    func storage(_ address: Address, _ key: UInt256) -> UInt256 {
        if let change = changes.accounts[address] {
            if let v = change.storage[key] { return v }
            if change.storageCleared || change.account == nil { return .zero }
        }
        return parent.storage(address, key)
    }

    func code(_ codeHash: Hash) -> [UInt8] { codes[codeHash] ?? parent.code(codeHash) }

    func blockHash(_ number: UInt64) -> Hash? { parent.blockHash(number) }

    func hasStorage(_ address: Address) -> Bool {
        if let change = changes.accounts[address] {
            if change.storage.values.contains(where: { !$0.isZero }) { return true }
            if change.storageCleared || change.account == nil { return false }
        }
        return parent.hasStorage(address)
    }
}
