import EVM
import Primitives
import State

/// The mutable state a block's transactions run against: a cache over a read-only `StateReader`
/// with a journal, so every nested call can be undone exactly (checkpoint / revert / commit), plus
/// the per-transaction sets of EIP-2929 (warm accounts and slots), EIP-1153 (transient storage),
/// EIP-161 (touched accounts) and EIP-6780 (created accounts).
///
/// Invariant: undoing the journal back to a checkpoint restores every field it recorded to the
/// value it had at that checkpoint; reads from `base` are not journaled (they change nothing).
public final class JournaledState: Host {
    struct CachedAccount {
        var account: Account?
        var code: Code?
        /// Current values of the slots read or written.
        var storage: [UInt256: UInt256] = [:]
        /// True once the account's storage was wiped (self-destruct, deletion, re-creation):
        /// slots not in `storage` then read as zero instead of from `base`.
        var storageCleared = false
    }

    struct SlotKey: Hashable {
        var address: Address
        var key: UInt256

        /// Warm-slot and transient-storage lookups hash this on every SLOAD/SSTORE: the words
        /// mixed into the table's seed (splitmix64 rounds) instead of SipHash over seven words.
        @inline(__always) func _rawHashValue(seed: Int) -> Int {
            slotKeyHashValue(seed: seed, address: address, slot: key)
        }
    }

    enum JournalEntry {
        case account(Address, Account?)
        case storage(Address, UInt256, UInt256?)
        case wipe(Address, [UInt256: UInt256], Bool, Code?)
        case code(Address, Code?)
        case transient(SlotKey, UInt256)
        case warmAccount(Address)
        case warmSlot(SlotKey)
        case touched(Address)
        case created(Address)
        case destroyed(Address)
    }

    // The mutable fields skip Swift's dynamic exclusivity checks (a runtime call per access on the
    // SLOAD/SSTORE path): they are only accessed from this class's own methods, never across an
    // inout access or closure that could overlap.
    public let base: any StateReader
    let codeCache: CodeCache
    @exclusivity(unchecked) var accounts: [Address: CachedAccount] = [:]
    @exclusivity(unchecked) var journal: [JournalEntry] = []
    /// The position `index(_:)` returned last. Reset whenever `accounts` gains or replaces an entry
    /// (an insertion may rehash and move every entry); nothing is ever removed from `accounts`.
    @exclusivity(unchecked) var lastIndex: (address: Address, index: [Address: CachedAccount].Index)?
    /// A slot known to be in `warmSlots` (SSTORE after SLOAD of the same slot skips the set
    /// lookup); cleared when a revert may cool it and at the start of a transaction.
    @exclusivity(unchecked) var lastWarmSlot: SlotKey?
    /// The position of the last account in `dirtySlots` (entries are only ever added, and only by
    /// `markDirty`, which refreshes this after adding).
    @exclusivity(unchecked) var lastDirty: (address: Address, index: [Address: Set<UInt256>].Index)?
    /// The last slot whose original value was looked up, with that value (originalValues entries
    /// never change within a transaction); cleared at the start of a transaction.
    @exclusivity(unchecked) var lastOriginal: (slot: SlotKey, value: UInt256)?
    /// Accounts and slots changed since the last `takeChanges` (what the world state must apply).
    @exclusivity(unchecked) var dirtyAccounts: Set<Address> = []
    @exclusivity(unchecked) var dirtySlots: [Address: Set<UInt256>] = [:]

    // Per-transaction sets.
    @exclusivity(unchecked) var warmAccounts: Set<Address> = []
    /// Low addresses warm for the whole transaction (the precompiles), apart from `warmAccounts`.
    @exclusivity(unchecked) var warmLowAddresses = LowAddressSet()
    @exclusivity(unchecked) var warmSlots: Set<SlotKey> = []
    @exclusivity(unchecked) var transient: [SlotKey: UInt256] = [:]
    @exclusivity(unchecked) var touched: Set<Address> = []
    @exclusivity(unchecked) var created: Set<Address> = []
    @exclusivity(unchecked) var destroyed: Set<Address> = []
    @exclusivity(unchecked) var originalValues: [SlotKey: UInt256] = [:]

