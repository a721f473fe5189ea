import Primitives

/// An account's consensus fields, without its storage (which lives beside it, keyed by slot).
public struct Account: Hashable, Sendable {
    /// keccak256 of empty code.
    public static let emptyCodeHash = Keccak256.hash([UInt8]())

    public var nonce: UInt64
    public var balance: UInt256
    public var codeHash: Hash

    public init(nonce: UInt64 = 0, balance: UInt256 = .zero, codeHash: Hash = Account.emptyCodeHash) {
        self.nonce = nonce; self.balance = balance; self.codeHash = codeHash
    }

    /// EIP-161 emptiness: no nonce, no balance, no code.
    @inlinable public var isEmpty: Bool { nonce == 0 && balance.isZero && codeHash == Account.emptyCodeHash }

    /// True when the account has code.
    @inlinable public var hasCode: Bool { codeHash != Account.emptyCodeHash }
}

/// The read side of world state, shared by executor threads (it never mutates).
public protocol StateReader: Sendable {
    /// The account at `address`, or nil if it does not exist.
    func account(_ address: Address) -> Account?
    /// A storage slot's value (zero when unset).
    func storage(_ address: Address, _ key: UInt256) -> UInt256
    /// Code by hash (empty for the empty-code hash or unknown hashes).
    func code(_ codeHash: Hash) -> [UInt8]
    /// The hash of a recent block by number (BLOCKHASH), if known.
    func blockHash(_ number: UInt64) -> Hash?
    /// True if the account has any non-zero storage slot (EIP-7610 create collisions).
    func hasStorage(_ address: Address) -> Bool
}

extension StateReader {
    public func blockHash(_ number: UInt64) -> Hash? { nil }
}

/// What executing transactions changed: per account the new fields (nil = deleted), the storage
/// slots written, whether storage was wiped first (self-destruct or re-creation), and new code.
public struct StateChanges: Sendable {
    public struct AccountChange: Sendable {
        public var account: Account?
        public var storageCleared: Bool
        public var storage: [UInt256: UInt256]
        public var code: [UInt8]?

        public init(account: Account?, storageCleared: Bool = false, storage: [UInt256: UInt256] = [:], code: [UInt8]? = nil) {
            self.account = account; self.storageCleared = storageCleared; self.storage = storage; self.code = code
        }
    }

    public var accounts: [Address: AccountChange] = [:]

    public init() {}

    /// Folds `later` on top of these changes (later writes win, a later wipe drops earlier slots).
    public mutating func merge(_ later: StateChanges) {
        for (address, change) in later.accounts {
            if change.storageCleared || accounts[address] == nil {
                accounts[address] = change
                continue
            }
            // In place (the dictionary's modify accessor): a copy out and back would copy the
            // account's whole storage dictionary on every merge, quadratic over a run of blocks.
            Self.fold(change, into: &accounts[address]!)
        }
    }

    private static func fold(_ later: AccountChange, into current: inout AccountChange) {
        current.account = later.account
        for (k, v) in later.storage { current.storage[k] = v }
        if let code = later.code { current.code = code }
    }
}
