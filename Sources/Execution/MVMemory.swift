import Primitives
import State
import Synchronization

/// A location of state that Block-STM versions: an account's fields, one storage slot, or the
/// "storage wiped" marker of an account (self-destruct, deletion, re-creation).
///
/// Code is not a location of its own: it is fixed by the account's code hash, and the bytes of
/// new code live in `CodeStore` keyed by that hash (content never changes for a hash).
package enum MVKey: Hashable, Sendable {
    case account(Address)
    case storage(Address, UInt256)
    case storageReset(Address)

    /// The key's words folded into one (equality still compares every field).
    @inline(__always) var foldedWord: UInt64 {
        switch self {
        case .account(let a): return a.foldedWord
        case .storageReset(let a): return ~a.foldedWord
        case .storage(let a, let k): return a.foldedWord ^ k.foldedWord
        }
    }

    /// One combine of the folded word instead of one per field (the synthesized hash feeds the
    /// discriminator and up to seven words): lookups are the multi-version memory's main cost.
    @inline(__always) package func hash(into hasher: inout Hasher) { hasher.combine(foldedWord) }

    /// What Dictionary and Set call: the folded word mixed with the table's seed by one
    /// splitmix64 round instead of SipHash (see Primitives' WordHashing.swift).
    @inline(__always) package func _rawHashValue(seed: Int) -> Int {
        Int(bitPattern: UInt(mixWord(foldedWord ^ UInt64(bitPattern: Int64(seed)))))
    }

    /// A cheap shard index from bits that differ between keys (addresses and hashed slots are
    /// uniformly distributed), so the shard choice does not hash the key twice.
    @inline(__always) var shardBits: Int {
        switch self {
        case .account(let a), .storageReset(let a): return Int(truncatingIfNeeded: a.lo ^ UInt32(truncatingIfNeeded: a.hi))
        case .storage(let a, let k): return Int(truncatingIfNeeded: a.lo ^ UInt32(truncatingIfNeeded: k.w0 ^ (k.w0 >> 32) ^ k.w1))
        }
    }
}

/// What one transaction wrote to a location.
package enum MVValue: Equatable, Sendable {
    /// The account's full value (nil: deleted).
    case account(Account?)
    /// A commutative balance credit (fee-recipient payments): the account becomes whatever lower
    /// transactions left, plus this amount, without this transaction having read it.
    case credit(UInt256)
    case storage(UInt256)
    case reset
}

/// One transaction's write of a location, written by its latest incarnation. `estimate` marks a
/// write of an aborted incarnation that will probably be written again: readers wait for it.
package struct MVVersion: Sendable {
    package var tx: Int32
    package var estimate: Bool
    package var value: MVValue

    package init(tx: Int32, estimate: Bool, value: MVValue) { self.tx = tx; self.estimate = estimate; self.value = value }
}

/// The versions of one location in ascending transaction order. The newest version is held inline:
/// most locations are written by one transaction of the block (no array allocated for them), and
/// most reads of a location written by many (a pool's reserves) want its newest version, which is
/// then answered from the table entry itself, without touching the array of older ones.
package struct MVVersionList: Sendable {
    private var newest: MVVersion
    /// The versions below `newest`, ascending; nil until there is a second version.
    private var older: [MVVersion]?
    /// `older`'s count, kept inline so that a read of the newest version never touches the array.
    private var olderCount: Int32 = 0

    package init(_ first: MVVersion) { newest = first }

    package var count: Int { Int(olderCount) + 1 }

    package subscript(i: Int) -> MVVersion {
        get { i == Int(olderCount) ? newest : older![i] }
        set { if i == Int(olderCount) { newest = newValue } else { older![i] = newValue } }
    }

    /// Adds or replaces the version of `v.tx`. Executions run roughly in block order, so the
    /// position is almost always at the end.
    package mutating func insert(_ v: MVVersion) {
        if v.tx == newest.tx { newest = v; return }
        if v.tx > newest.tx {
            if older == nil { older = [newest] } else { older!.append(newest) }
            olderCount += 1
            newest = v
            return
        }
        var i = older?.count ?? 0
        while i > 0 && older![i - 1].tx > v.tx { i -= 1 }
        if i > 0 && older![i - 1].tx == v.tx {
            older![i - 1] = v
        } else {
            if older == nil { older = [v] } else { older!.insert(v, at: i) }
            olderCount += 1
        }
    }

    /// Removes the version of `tx`; returns false when none is left.
    package mutating func remove(tx: Int32) -> Bool {
        if newest.tx == tx {
            guard olderCount > 0 else { return false }
            newest = older!.removeLast()
            olderCount -= 1
            return true
        }
        if olderCount > 0, let i = older!.firstIndex(where: { $0.tx == tx }) {
            older!.remove(at: i)
            olderCount -= 1
        }
        return true
    }

    mutating func markEstimate(tx: Int32) {
        if newest.tx == tx { newest.estimate = true; return }
        if olderCount > 0, let i = older!.lastIndex(where: { $0.tx == tx }) { older![i].estimate = true }
    }
}