    /// Block-STM: fee credits to accounts this transaction has not read are kept apart as
    /// commutative deltas instead of read-modify-writes, so the fee recipient does not make every
    /// transaction of a block depend on the one before.
    @exclusivity(unchecked) public var defersCredits = false
    @exclusivity(unchecked) public private(set) var deferredCredits: [Address: UInt256] = [:]

    public init(base: any StateReader, codeCache: CodeCache = CodeCache()) {
        self.base = base
        self.codeCache = codeCache
    }

    /// Forgets everything read and written, keeping the tables' capacity, so one instance can
    /// run transaction after transaction over a base whose answers changed (a Block-STM worker
    /// reuses one per thread instead of allocating and growing a dozen tables per transaction).
    public func reset() {
        // Only what the last transaction used: clearing an empty table still walks its buckets.
        if !accounts.isEmpty {
            keepSlotTables()
            accounts.removeAll(keepingCapacity: true)
        }
        if !dirtyAccounts.isEmpty { dirtyAccounts.removeAll(keepingCapacity: true) }
        if !dirtySlots.isEmpty {
            keepDirtySlotSets()
            dirtySlots.removeAll(keepingCapacity: true)
        }
        if !deferredCredits.isEmpty { deferredCredits.removeAll(keepingCapacity: true) }
        lastIndex = nil
        lastDirty = nil
        beginTransaction()
    }

    /// Emptied slot tables and dirty-slot sets of the accounts the last `reset` dropped, for the
    /// next transaction's accounts. A Block-STM worker starts every transaction with an empty
    /// cache, so each transaction grew a new table for the contract it called (two or three
    /// allocations and rehashes per table, and a hash-seed computation for each); the sequential
    /// executor never resets and never fills these.
    @exclusivity(unchecked) var spareSlotTables: [[UInt256: UInt256]] = []
    @exclusivity(unchecked) var spareSlotSets: [Set<UInt256>] = []
    /// Bigger tables (a transaction that touched thousands of slots) and more of them than a
    /// transaction usually needs are freed, not kept.
    static let spareCapacityLimit = 256, spareCountLimit = 32

    /// Moves the cached accounts' slot tables, emptied, to `spareSlotTables`.
    private func keepSlotTables() {
        // Walked by index, not `for … in accounts.indices` (which holds a copy of the table, so
        // each write below would copy it).
        var i = accounts.startIndex
        while i != accounts.endIndex {
            if Self.worthKeeping(capacity: accounts.values[i].storage.capacity, kept: spareSlotTables.count) {
                var table: [UInt256: UInt256] = [:]
                swap(&table, &accounts.values[i].storage)
                table.removeAll(keepingCapacity: true)
                spareSlotTables.append(table)
            }
            accounts.formIndex(after: &i)
        }
    }

    /// Moves the dirty-slot sets, emptied, to `spareSlotSets`.
    private func keepDirtySlotSets() {
        var i = dirtySlots.startIndex
        while i != dirtySlots.endIndex {
            if Self.worthKeeping(capacity: dirtySlots.values[i].capacity, kept: spareSlotSets.count) {
                var set: Set<UInt256> = []
                swap(&set, &dirtySlots.values[i])
                set.removeAll(keepingCapacity: true)
                spareSlotSets.append(set)
            }
            dirtySlots.formIndex(after: &i)
        }
    }

    @inline(__always) private static func worthKeeping(capacity: Int, kept: Int) -> Bool {
        capacity > 0 && capacity <= spareCapacityLimit && kept < spareCountLimit
    }

    /// Gives the account at cache position `i` a spare slot table if it has none yet.
    @inline(__always) func provideSlotTable(_ i: [Address: CachedAccount].Index) {
        if !spareSlotTables.isEmpty && accounts.values[i].storage.capacity == 0 {
            accounts.values[i].storage = spareSlotTables.removeLast()
        }
    }

    // MARK: Cache

    @inline(__always)
    func load(_ address: Address) -> CachedAccount {
        if let c = accounts[address] { return c }
        let c = CachedAccount(account: base.account(address))
        lastIndex = nil
        accounts[address] = c
        return c
    }

