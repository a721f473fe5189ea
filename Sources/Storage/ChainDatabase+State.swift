import Ethereum
import Primitives
import State

/// The persisted head state and its undo log.
///
/// Committing block N applies its `StateChanges` to the `accounts`, `storage` and `code` tables
/// and, before each overwrite, records the value being replaced in `undo_accounts` /
/// `undo_storage` under block N. Only the first record per key and block is kept (INSERT OR
/// IGNORE), so a record always holds the value as of the end of block N-1. Rewinding block N puts
/// those values back (absent markers become deletes); rewinding to M undoes N, N-1 … M+1 in turn.
/// The table semantics mirror `WorldState.apply`: a deleted account loses its storage, a wiped
/// account (`storageCleared`) loses its slots before the new ones are written, a zero value
/// deletes a slot.
extension ChainDatabase {
    static func applyState(_ changes: StateChanges, block number: UInt64, _ c: SQLiteConnection) throws(StorageError) {
        let readAccount = try c.statement("SELECT nonce, balance, code_hash FROM accounts WHERE address = ?1")
        let recordAccount = try c.statement("""
            INSERT OR IGNORE INTO undo_accounts(block_number, address, nonce, balance, code_hash) VALUES (?1, ?2, ?3, ?4, ?5)
            """)
        let recordAllSlots = try c.statement("""
            INSERT OR IGNORE INTO undo_storage(block_number, address, slot, value)
            SELECT ?1, address, slot, value FROM storage WHERE address = ?2
            """)
        let wipeStorage = try c.statement("DELETE FROM storage WHERE address = ?1")
        let deleteAccount = try c.statement("DELETE FROM accounts WHERE address = ?1")
        let writeAccount = try c.statement("INSERT OR REPLACE INTO accounts(address, nonce, balance, code_hash) VALUES (?1, ?2, ?3, ?4)")
        let writeCode = try c.statement("INSERT OR IGNORE INTO code(hash, code) VALUES (?1, ?2)")
        let recordSlot = try c.statement("""
            INSERT OR IGNORE INTO undo_storage(block_number, address, slot, value)
            VALUES (?1, ?2, ?3, (SELECT value FROM storage WHERE address = ?2 AND slot = ?3))
            """)
        let deleteSlot = try c.statement("DELETE FROM storage WHERE address = ?1 AND slot = ?2")
        let writeSlot = try c.statement("INSERT OR REPLACE INTO storage(address, slot, value) VALUES (?1, ?2, ?3)")

        for (address, change) in changes.accounts {
            // The account as of the previous block, for the undo record.
            readAccount.bind(1, address)
            let previous: (nonce: UInt64, balance: UInt256, codeHash: Hash)?
            do {
                defer { readAccount.reset() }
                previous = try readAccount.step() ? (readAccount.uint64(0), try readAccount.word(1), try readAccount.hash(2)) : nil
            }
            try recordAccount.run { s in
                s.bind(1, number)
                s.bind(2, address)
                s.bind(3, previous?.nonce)
                s.bind(4, previous?.balance)
                s.bind(5, previous?.codeHash)
            }
            if change.account == nil || change.storageCleared {
                try recordAllSlots.run { s in s.bind(1, number); s.bind(2, address) }
                try wipeStorage.run { s in s.bind(1, address) }
            }
            guard let account = change.account else {
                try deleteAccount.run { s in s.bind(1, address) }
                continue
            }
            try writeAccount.run { s in
                s.bind(1, address)
                s.bind(2, account.nonce)
                s.bind(3, account.balance)
                s.bind(4, account.codeHash)
            }
            if let code = change.code {
                try writeCode.run { s in s.bind(1, account.codeHash); s.bind(2, code) }
            }
            for (slot, value) in change.storage {
                try recordSlot.run { s in s.bind(1, number); s.bind(2, address); s.bind(3, slot) }
                if value.isZero {
                    try deleteSlot.run { s in s.bind(1, address); s.bind(2, slot) }
                } else {
                    try writeSlot.run { s in s.bind(1, address); s.bind(2, slot); s.bind(3, value) }
                }
            }
        }
    }