/// What a transaction read, by value: validation re-reads the location and compares.
enum MVObserved: Equatable, Sendable {
    case account(Account?)
    /// Only the account's code hash (empty-code hash when absent): a plain value transfer checks
    /// that its recipient has no code and credits it as a delta, so other credits and balance
    /// changes of the recipient do not conflict with it.
    case codeHash(Hash)
    case storage(UInt256)
    /// Whether a lower transaction wiped the account's storage (EIP-7610 collision checks).
    case reset(Bool)
}

struct MVRead: Sendable {
    var key: MVKey
    var observed: MVObserved
    /// Set when no lower transaction had written the location: the value came from the block's
    /// base state (plus this credit sum, for accounts). Validation then needs no base lookup
    /// while the location still resolves to the base with the same credit.
    var baseCredit: UInt256? = nil
}

struct MVWrite: Sendable {
    var key: MVKey
    var value: MVValue
}

/// The outcome of resolving a location for a transaction.
enum MVResolution<T> {
    case value(T)
    /// No lower transaction wrote it: read the parent state (and, for accounts, add `credit`).
    case base(credit: UInt256)
    /// A lower transaction's write is an estimate: wait for that transaction.
    case blocked(Int)

    var isBlocked: Bool {
        if case .blocked = self { return true }
        return false
    }
}

/// Block-STM's multi-version data structure: for every location, the writes of each transaction
/// of the block, so a transaction reads exactly what the highest lower transaction wrote.
///
/// Sharded by key behind mutexes; critical sections are one dictionary lookup plus a short scan.
final class MVMemory: Sendable {
    /// A power of two: 256 for big blocks, fewer for small ones (allocating the shards is a fixed
    /// cost per block that small blocks feel).
    let shardMask: Int
    let shards: PaddedMutexes<MVLocationTable>
    let slotHints: MVSlotHints
    /// Storage wipes published so far. Wipes are rare (self-destruct, re-creation, EIP-161
    /// deletion), so while there is none a slot read skips the wipe lookup. Safe: a wipe published
    /// later by a lower transaction changes what validation reads, and validation looks again.
    let resetsPublished = Atomic<Int>(0)
    /// Which locations have versions at all: reads of the others skip the shards.
    let written: WrittenLocationFilter
    /// The block's fee recipient, whose credits live in `feeCredits` instead of the tables.
    let feeRecipient: Address?
    let feeCredits: FeeCreditLists

    /// `expectedLocations`: about how many locations the block writes (tables sized once, not
    /// regrown); `workers`: how many threads publish (one fee-credit list each).
    init(expectedLocations: Int = 0, feeRecipient: Address? = nil, workers: Int = 1) {
        self.feeRecipient = feeRecipient
        feeCredits = FeeCreditLists(workers: workers, expectedPerWorker: feeRecipient == nil ? 0 : expectedLocations / 4 / max(1, workers) + 8)
        written = WrittenLocationFilter(expectedLocations: expectedLocations)
        var count = 8
        while count < 256 && count * 16 < expectedLocations { count *= 2 }
        let perShard = expectedLocations / count + 8
        shardMask = count - 1
        shards = PaddedMutexes(count: count) { _ in MVLocationTable(expected: perShard) }
        slotHints = MVSlotHints(count: count)
    }