    /// The cache position of `address`, loading the account from `base` on first use. The storage
    /// paths mutate `accounts.values[index]` in place: holding a copy of a `CachedAccount` while
    /// writing its storage would make the dictionary non-unique and copy it on every write.
    ///
    /// The last position found is kept: SLOAD and SSTORE ask for the running contract's account
    /// again and again, and each dictionary lookup hashes the 20-byte address (~250 instructions).
    @inline(__always)
    func index(_ address: Address) -> [Address: CachedAccount].Index {
        if let last = lastIndex, last.address == address { return last.index }
        let i: [Address: CachedAccount].Index
        if let found = accounts.index(forKey: address) {
            i = found
        } else {
            accounts[address] = CachedAccount(account: base.account(address))
            i = accounts.index(forKey: address)!
        }
        lastIndex = (address, i)
        return i
    }

    /// A slot's current value at cache position `i`, cached on first read.
    @inline(__always)
    func slot(at i: [Address: CachedAccount].Index, _ address: Address, _ key: UInt256) -> UInt256 {
        provideSlotTable(i)
        return Self.cachedSlot(&accounts.values[i], key) { base.storage(address, key) }
    }

    /// Works on the cached account in place (an inout access, not a copy that retains its
    /// storage dictionary and code).
    @inline(__always)
    static func cachedSlot(_ c: inout CachedAccount, _ key: UInt256, _ read: () -> UInt256) -> UInt256 {
        if let v = c.storage[key] { return v }
        let v = c.storageCleared ? UInt256.zero : read()
        c.storage[key] = v
        return v
    }

    /// Writes a slot in place and returns its previous value (read from `base` on a miss), with one lookup.
    @inline(__always)
    static func exchangeSlot(_ c: inout CachedAccount, _ key: UInt256, _ value: UInt256, _ read: () -> UInt256) -> UInt256 {
        var old = UInt256.zero
        let cleared = c.storageCleared
        exchange(&c.storage[key, default: cleared ? .zero : read()], value, old: &old)
        return old
    }

    /// The account as it stands now (nil if absent).
    public func account(_ address: Address) -> Account? { load(address).account }

    func setAccount(_ address: Address, _ account: Account?) {
        let old = load(address).account
        journal.append(.account(address, old))
        accounts[address]!.account = account
        dirtyAccounts.insert(address)
    }

    func mutateAccount(_ address: Address, _ body: (inout Account) -> Void) {
        var a = load(address).account ?? Account()
        body(&a)
        setAccount(address, a)
    }

    // MARK: Transaction boundaries

    /// Starts a transaction: clears the per-transaction sets.
    public func beginTransaction() {
        // Clearing an empty table still walks its buckets; most of these are empty most of the time.
        if !warmAccounts.isEmpty { warmAccounts.removeAll(keepingCapacity: true) }
        warmLowAddresses = LowAddressSet()
        if !warmSlots.isEmpty { warmSlots.removeAll(keepingCapacity: true) }
        if !transient.isEmpty { transient.removeAll(keepingCapacity: true) }
        if !touched.isEmpty { touched.removeAll(keepingCapacity: true) }
        if !created.isEmpty { created.removeAll(keepingCapacity: true) }
        if !destroyed.isEmpty { destroyed.removeAll(keepingCapacity: true) }
        if !originalValues.isEmpty { originalValues.removeAll(keepingCapacity: true) }
        journal.removeAll(keepingCapacity: true)
        lastWarmSlot = nil
        lastOriginal = nil
    }

    /// Ends a transaction: removes self-destructed accounts and, from Spurious Dragon, touched
    /// accounts that are empty (EIP-161).
    public func finalizeTransaction(fork: Fork) {
        for address in destroyed { deleteAccount(address) }
        if fork >= .spuriousDragon {
            for address in touched {
                if let a = load(address).account, a.isEmpty { deleteAccount(address) }
            }
        }
        journal.removeAll(keepingCapacity: true)
    }

