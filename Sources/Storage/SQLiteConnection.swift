import CSQLite

/// One SQLite connection with its prepared statements cached by SQL text.
///
/// SQLite (rather than GRDB) is used directly through the `CSQLite` system-library target: it adds
/// no package to build, and gives direct control of prepared statements, transactions and WAL.
///
/// A connection is opened with `SQLITE_OPEN_NOMUTEX` (SQLite's multi-thread mode): it may move
/// between threads but must never be used by two at once. `ChainDatabase` guarantees that by
/// handing each connection to one caller at a time (the writer behind a mutex, readers checked
/// out of a pool), which is why the class is `@unchecked Sendable`.
final class SQLiteConnection: @unchecked Sendable {
    /// The open database handle; nil once closed.
    private var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens (creating if `create`) the database file at `path`.
    init(path: String, readOnly: Bool, create: Bool) throws(StorageError) {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            // SAFETY: sqlite3_open_v2 may hand back a handle even on failure; it must be closed.
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            if let db { sqlite3_close_v2(db) }
            throw .sqlite(code: rc, message: message)
        }
        handle = db
        // Wait instead of failing when another connection briefly holds a lock (WAL recovery, checkpoints).
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit { close() }

    /// Finalizes every cached statement and closes the handle (idempotent).
    func close() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one or more SQL statements that return no rows (schema, pragmas).
    func execute(_ sql: String) throws(StorageError) {
        let db = try open()
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            // SAFETY: on failure sqlite3_exec sets `error` to a sqlite3_malloc'ed string we must free.
            let message = error.map { String(cString: $0) } ?? "sqlite3_exec failed"
            sqlite3_free(error)
            throw .sqlite(code: rc, message: message)
        }
    }

    /// A single-row pragma's value as an integer (e.g. `user_version`).
    func pragmaInteger(_ name: String) throws(StorageError) -> Int64 {
        let s = try statement("PRAGMA \(name)")
        defer { s.reset() }
        guard try s.step() else { throw .corrupt("PRAGMA \(name) returned no row") }
        return s.int64(0)
    }

    /// The prepared statement for `sql`, compiled once per connection and reused.
    /// Callers bind, step, and `reset()` it before the next use.
    func statement(_ sql: String) throws(StorageError) -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        let db = try open()
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc) }
        let statement = SQLiteStatement(raw, connection: db)
        statements[sql] = statement
        return statement
    }

    /// Runs `body` with a prepared statement for `sql`: the cached one when `cached`, otherwise one
    /// compiled for this call and finalized after it (for one-off SQL shapes that must not grow the cache).
    func withStatement<T>(_ sql: String, cached: Bool, _ body: (SQLiteStatement) throws(StorageError) -> T) throws(StorageError) -> T {
        if cached {
            let s = try statement(sql)
            defer { s.reset() }
            return try body(s)
        }
        let db = try open()
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, 0, &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc) }
        let s = SQLiteStatement(raw, connection: db)
        defer { s.finalize() }
        return try body(s)
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`, so the write lock is taken up front):
    /// committed if it returns, rolled back if it throws.
    func writeTransaction<T>(_ body: () throws(StorageError) -> T) throws(StorageError) -> T {
        try run("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            try? run("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in one read transaction, so every statement in it sees the same snapshot
    /// (WAL readers never block the writer, and the writer never blocks them).
    func readTransaction<T>(_ body: () throws(StorageError) -> T) throws(StorageError) -> T {
        try run("BEGIN DEFERRED")
        defer { try? run("COMMIT") }
        return try body()
    }

    /// Steps a cached statement without parameters to completion.
    private func run(_ sql: String) throws(StorageError) {
        let s = try statement(sql)
        defer { s.reset() }
        while try s.step() {}
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_changes64(handle))
    }

    private func open() throws(StorageError) -> OpaquePointer {
        guard let handle else { throw .closed }
        return handle
    }

    private func error(_ rc: Int32) -> StorageError {
        guard let handle else { return .closed }
        return .sqlite(code: rc, message: String(cString: sqlite3_errmsg(handle)))
    }
}
