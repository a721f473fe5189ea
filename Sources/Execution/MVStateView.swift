import Primitives
import State

/// The state one incarnation of transaction `tx` runs against: what the lower transactions of the
/// block wrote (multi-version memory), else the block's base state. Records every read by value
/// for validation. A `JournaledState` sits on top and caches, so each location is read here once.
///
/// Used by one worker thread at a time (the incarnation's); `@unchecked Sendable` only because
/// `StateReader` demands Sendable.
final class MVStateView: StateReader, @unchecked Sendable {
    let memory: MVMemory
    let base: any StateReader
    let codes: CodeStore
    // One thread at a time uses a view (see above), so its fields skip Swift's dynamic
    // exclusivity checks: a runtime call on every read of every incarnation.
    @exclusivity(unchecked) private(set) var tx: Int
    @exclusivity(unchecked) var reads: [MVRead] = []
    /// The lower transaction whose estimate this incarnation hit. From then on every read answers
    /// "absent" so the doomed execution ends quickly; its result is thrown away.
    @exclusivity(unchecked) var blockedOn: Int?

    init(memory: MVMemory, base: any StateReader, codes: CodeStore, tx: Int) {
        self.memory = memory; self.base = base; self.codes = codes; self.tx = tx
        reads.reserveCapacity(16)
    }

    /// Reuses this view for another incarnation.
    func reset(tx: Int) {
        self.tx = tx
        reads.removeAll(keepingCapacity: true)
        blockedOn = nil
    }

    func account(_ address: Address) -> Account? {
        guard let (value, baseCredit) = resolve(address) else { return nil }
        reads.append(MVRead(key: .account(address), observed: .account(value), baseCredit: baseCredit))
        return value
    }

    /// The account's code hash alone, recorded as such (see `MVObserved.codeHash`).
    func codeHash(of address: Address) -> Hash {
        guard let (account, baseCredit) = resolve(address) else { return Account.emptyCodeHash }
        let hash = account?.codeHash ?? Account.emptyCodeHash
        reads.append(MVRead(key: .account(address), observed: .codeHash(hash), baseCredit: baseCredit))
        return hash
    }

    /// The account below this transaction, with the credit sum when it came from the base state;
    /// nil (and `blockedOn` set) when a lower transaction's estimate stands in the way.
    private func resolve(_ address: Address) -> (Account?, baseCredit: UInt256?)? {
        if blockedOn != nil { return nil }
        switch memory.account(address, below: tx) {
        case .value(let a): return (a, nil)
        case .base(let credit): return (MVMemory.credited(base.account(address), credit), credit)
        case .blocked(let j):
            blockedOn = j
            return nil
        }
    }

    func storage(_ address: Address, _ key: UInt256) -> UInt256 {
        if blockedOn != nil { return .zero }
        switch memory.storage(address, key, below: tx) {
        case .value(let value):
            reads.append(MVRead(key: .storage(address, key), observed: .storage(value)))
            return value
        case .base:
            let value = base.storage(address, key)
            reads.append(MVRead(key: .storage(address, key), observed: .storage(value), baseCredit: .zero))
            return value
        case .blocked(let j):
            blockedOn = j
            return .zero
        }
    }

    func code(_ codeHash: Hash) -> [UInt8] {
        codes.code(codeHash) ?? base.code(codeHash)
    }

    func blockHash(_ number: UInt64) -> Hash? { base.blockHash(number) }

    /// Storage written in this block only exists on accounts with code or a nonce, which the
    /// collision check sees first; so what remains is the base's storage unless a lower
    /// transaction wiped it.
    func hasStorage(_ address: Address) -> Bool {
        if blockedOn != nil { return false }
        let wiped: Bool
        switch memory.reset(address, below: tx) {
        case .value: wiped = true
        case .base: wiped = false
        case .blocked(let j):
            blockedOn = j
            return false
        }
        reads.append(MVRead(key: .storageReset(address), observed: .reset(wiped)))
        return !wiped && base.hasStorage(address)
    }
}

extension MVMemory {
    /// Block-STM validation: true if every location `tx` read still resolves to what it saw
    /// (and no estimate lies below it).
    func validate(_ reads: UnsafeBufferPointer<MVRead>, tx: Int, base: any StateReader) -> Bool {
        for read in reads {
            switch read.key {
            case .account(let address):
                let resolved: Account?
                switch account(address, below: tx) {
                case .value(let a): resolved = a
                case .base(let credit):
                    if read.baseCredit == credit { continue }
                    // Still the base account: credits change its balance, never its code.
                    if case .codeHash = read.observed, read.baseCredit != nil { continue }
                    resolved = Self.credited(base.account(address), credit)
                case .blocked: return false
                }
                if case .codeHash(let hash) = read.observed {
                    if (resolved?.codeHash ?? Account.emptyCodeHash) != hash { return false }
                } else if read.observed != .account(resolved) {
                    return false
                }
            case .storage(let address, let slot):
                switch storage(address, slot, below: tx) {
                case .value(let v): if read.observed != .storage(v) { return false }
                case .base:
                    if read.baseCredit != nil { continue }
                    if read.observed != .storage(base.storage(address, slot)) { return false }
                case .blocked: return false
                }
            case .storageReset(let address):
                switch reset(address, below: tx) {
                case .value: if read.observed != .reset(true) { return false }
                case .base: if read.observed != .reset(false) { return false }
                case .blocked: return false
                }
            }
        }
        return true
    }
}
