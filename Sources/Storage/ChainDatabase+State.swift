import Ethereum
import Primitives
import State

/// A point in the state's history: the end of block `block`, after the first `edit` dev-control
/// edits made on top of it (`anvil_setBalance`, `anvil_setCode`…). What `evm_snapshot` remembers
/// and `evm_revert` returns to.
public struct StatePoint: Hashable, Sendable, Comparable {
    public var block: UInt64
    public var edit: UInt64

    public init(block: UInt64, edit: UInt64 = 0) {
        self.block = block; self.edit = edit
    }

    /// Most edits on top of one block.
    public static let maxEdits: UInt64 = (1 << Schema.editBits) - 1

    /// The step as stored in the undo tables (`block << 20 | edit`).
    var step: UInt64 { block << Schema.editBits | edit }

    /// The end of block `number` with every edit made on top of it.
    static func endOf(block number: UInt64) -> StatePoint { StatePoint(block: number, edit: maxEdits) }

    public static func < (a: StatePoint, b: StatePoint) -> Bool { a.step < b.step }
}

/// The persisted head state and its undo log.
///
/// Committing block N (step `N << 20`) or a dev-control edit on top of it (steps `N << 20 | k`)
/// applies its `StateChanges` to the `accounts`, `storage` and `code` tables and, before each
/// overwrite, records the value being replaced in `undo_accounts` / `undo_storage` under that
/// step. Only the first record per key and step is kept (INSERT OR IGNORE), so a record holds the
/// value as of the end of the step before. Rewinding to step S puts back, for every key, its
/// record at the *lowest* step above S — the value it had at S, since no step in between touched
/// it — so a rewind costs four statements whatever the number of steps it undoes. The table
/// semantics mirror `WorldState.apply`: a deleted account loses its storage, a wiped account
/// (`storageCleared`) loses its slots before the new ones are written, a zero value deletes a slot.
extension ChainDatabase {
    static func applyState(_ changes: StateChanges, step: UInt64, _ c: SQLiteConnection) throws(StorageError) {
        var noRun: UndoRun? = nil
        try applyState(changes, step: step, c, run: &noRun)
    }

    /// `applyState` within a run (`commit(runOf:undo:)`): skips the undo records `run` already
    /// holds and notes the new ones; without a run every key gets its record.
    static func applyState(_ changes: StateChanges, step: UInt64, _ c: SQLiteConnection, run: inout UndoRun?) throws(StorageError) {
        let readAccount = try c.statement("SELECT nonce, balance, code_hash FROM accounts WHERE address = ?1")
        let recordAccount = try c.statement("""
            INSERT OR IGNORE INTO undo_accounts(step, address, nonce, balance, code_hash) VALUES (?1, ?2, ?3, ?4, ?5)
            """)
        let recordAllSlots = try c.statement("""
            INSERT OR IGNORE INTO undo_storage(step, address, slot, value)
            SELECT ?1, address, slot, value FROM storage WHERE address = ?2
            """)
        let wipeStorage = try c.statement("DELETE FROM storage WHERE address = ?1")
        let deleteAccount = try c.statement("DELETE FROM accounts WHERE address = ?1")
        let writeAccount = try c.statement("INSERT OR REPLACE INTO accounts(address, nonce, balance, code_hash) VALUES (?1, ?2, ?3, ?4)")
        let writeCode = try c.statement("INSERT OR IGNORE INTO code(hash, code) VALUES (?1, ?2)")
        let recordSlot = try c.statement("""
            INSERT OR IGNORE INTO undo_storage(step, address, slot, value)
            VALUES (?1, ?2, ?3, (SELECT value FROM storage WHERE address = ?2 AND slot = ?3))
            """)
        let deleteSlot = try c.statement("DELETE FROM storage WHERE address = ?1 AND slot = ?2")
        let writeSlot = try c.statement("INSERT OR REPLACE INTO storage(address, slot, value) VALUES (?1, ?2, ?3)")

        for (address, change) in changes.accounts {
            if run?.needsRecord(address) ?? true {
                // The account as of the previous step, for the undo record.
                readAccount.bind(1, address)
                let previous: (nonce: UInt64, balance: UInt256, codeHash: Hash)?
                do {
                    defer { readAccount.reset() }
                    previous = try readAccount.step() ? (readAccount.uint64(0), try readAccount.word(1), try readAccount.hash(2)) : nil
                }
                try recordAccount.run { s in
                    s.bind(1, step)
                    s.bind(2, address)
                    s.bind(3, previous?.nonce)
                    s.bind(4, previous?.balance)
                    s.bind(5, previous?.codeHash)
                }
            }
            if change.account == nil || change.storageCleared {
                try recordAllSlots.run { s in s.bind(1, step); s.bind(2, address) }
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
                if run?.needsRecord(address, slot) ?? true {
                    try recordSlot.run { s in s.bind(1, step); s.bind(2, address); s.bind(3, slot) }
                }
                if value.isZero {
                    try deleteSlot.run { s in s.bind(1, address); s.bind(2, slot) }
                } else {
                    try writeSlot.run { s in s.bind(1, address); s.bind(2, slot); s.bind(3, value) }
                }
            }
        }
    }