    func deleteAccount(_ address: Address) {
        let c = load(address)
        journal.append(.wipe(address, c.storage, c.storageCleared, c.code))
        journal.append(.account(address, c.account))
        lastIndex = nil
        accounts[address] = CachedAccount(account: nil, code: nil, storage: [:], storageCleared: true)
        dirtyAccounts.insert(address)
    }

    /// Everything this state changed relative to `base`, for the world state to apply. Call it
    /// once, at the end (a wiped account reports all its cached slots, since `base` no longer counts).
    public func changes() -> StateChanges {
        var changes = StateChanges()
        for address in dirtyAccounts.union(dirtySlots.keys) {
            let c = load(address)
            var change = StateChanges.AccountChange(account: c.account, storageCleared: c.storageCleared)
            if c.storageCleared {
                change.storage = c.storage
            } else if let slots = dirtySlots[address] {
                for key in slots { change.storage[key] = c.storage[key] ?? .zero }
            }
            if let code = c.code, let a = c.account, a.hasCode { change.code = code.bytes }
            changes.accounts[address] = change
        }
        return changes
    }

    /// True if `forEachChange` visits `address` (its fields or slots were written).
    func changed(_ address: Address) -> Bool {
        dirtyAccounts.contains(address) || dirtySlots[address] != nil
    }

    /// Walks what `changes()` would report without building it: per changed account its fields
    /// (nil: deleted), whether its storage was wiped, and its code, then its changed slots (all
    /// cached slots after a wipe). Block-STM calls this once per incarnation.
    /// Inlined into its caller, whose two closures then need no context of their own.
    @inline(__always)
    public func forEachChange(account: (Address, Account?, Bool, Code?) -> Void, slot: (Address, UInt256, UInt256) -> Void) {
        func visit(_ address: Address) {
            // In place (a changed account is cached): `load` copied the cached account out,
            // retaining and releasing its slot table and code.
            inPlace(&accounts.values[index(address)]) { c in
                account(address, c.account, c.storageCleared, c.code)
                if c.storageCleared {
                    for (key, value) in c.storage { slot(address, key, value) }
                } else if let slots = dirtySlots[address] {
                    for key in slots { slot(address, key, c.storage[key] ?? .zero) }
                }
            }
        }
        for address in dirtyAccounts { visit(address) }
        for address in dirtySlots.keys where !dirtyAccounts.contains(address) { visit(address) }
    }

    // MARK: Host: reads

    public func balance(_ address: Address) -> UInt256 { load(address).account?.balance ?? .zero }
    public func nonce(_ address: Address) -> UInt64 { load(address).account?.nonce ?? 0 }

    public func code(_ address: Address) -> Code {
        // In place: `load` and the `values[i]` getter copy the cached account out (its storage
        // table retained and released).
        let i = index(address)
        let (cached, account) = inPlace(&accounts.values[i]) { ($0.code, $0.account) }
        if let cached { return cached }
        guard let a = account, a.hasCode else { return .empty }
        let code = codeCache.code(hash: a.codeHash) { base.code(a.codeHash) }
        accounts.values[i].code = code
        return code
    }

    public func codeHash(_ address: Address) -> Hash {
        guard let a = load(address).account, !a.isEmpty else { return .zero }
        return a.codeHash
    }

    public func exists(_ address: Address) -> Bool { load(address).account != nil }

    public func isDead(_ address: Address) -> Bool {
        guard let a = load(address).account else { return true }
        return a.isEmpty
    }

    public func hasStorage(_ address: Address) -> Bool {
        let c = load(address)
        if c.storage.values.contains(where: { !$0.isZero }) { return true }
        return !c.storageCleared && base.hasStorage(address)
    }

    public func sload(_ address: Address, _ key: UInt256) -> UInt256 {
        slot(at: index(address), address, key)
    }

    public func originalStorage(_ address: Address, _ key: UInt256) -> UInt256 {
        if !created.isEmpty && created.contains(address) { return .zero }
        let slot = SlotKey(address: address, key: key)
        if let last = lastOriginal, last.slot == slot { return last.value }
        let v: UInt256
        if let known = originalValues[slot] {
            v = known
        } else {
            v = sload(address, key)
            originalValues[slot] = v
        }
        lastOriginal = (slot, v)
        return v
    }