    /// Runs `body` on the versions of `key` in place (a copy of the list would retain its array
    /// of older versions, an atomic update of a count that every worker reading the location
    /// touches), or returns nil.
    @inline(__always) func readVersions<R>(_ key: MVKey, _ body: (inout MVVersionList) -> R) -> R? {
        guard written.mayContain(key) else { return nil }
        return shards.withLock(shardIndex(key)) { table -> R? in
            guard let list = table.versions(of: key) else { return nil }
            return body(&list.pointee)
        }
    }

    @inline(__always) func shardIndex(_ key: MVKey) -> Int { key.shardBits & shardMask }

    /// The position of the highest version below `tx` in an ascending list, or -1.
    @inline(__always) static func below(_ list: borrowing MVVersionList, _ tx: Int) -> Int {
        let last = list.count - 1
        // Executions run roughly in block order, so the newest version is usually the one (and
        // the list's other entries, a cache miss each, need not be looked at); a validation
        // reads below its own transaction, whose fresh version is usually the newest.
        if Int(list[last].tx) < tx { return last }
        if last == 0 { return -1 }
        if Int(list[last - 1].tx) < tx { return last - 1 }
        if last > 16 {
            // Long lists (the fee recipient's credits): binary search for the last version < tx.
            var lo = 0, hi = last
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(list[mid].tx) < tx { lo = mid + 1 } else { hi = mid }
            }
            return lo - 1
        }
        var i = last - 1
        while i >= 0 && Int(list[i].tx) >= tx { i -= 1 }
        return i
    }

    /// An account as the transactions below `tx` left it: the highest full write plus every
    /// credit above it.
    func account(_ address: Address, below tx: Int) -> MVResolution<Account?> {
        var floor = -1
        let resolved = readVersions(.account(address)) { list in Self.resolveAccount(list, below: tx, floor: &floor) } ?? .base(credit: .zero)
        guard address == feeRecipient, !resolved.isBlocked else { return resolved }
        // The fee recipient's credits are not in its list (see `feeCredits`): those above its
        // highest full write below `tx` are added here.
        let (credit, blocker) = feeCredits.sum(above: floor, below: tx)
        if let blocker { return .blocked(blocker) }
        switch resolved {
        case .value(let a): return .value(Self.credited(a, credit))
        case .base(let c): return .base(credit: c &+ credit)
        case .blocked: return resolved
        }
    }

    /// `account(_:below:)` on a version list; `floor` is set to the transaction of the full write
    /// the value starts from.
    @inline(__always) static func resolveAccount(_ list: borrowing MVVersionList, below tx: Int, floor: inout Int) -> MVResolution<Account?> {
        var i = below(list, tx)
        var credit = UInt256.zero
        while i >= 0 {
            let v = list[i]
            if v.estimate { return .blocked(Int(v.tx)) }
            switch v.value {
            case .account(let a):
                floor = Int(v.tx)
                return .value(credited(a, credit))
            case .credit(let c): credit = credit &+ c
            default: break
            }
            i -= 1
        }
        return .base(credit: credit)
    }

    static func credited(_ account: Account?, _ credit: UInt256) -> Account? {
        if credit.isZero { return account }
        var a = account ?? Account()
        a.balance = a.balance &+ credit
        return a
    }

    /// A storage slot below `tx`: the highest write of the slot unless a higher lower transaction
    /// wiped the account's storage since (then zero).
    func storage(_ address: Address, _ slot: UInt256, below tx: Int) -> MVResolution<UInt256> {
        let key = MVKey.storage(address, slot)
        var slotWriter = -1
        var value = UInt256.zero
        let found: MVResolution<UInt256>?? = readVersions(key) { list -> MVResolution<UInt256>? in
            let i = Self.below(list, tx)
            guard i >= 0 else { return nil }
            let v = list[i]
            if v.estimate { return .blocked(Int(v.tx)) }
            slotWriter = Int(v.tx)
            if case .storage(let s) = v.value { value = s }
            return nil
        }
        if let found = found ?? nil { return found }
        if resetsPublished.load(ordering: .acquiring) == 0 {
            return slotWriter >= 0 ? .value(value) : .base(credit: .zero)
        }
        switch reset(address, below: tx) {
        case .blocked(let j): return .blocked(j)
        case .value(let resetter):
            if resetter > slotWriter { return .value(.zero) }
            return .value(value)
        case .base:
            return slotWriter >= 0 ? .value(value) : .base(credit: .zero)
        }
    }

    /// The highest lower transaction that wiped the account's storage.
    func reset(_ address: Address, below tx: Int) -> MVResolution<Int> {
        readVersions(.storageReset(address)) { list -> MVResolution<Int> in
            let i = Self.below(list, tx)
            guard i >= 0 else { return .base(credit: .zero) }
            if list[i].estimate { return .blocked(Int(list[i].tx)) }
            return .value(Int(list[i].tx))
        } ?? .base(credit: .zero)
    }

    /// Publishes the writes of `tx`'s new incarnation, removing its earlier writes to locations it
    /// no longer writes. Returns true if it wrote a location its previous incarnation did not
    /// (then higher transactions validated before may have missed it and must be revalidated).
    func record(tx: Int, writes: [MVWrite], previous: [MVWrite], worker: Int) -> Bool {
        let t = Int32(tx)
        var wroteNew = false
        for w in writes {
            if case .storageReset = w.key { resetsPublished.add(1, ordering: .releasing) }
            let isNew = !previous.contains(where: { sameLocation($0, w) })
            if isNew { wroteNew = true }
            if isFeeCredit(w), case .credit(let credit) = w.value {
                feeCredits.publish(tx: t, credit: credit, worker: worker, hadCredit: !isNew)
                continue
            }
            let version = MVVersion(tx: t, estimate: false, value: w.value)
            written.insert(w.key)  // before the version: see WrittenLocationFilter
            let shard = shardIndex(w.key)
            shards.withLock(shard) { table in
                if table.insert(version, at: w.key) { slotHints.publish(shard, table.slotsHint) }
            }
        }
        for p in previous where !writes.contains(where: { sameLocation($0, p) }) {
            if isFeeCredit(p) {
                feeCredits.remove(tx: t)
                continue
            }
            shards.withLock(shardIndex(p.key)) { table in
                if let list = table.versions(of: p.key), !list.pointee.remove(tx: t) { table.remove(p.key) }
            }
        }
        return wroteNew
    }

    /// Starts bringing in the table slots that `record` will write `writes` to (see `MVSlotHints`).
    func prefetch(_ writes: [MVWrite]) {
        for w in writes where !isFeeCredit(w) { slotHints.prefetch(w.key, shard: shardIndex(w.key)) }
    }

    /// Marks an aborted incarnation's writes as estimates (Block-STM: they will likely be written
    /// again, so readers should wait rather than read a value that is about to change).
    func markEstimates(tx: Int, writes: [MVWrite]) {
        let t = Int32(tx)
        for w in writes {
            if isFeeCredit(w) {
                feeCredits.markEstimate(tx: t)
                continue
            }
            shards.withLock(shardIndex(w.key)) { table in table.versions(of: w.key)?.pointee.markEstimate(tx: t) }
        }
    }

    /// A credit to the fee recipient: kept in `feeCredits`, a location of its own (the recipient's
    /// full writes stay in the tables).
    @inline(__always) func isFeeCredit(_ w: MVWrite) -> Bool {
        if case .credit = w.value, case .account(let address) = w.key { return address == feeRecipient }
        return false
    }

    @inline(__always) func sameLocation(_ a: MVWrite, _ b: MVWrite) -> Bool {
        a.key == b.key && isFeeCredit(a) == isFeeCredit(b)
    }
}

/// The bytes of code deployed by the block's transactions, by hash (the parent's code is read from
/// the parent state). An entry is never changed once added, so stale entries are harmless.
final class CodeStore: Sendable {
    private let codes = Mutex<[Hash: [UInt8]]>([:])

    func add(_ hash: Hash, _ bytes: [UInt8]) { codes.withLock { $0[hash] = bytes } }
    func code(_ hash: Hash) -> [UInt8]? { codes.withLock { $0[hash] } }
}