    /// Restores the state tables to step `target` from the undo records above it (see the type's
    /// comment: each key takes its record at the lowest step above `target`; SQLite fills the bare
    /// columns of a `min()` aggregate from the row holding the minimum).
    static func undoState(after target: UInt64, _ c: SQLiteConnection) throws(StorageError) {
        let firstAccounts = "SELECT address, nonce, balance, code_hash, min(step) FROM undo_accounts WHERE step > ?1 GROUP BY address"
        let firstSlots = "SELECT address, slot, value, min(step) FROM undo_storage WHERE step > ?1 GROUP BY address, slot"
        let steps = [
            "DELETE FROM accounts WHERE address IN (SELECT address FROM (\(firstAccounts)) WHERE nonce IS NULL)",
            """
            INSERT OR REPLACE INTO accounts(address, nonce, balance, code_hash)
            SELECT address, nonce, balance, code_hash FROM (\(firstAccounts)) WHERE nonce IS NOT NULL
            """,
            "DELETE FROM storage WHERE (address, slot) IN (SELECT address, slot FROM (\(firstSlots)) WHERE value IS NULL)",
            """
            INSERT OR REPLACE INTO storage(address, slot, value)
            SELECT address, slot, value FROM (\(firstSlots)) WHERE value IS NOT NULL
            """,
            "DELETE FROM undo_accounts WHERE step > ?1",
            "DELETE FROM undo_storage WHERE step > ?1",
        ]
        for sql in steps { try c.statement(sql).run { s in s.bind(1, target) } }
    }

    /// Applies a dev-control edit (anvil_setBalance, anvil_setStorageAt…) to the head state as the
    /// next step on top of the head block, with its undo record, in one transaction. Returns the
    /// point the state is at afterwards.
    public func applyEdit(_ changes: StateChanges) throws(StorageError) -> StatePoint {
        try write { (c: SQLiteConnection) throws(StorageError) -> StatePoint in
            guard let head = try Self.head(c) else { throw .corrupt("no head block to edit") }
            let last = try Self.lastStep(c, block: head.number)
            guard last.edit < StatePoint.maxEdits else { throw .malformedCommit("more than \(StatePoint.maxEdits) edits on block \(head.number)") }
            let point = StatePoint(block: head.number, edit: last.edit + 1)
            try Self.applyState(changes, step: point.step, c)
            // Mark the step even when it changed nothing, so the edit count only grows.
            try c.statement("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_edit', ?1)").run { s in
                s.bind(1, Array(String(point.step).utf8))
            }
            return point
        }
    }

    /// Where the persisted state is: the head block and the edits made on top of it.
    public func statePoint() throws(StorageError) -> StatePoint? {
        try read { (c: SQLiteConnection) throws(StorageError) -> StatePoint? in
            guard let head = try Self.head(c) else { return nil }
            return try Self.lastStep(c, block: head.number)
        }
    }

    /// The last step recorded on top of block `number` (its own, or its latest edit).
    static func lastStep(_ c: SQLiteConnection, block number: UInt64) throws(StorageError) -> StatePoint {
        let s = try c.statement("SELECT value FROM meta WHERE key = 'last_edit'")
        defer { s.reset() }
        guard try s.step(), let step = UInt64(String(decoding: s.bytes(0), as: UTF8.self)),
              step >> Schema.editBits == number else { return StatePoint(block: number) }
        return StatePoint(block: number, edit: step & StatePoint.maxEdits)
    }

    /// Removes every block above `number` — transactions, receipts, logs — and restores the state
    /// tables to the end of block `number` (keeping the edits made on top of it), all in one
    /// transaction (reorgs).
    public func rewind(toBlock number: UInt64) throws(StorageError) {
        try rewind(to: .endOf(block: number))
    }

    /// Removes every block above `point.block` and restores the state tables to `point`, all in
    /// one transaction (evm_revert).
    public func rewind(to point: StatePoint) throws(StorageError) {
        let number = point.block
        try write { (c: SQLiteConnection) throws(StorageError) in
            let head = try Self.head(c)
            let first = try c.statement("SELECT min(number) FROM blocks")
            let firstNumber = try first.step() ? first.optionalUInt64(0) : nil
            first.reset()
            guard let head, let firstNumber, number <= head.number, number >= firstNumber else {
                throw .cannotRewind(toBlock: number, head: head)
            }
            try Self.undoState(after: point.step, c)
            let current = try Self.lastStep(c, block: head.number)
            if point < current {
                var last = point.step
                if point.edit == StatePoint.maxEdits {
                    // "Every edit on top of the block": the last one that left a record.
                    let s = try c.statement("""
                        SELECT max(step) FROM (SELECT step FROM undo_accounts WHERE step BETWEEN ?1 AND ?2
                                               UNION ALL SELECT step FROM undo_storage WHERE step BETWEEN ?1 AND ?2)
                        """)
                    s.bind(1, StatePoint(block: number).step)
                    s.bind(2, point.step)
                    last = try s.step() ? (s.optionalUInt64(0) ?? StatePoint(block: number).step) : StatePoint(block: number).step
                    s.reset()
                }
                try c.statement("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_edit', ?1)").run { s in
                    s.bind(1, Array(String(last).utf8))
                }
            }
            guard number < head.number else { return }
            let boundary = Schema.firstKey(block: number + 1)
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