    public func tload(_ address: Address, _ key: UInt256) -> UInt256 {
        transient[SlotKey(address: address, key: key)] ?? .zero
    }

    public func blockHash(_ number: UInt64) -> Hash? { base.blockHash(number) }

    // MARK: Host: access lists

    public func warmAccount(_ address: Address) -> Bool {
        if warmLowAddresses.contains(address) { return false }
        guard warmAccounts.insert(address).inserted else { return false }
        journal.append(.warmAccount(address))
        return true
    }

    public func warmSlot(_ address: Address, _ key: UInt256) -> Bool {
        let slot = SlotKey(address: address, key: key)
        if lastWarmSlot == slot { return false }
        lastWarmSlot = slot
        guard warmSlots.insert(slot).inserted else { return false }
        journal.append(.warmSlot(slot))
        return true
    }

    // MARK: Host: writes

    public func sstore(_ address: Address, _ key: UInt256, _ value: UInt256) {
        let i = index(address)
        provideSlotTable(i)
        let current = Self.exchangeSlot(&accounts.values[i], key, value) { base.storage(address, key) }
        // Records the original value on first write with one lookup (the default subscript's modify
        // inserts), unless originalStorage just looked this slot up (SSTORE asks it first).
        let slot = SlotKey(address: address, key: key)
        if lastOriginal?.slot != slot { Self.keep(&originalValues[slot, default: current]) }
        journal.append(.storage(address, key, current))
        markDirty(address, key)
    }

    @inline(__always) static func keep(_ value: inout UInt256) {}

    /// Records a written slot for `changes()`, reusing the last account's position in `dirtySlots`.
    @inline(__always) func markDirty(_ address: Address, _ key: UInt256) {
        if let last = lastDirty, last.address == address {
            dirtySlots.values[last.index].insert(key)
            return
        }
        dirtySlots[address, default: spareSlotSets.popLast() ?? []].insert(key)
        lastDirty = (address, dirtySlots.index(forKey: address)!)
    }

    @inline(__always) static func exchange(_ slot: inout UInt256, _ new: UInt256, old: inout UInt256) {
        old = slot
        slot = new
    }

    public func tstore(_ address: Address, _ key: UInt256, _ value: UInt256) {
        let slot = SlotKey(address: address, key: key)
        journal.append(.transient(slot, transient[slot] ?? .zero))
        transient[slot] = value
    }

    public func transfer(from: Address, to: Address, value: UInt256) -> Bool {
        guard balance(from) >= value else { return false }
        mutateAccount(from) { $0.balance = $0.balance &- value }
        mutateAccount(to) { $0.balance = $0.balance &+ value }
        touch(from)
        touch(to)
        return true
    }

    public func addBalance(_ address: Address, _ value: UInt256) {
        mutateAccount(address) { $0.balance = $0.balance &+ value }
        touch(address)
    }

    /// Block-STM's view, when this state runs on one: lets a plain value transfer look at its
    /// recipient's code hash alone.
    @exclusivity(unchecked) var multiVersionView: MVStateView?

    /// A top-level value transfer to an account this transaction has not loaded: if the account
    /// has no code, moves the value with the recipient's credit deferred as a delta (Block-STM), so
    /// transfers to a popular recipient do not depend on each other. Returns false (nothing done)
    /// when that does not apply; the caller then runs the call as usual.
    func transferDeferringCredit(from: Address, to: Address, value: UInt256) -> Bool {
        guard defersCredits, !value.isZero, let view = multiVersionView, accounts[to] == nil, from != to else { return false }
        guard view.codeHash(of: to) == Account.emptyCodeHash, balance(from) >= value else { return false }
        mutateAccount(from) { $0.balance = $0.balance &- value }
        touch(from)
        deferredCredits[to, default: .zero] = deferredCredits[to, default: .zero] &+ value
        return true
    }