    /// Restores the state tables to the end of block `number - 1` from block `number`'s undo records.
    static func undoState(ofBlock number: UInt64, _ c: SQLiteConnection) throws(StorageError) {
        let steps = [
            "DELETE FROM accounts WHERE address IN (SELECT address FROM undo_accounts WHERE block_number = ?1 AND nonce IS NULL)",
            """
            INSERT OR REPLACE INTO accounts(address, nonce, balance, code_hash)
            SELECT address, nonce, balance, code_hash FROM undo_accounts WHERE block_number = ?1 AND nonce IS NOT NULL
            """,
            """
            DELETE FROM storage WHERE (address, slot) IN
                (SELECT address, slot FROM undo_storage WHERE block_number = ?1 AND value IS NULL)
            """,
            """
            INSERT OR REPLACE INTO storage(address, slot, value)
            SELECT address, slot, value FROM undo_storage WHERE block_number = ?1 AND value IS NOT NULL
            """,
        ]
        for sql in steps { try c.statement(sql).run { s in s.bind(1, number) } }
    }

    /// Removes every block above `number` — transactions, receipts, logs — and restores the state
    /// tables to the end of block `number`, all in one transaction (evm_revert, reorgs).
    /// Rewinding to the head is a no-op.
    public func rewind(toBlock number: UInt64) throws(StorageError) {
        try write { (c: SQLiteConnection) throws(StorageError) in
            let head = try Self.head(c)
            let first = try c.statement("SELECT min(number) FROM blocks")
            let firstNumber = try first.step() ? first.optionalUInt64(0) : nil
            first.reset()
            guard let head, let firstNumber, number <= head.number, number >= firstNumber else {
                throw .cannotRewind(toBlock: number, head: head)
            }
            guard number < head.number else { return }
            var block = head.number
            while block > number {
                try Self.undoState(ofBlock: block, c)
                block -= 1
            }
            let boundary = Schema.firstKey(block: number + 1)
            try c.statement("DELETE FROM undo_accounts WHERE block_number > ?1").run { s in s.bind(1, number) }
            try c.statement("DELETE FROM undo_storage WHERE block_number > ?1").run { s in s.bind(1, number) }
            try c.statement("DELETE FROM logs WHERE id >= ?1").run { s in s.bind(1, boundary) }
            try c.statement("DELETE FROM transactions WHERE id >= ?1").run { s in s.bind(1, boundary) }
            try c.statement("DELETE FROM blocks WHERE number > ?1").run { s in s.bind(1, number) }
        }
    }

    /// The persisted head state as a `WorldState` (accounts, storage, code) with the hashes of the
    /// last 256 blocks in `blockHashes`, so a restarted node resumes with the same state root.
    public func loadState() throws(StorageError) -> WorldState {
        try read { (c: SQLiteConnection) throws(StorageError) -> WorldState in
            var codes: [Hash: [UInt8]] = [:]
            let codeRows = try c.statement("SELECT hash, code FROM code")
            defer { codeRows.reset() }
            while try codeRows.step() { codes[try codeRows.hash(0)] = codeRows.bytes(1) }

            var changes = StateChanges()
            let accountRows = try c.statement("SELECT address, nonce, balance, code_hash FROM accounts")
            defer { accountRows.reset() }
            while try accountRows.step() {
                let account = Account(nonce: accountRows.uint64(1), balance: try accountRows.word(2), codeHash: try accountRows.hash(3))
                let code = account.hasCode ? codes[account.codeHash] : nil
                if account.hasCode && code == nil { throw .corrupt("no code for hash \(account.codeHash)") }
                changes.accounts[try accountRows.address(0)] = StateChanges.AccountChange(account: account, storageCleared: true, code: code)
            }
            let slotRows = try c.statement("SELECT address, slot, value FROM storage")
            defer { slotRows.reset() }
            while try slotRows.step() {
                let address = try slotRows.address(0)
                guard changes.accounts[address] != nil else { throw .corrupt("storage of missing account \(address)") }
                changes.accounts[address]!.storage[try slotRows.word(1)] = try slotRows.word(2)
            }
            var state = WorldState()
            state.apply(changes)

            let hashRows = try c.statement("SELECT number, hash FROM blocks ORDER BY number DESC LIMIT 256")
            defer { hashRows.reset() }
            while try hashRows.step() { state.blockHashes[hashRows.uint64(0)] = try hashRows.hash(1) }
            return state
        }
    }
}
