import Ethereum
import Primitives
import Trie

/// The committed world state held in memory: accounts, their storage and code, with an
/// incrementally maintained state root.
///
/// A value type built from copy-on-write dictionaries and tries, so a snapshot is a copy and
/// readers on other threads see an immutable value. The account trie and each storage trie are
/// updated only for what `apply` touched; `stateRoot` rehashes only those paths.
public struct WorldState: StateReader, Sendable {
    struct Record: Sendable {
        var account: Account
        var storage = StorageTable()
        var storageTrie = SecureTrie()
        /// Keccak-256 of the address: the account's path in the state trie, hashed once per
        /// account instead of once per block that touches it.
        let hashedAddress: Hash

        init(address: Address, account: Account) {
            self.account = account
            self.hashedAddress = Keccak256.hash(address.bytes)
        }
    }

    var records = RecordTable()
    var codes: [Hash: [UInt8]] = [Account.emptyCodeHash: []]
    var accountTrie = SecureTrie()
    /// Accounts whose trie leaf must be rewritten before the next root.
    var dirty: Set<Address> = []
    /// Recent block hashes by number (for BLOCKHASH), filled by the chain.
    public var blockHashes: [UInt64: Hash] = [:]
    /// The account whose storage trie is kept elsewhere for now (see `detachStorageTrie`).
    var detachedStorage: DetachedStorage? = nil

    public init() {}

    public func account(_ address: Address) -> Account? { records.read(address) { $0.account } }
    public func storage(_ address: Address, _ key: UInt256) -> UInt256 { records.read(address) { $0.storage[key] ?? .zero } ?? .zero }
    public func code(_ codeHash: Hash) -> [UInt8] { codes[codeHash] ?? [] }
    public func blockHash(_ number: UInt64) -> Hash? { blockHashes[number] }
    public func hasStorage(_ address: Address) -> Bool { records.read(address) { !$0.storage.isEmpty } ?? false }

    /// Every account address (unordered).
    public var addresses: [Address] { records.keys }

    /// The storage of an account (unordered).
    public func storageEntries(_ address: Address) -> [UInt256: UInt256] { records[address]?.storage.entries ?? [:] }

    /// Sets an account wholesale (genesis allocation, state tests, dev controls).
    public mutating func setAccount(_ address: Address, nonce: UInt64, balance: UInt256, code: [UInt8], storage: [UInt256: UInt256]) {
        var change = StateChanges.AccountChange(account: Account(nonce: nonce, balance: balance, codeHash: Keccak256.hash(code)),
                                                storageCleared: true, storage: storage, code: code)
        if code.isEmpty { change.code = nil }
        var changes = StateChanges()
        changes.accounts[address] = change
        apply(changes)
    }

    /// Applies executed changes.
    public mutating func apply(_ changes: StateChanges) {
        for (address, change) in changes.accounts {
            dirty.insert(address)
            guard let account = change.account else {
                records[address] = nil
                continue
            }
            if let code = change.code { codes[account.codeHash] = code }
            // Mutate the record in place (the dictionary's modify accessor) so its storage
            // dictionary and trie stay uniquely referenced and are not copied.
            Self.update(&records[address, default: Record(address: address, account: account)], with: change, account: account,
                        trieDetached: detachedStorage?.address == address)
        }
    }

    private static func update(_ record: inout Record, with change: StateChanges.AccountChange, account: Account, trieDetached: Bool) {
        if change.storageCleared {
            record.storage = StorageTable()
            record.storageTrie = SecureTrie()
        }
        record.account = account
        for (key, value) in change.storage {
            record.storage[key] = value.isZero ? nil : value
            if !trieDetached { record.storageTrie.applyStorageWrite(slot: key, value: value) }
        }
    }

    /// The state root: the secure trie of rlp([nonce, balance, storageRoot, codeHash]) by address.
    public mutating func stateRoot() -> Hash {
        for address in dirty {
            guard let (account, hashedAddress) = records.read(address, { ($0.account, $0.hashedAddress) }) else {
                accountTrie.remove(address.bytes)
                continue
            }
            let storageRoot = detachedStorage?.address == address
                ? detachedStorage!.root
                : records[address]!.storageTrie.rootHash  // in place: keeps cached node hashes
            var w = RLPWriter(reservingCapacity: 112)  // an account's leaf value: at most 3 + 9 + 33 + 33 + 33 bytes
            w.appendList { w in
                w.append(account.nonce)
                w.append(account.balance)
                w.append(storageRoot)
                w.append(account.codeHash)
            }
            accountTrie.update(hashedKey: hashedAddress, value: w.bytes)
        }
        // Keeping the capacity is only worth it while it is small: removeAll(keepingCapacity:)
        // clears every bucket, and one genesis with 100,000 accounts would make every later
        // root pay for 131,072 of them.
        if dirty.capacity > 1_024 { dirty = [] } else { dirty.removeAll(keepingCapacity: true) }
        return accountTrie.rootHash
    }

    /// The storage root of one account (empty-trie root when it has none).
    public mutating func storageRoot(_ address: Address) -> Hash {
        guard records.contains(address) else { return Trie.emptyRoot }
        if let detached = detachedStorage, detached.address == address { return detached.root }
        return records[address]!.storageTrie.rootHash
    }
}