    /// Pays a transaction's fee to the fee recipient at the very end of the transaction (no revert
    /// can follow). Deferred as a delta when allowed, the amount is non-zero (so the account ends up
    /// non-empty, and EIP-161 has nothing to delete) and the transaction has not loaded the account.
    public func creditFee(_ address: Address, _ value: UInt256) {
        if defersCredits && !value.isZero && accounts[address] == nil {
            deferredCredits[address, default: .zero] = deferredCredits[address, default: .zero] &+ value
            return
        }
        addBalance(address, value)
    }

    /// Subtracts from a balance (fee purchase); the caller checked it suffices.
    public func subtractBalance(_ address: Address, _ value: UInt256) {
        mutateAccount(address) { $0.balance = $0.balance &- value }
        touch(address)
    }

    public func setNonce(_ address: Address, _ nonce: UInt64) {
        mutateAccount(address) { $0.nonce = nonce }
    }

    public func setCode(_ address: Address, _ bytes: [UInt8]) {
        let code = bytes.isEmpty ? Code.empty : Code(bytes)
        journal.append(.code(address, load(address).code))
        accounts[address]!.code = code
        mutateAccount(address) { $0.codeHash = code.hash }
    }

    public func createAccount(_ address: Address, nonce: UInt64) {
        let c = load(address)
        journal.append(.wipe(address, c.storage, c.storageCleared, c.code))
        accounts[address]!.storage = [:]
        accounts[address]!.storageCleared = true
        accounts[address]!.code = nil
        let balance = c.account?.balance ?? .zero
        setAccount(address, Account(nonce: nonce, balance: balance, codeHash: Account.emptyCodeHash))
        if created.insert(address).inserted { journal.append(.created(address)) }
    }

    public func selfDestruct(_ address: Address, beneficiary: Address, destroy: Bool) {
        let amount = balance(address)
        if destroy {
            if beneficiary != address { addBalance(beneficiary, amount) }
            mutateAccount(address) { $0.balance = .zero }
            if destroyed.insert(address).inserted { journal.append(.destroyed(address)) }
        } else if beneficiary != address {
            _ = transfer(from: address, to: beneficiary, value: amount)
        }
    }

    public func isScheduledForDestruction(_ address: Address) -> Bool { destroyed.contains(address) }

    public func createdInTransaction(_ address: Address) -> Bool { created.contains(address) }

    public func touch(_ address: Address) {
        if load(address).account == nil { setAccount(address, Account()) }
        if touched.insert(address).inserted { journal.append(.touched(address)) }
    }

    public func markTouched(_ address: Address) {
        if load(address).account != nil { touched.insert(address) }
    }

    /// Warms an address without journaling (transaction start: sender, recipient, precompiles, access list).
    public func prewarm(_ address: Address) { warmAccounts.insert(address) }

    /// Warms these low addresses for the rest of the transaction (not journaled: a transaction
    /// starts with them warm, before any checkpoint).
    public func prewarm(lowAddresses: LowAddressSet) { warmLowAddresses = lowAddresses }

    /// Warms a slot without journaling.
    public func prewarm(_ address: Address, _ key: UInt256) { warmSlots.insert(SlotKey(address: address, key: key)) }

    // MARK: Host: checkpoints

    public func checkpoint() -> Int { journal.count }

    public func commit(_ checkpoint: Int) {}

    public func revert(to checkpoint: Int) {
        lastWarmSlot = nil  // the slot may be cooled below
        while journal.count > checkpoint {
            switch journal.removeLast() {
            case .account(let a, let old): accounts[a]!.account = old
            case .storage(let a, let key, let old): accounts[a]!.storage[key] = old
            case .wipe(let a, let storage, let cleared, let code):
                accounts[a]!.storage = storage
                accounts[a]!.storageCleared = cleared
                accounts[a]!.code = code
            case .code(let a, let old): accounts[a]!.code = old
            case .transient(let slot, let old): transient[slot] = old
            case .warmAccount(let a): warmAccounts.remove(a)
            case .warmSlot(let s): warmSlots.remove(s)
            case .touched(let a): touched.remove(a)
            case .created(let a): created.remove(a)
            case .destroyed(let a): destroyed.remove(a)
            }
        }
    }
}
