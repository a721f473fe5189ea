import Primitives
import State

/// The block's state changes read straight from the multi-version memory once the run is over.
///
/// When every transaction below `limit` is final, each location's highest version below `limit`
/// is what the block leaves there (plus, for accounts, the credits above the last full write).
/// Reading that from the shards visits each location once, in the tables' contiguous storage,
/// instead of replaying every transaction's write list in block order (a pointer chase through
/// ten thousand records that both workers had to walk in full).
extension MVMemory {
    /// Folds the final writes of transactions `0..<limit` of the accounts `owned` selects into
    /// `changes` (which holds the pre-block changes of those accounts). A slot seen before its
    /// account's own write starts the entry from the base account, which that write then replaces. Accounts whose writes all
    /// lie at or above `limit` are left out. `firstShard` spreads concurrent callers over the
    /// shards so they rarely wait for the same lock.
    func fold(below limit: Int, into changes: inout StateChanges, base: any StateReader, firstShard: Int,
              owned: (Address) -> Bool) {
        let count = shards.count
        // With no storage wipe (the common case) one sweep does it; otherwise accounts and wipes
        // go first, so that a slot knows whether (and by whom) its account's storage was wiped.
        let wipes = resetsPublished.load(ordering: .acquiring) > 0
        var resetters: [Address: Int] = [:]
        var lastOwner: SlotOwner? = nil
        for step in 0..<count {
            shards.withLock((firstShard + step) & shardMask) { map in
                // Walked by index, not `for … in map.indices` (which holds a copy of the table, so
                // reading a list in place would copy the whole table). Lists are read in place: the
                // `values[i]` getter copies a list out, retaining its array of older versions.
                var index = map.startIndex
                while index != map.endIndex {
                    defer { map.formIndex(after: &index) }
                    switch map.keys[index] {
                    case .account(let address):
                        guard owned(address) else { continue }
                        let account: Account?
                        switch inPlace(&map.values[index], { Self.resolveAccount($0, below: limit) }) {
                        case .value(let a): account = a
                        case .base(let credit):
                            if credit.isZero { continue }  // every write lies at or above the limit
                            account = Self.credited(base.account(address), credit)
                        case .blocked:
                            preconditionFailure("Block-STM: an estimate below a final transaction")
                        }
                        lastOwner = nil  // may insert
                        // One lookup: usually the account is new to `changes`; when its slots or
                        // the pre-block work came first, their part of the entry is put back.
                        if let earlier = changes.accounts.updateValue(StateChanges.AccountChange(account: account), forKey: address) {
                            var merged = earlier
                            merged.account = account
                            changes.accounts[address] = merged
                        }
                    case .storageReset(let address):
                        guard owned(address) else { continue }
                        let i = inPlace(&map.values[index], { Self.below($0, limit) })
                        guard i >= 0 else { continue }
                        resetters[address] = Int(map.values[index][i].tx)
                        lastOwner = nil  // may insert
                        let entry = Self.entry(of: address, in: &changes, base: base)
                        changes.accounts.values[entry].storageCleared = true
                        changes.accounts.values[entry].storage = [:]
                    case .storage(let address, let slot):
                        guard !wipes, owned(address) else { continue }
                        inPlace(&map.values[index]) {
                            Self.foldSlot($0, address, slot, below: limit, into: &changes, lastOwner: &lastOwner, base: base)
                        }
                    }
                }
            }
        }
        guard wipes else { return }
        for step in 0..<count {
            shards.withLock((firstShard + step) & shardMask) { map in
                var index = map.startIndex
                while index != map.endIndex {
                    defer { map.formIndex(after: &index) }
                    guard case .storage(let address, let slot) = map.keys[index], owned(address) else { continue }
                    let resetter = resetters[address]
                    inPlace(&map.values[index]) {
                        Self.foldSlot($0, address, slot, below: limit, resetter: resetter, into: &changes, lastOwner: &lastOwner, base: base)
                    }
                }
            }
        }
    }

    /// A slot's final value into `changes`, unless its account's storage was wiped after it was
    /// written (by `resetter`; the wiping transaction's own writes come after its wipe).
    @inline(__always) static func foldSlot(_ list: borrowing MVVersionList, _ address: Address, _ slot: UInt256, below limit: Int,
                                           resetter: Int? = nil, into changes: inout StateChanges, lastOwner: inout SlotOwner?,
                                           base: any StateReader) {
        let i = below(list, limit)
        guard i >= 0 else { return }
        let version = list[i]
        if let resetter, resetter > Int(version.tx) { return }
        guard case .storage(let value) = version.value else {
            preconditionFailure("Block-STM: a write whose value does not fit its location")
        }
        let index: [Address: StateChanges.AccountChange].Index
        if let owner = lastOwner, owner.address == address {
            index = owner.index
        } else {
            index = entry(of: address, in: &changes, base: base)
        }
        lastOwner = SlotOwner(address: address, index: index)
        changes.accounts.values[index].storage[slot] = value
    }

    /// The position of `address`'s entry in `changes`, made first if missing: an account with slot
    /// writes or a wipe and no account write of its own starts from the base state's account.
    @inline(__always) static func entry(of address: Address, in changes: inout StateChanges,
                                        base: any StateReader) -> [Address: StateChanges.AccountChange].Index {
        if let found = changes.accounts.index(forKey: address) { return found }
        changes.accounts[address] = StateChanges.AccountChange(account: base.account(address))
        return changes.accounts.index(forKey: address)!
    }

    /// The entry of the account whose slot was folded last: a contract's slots (a token's
    /// balances) come one after another, and each looked the account up again. Valid until the
    /// next insertion into the table (an insertion may move every entry).
    struct SlotOwner {
        var address: Address
        var index: [Address: StateChanges.AccountChange].Index
    }

    /// How many locations the block wrote (sizes the fold's tables and decides whether to split it).
    var locationCount: Int {
        (0..<shards.count).reduce(0) { sum, i in sum + shards.withLock(i) { $0.count } }
    }
}
