import Foundation
import Synchronization

/// The persisted chain: blocks, transactions, receipts, the log index and the head state, in one
/// SQLite database in WAL mode.
///
/// Concurrency: one writer connection behind a mutex (commits and rewinds are serialized) and a
/// pool of read-only connections. In WAL mode a reader works on the snapshot that was committed
/// when its read transaction began, so readers on any thread never block the writer and never
/// see half a block; every public read runs in one read transaction.
///
/// Durability: with `.file`/`.directory` the database is in WAL mode with `synchronous=NORMAL`:
/// a commit is appended to the WAL (in the OS page cache) before `commit` returns, so killing the
/// process (`kill -9`) never loses a committed block; only an OS crash or power loss can drop the
/// last transactions (never corrupting the file). `.ephemeral` uses a temporary file, on tmpfs
/// (`/dev/shm`) when there is one, with `synchronous=OFF`, deleted on `close()`: the same
/// multi-connection WAL design as the durable mode (an SQLite `:memory:` database belongs to one
/// connection, and shared-cache memory databases take table locks that make readers block the writer).
public final class ChainDatabase: Sendable {
    /// Where the database lives.
    public enum Location: Hashable, Sendable {
        /// A database file at this path (created if missing).
        case file(String)
        /// `chain.sqlite` inside this directory (both created if missing): what `--data-dir` gives.
        case directory(String)
        /// A temporary database removed on close (the node's default in-memory mode).
        case ephemeral
    }

    /// Tuning knobs and query caps.
    public struct Options: Sendable {
        /// Caps on `logs(_:)`.
        public var logLimits: LogQueryLimits
        /// Page cache per connection, in KiB.
        public var cacheSizeKiB: Int
        /// Read connections kept open between reads (more are opened on demand).
        public var maxIdleReaders: Int

        public init(logLimits: LogQueryLimits = LogQueryLimits(), cacheSizeKiB: Int = 32 * 1024, maxIdleReaders: Int = 8) {
            self.logLimits = logLimits; self.cacheSizeKiB = cacheSizeKiB; self.maxIdleReaders = maxIdleReaders
        }
    }

    /// The file name used inside a `.directory` location.
    public static let fileName = "chain.sqlite"

    /// The database file's path.
    public let path: String
    public let options: Options
    private let isEphemeral: Bool
    /// The directory created for an ephemeral database (removed on close).
    private let ephemeralDirectory: String?

    struct Writer {
        var connection: SQLiteConnection?
        /// Test hook: fail the next commit just before COMMIT.
        var faultBeforeCommit = false
    }

    struct ReaderPool {
        var idle: [SQLiteConnection] = []
        var closed = false
    }

    private let writer: Mutex<Writer>
    private let readers = Mutex(ReaderPool())

    /// Opens (or creates) the database and migrates its schema to the current version.
    public init(_ location: Location, options: Options = Options()) throws(StorageError) {
        self.options = options
        let fm = FileManager.default
        switch location {
        case .file(let path):
            self.path = path
            isEphemeral = false
            ephemeralDirectory = nil
        case .directory(let directory):
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .sqlite(code: 14, message: "cannot create directory \(directory): \(error)")
            }
            path = (directory as NSString).appendingPathComponent(Self.fileName)
            isEphemeral = false
            ephemeralDirectory = nil
        case .ephemeral:
            var isDirectory: ObjCBool = false
            let base = fm.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory) && isDirectory.boolValue
                && fm.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
            let directory = (base as NSString).appendingPathComponent("lanes-\(UUID().uuidString)")
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .sqlite(code: 14, message: "cannot create directory \(directory): \(error)")
            }
            path = (directory as NSString).appendingPathComponent(Self.fileName)
            isEphemeral = true
            ephemeralDirectory = directory
        }
        let connection = try SQLiteConnection(path: path, readOnly: false, create: true)
        do {
            try connection.execute("""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = \(isEphemeral ? "OFF" : "NORMAL");
                PRAGMA cache_size = -\(options.cacheSizeKiB);
                PRAGMA temp_store = MEMORY;
                PRAGMA mmap_size = 268435456;
                """)
            try Schema.migrate(connection)
        } catch {
            connection.close()
            if let ephemeralDirectory { try? fm.removeItem(atPath: ephemeralDirectory) }
            throw error
        }
        writer = Mutex(Writer(connection: connection))
    }

    deinit { close() }

    /// Closes every connection (idempotent); an ephemeral database's files are deleted.
    /// Later calls throw `StorageError.closed`.
    public func close() {
        writer.withLock { w in
            w.connection?.close()
            w.connection = nil
        }
        let idle = readers.withLock { pool in
            pool.closed = true
            defer { pool.idle.removeAll() }
            return pool.idle
        }
        for connection in idle { connection.close() }
        if let ephemeralDirectory { try? FileManager.default.removeItem(atPath: ephemeralDirectory) }
    }

    /// Makes the next commit fail with `StorageError.injectedFault` after writing everything but
    /// before COMMIT (atomicity tests).
    package func injectFaultBeforeNextCommit() {
        writer.withLock { $0.faultBeforeCommit = true }
    }

    // MARK: connections

    /// Runs `body` on the writer connection inside one write transaction (rolled back if it throws).
    func write<T: Sendable>(_ body: (SQLiteConnection) throws(StorageError) -> T) throws(StorageError) -> T {
        try writer.withLock { (w: inout Writer) throws(StorageError) -> T in
            guard let connection = w.connection else { throw .closed }
            let fault = w.faultBeforeCommit
            w.faultBeforeCommit = false
            return try connection.writeTransaction { () throws(StorageError) -> T in
                let result = try body(connection)
                if fault { throw .injectedFault }
                return result
            }
        }
    }

    /// Runs `body` on a pooled read connection inside one read transaction (one consistent snapshot).
    func read<T>(_ body: (SQLiteConnection) throws(StorageError) -> T) throws(StorageError) -> T {
        let connection = try checkOutReader()
        defer { checkIn(connection) }
        return try connection.readTransaction { () throws(StorageError) -> T in try body(connection) }
    }

    private func checkOutReader() throws(StorageError) -> SQLiteConnection {
        let pooled = try readers.withLock { (pool: inout ReaderPool) throws(StorageError) -> SQLiteConnection? in
            guard !pool.closed else { throw .closed }
            return pool.idle.popLast()
        }
        if let pooled { return pooled }
        let connection = try SQLiteConnection(path: path, readOnly: true, create: false)
        try connection.execute("""
            PRAGMA cache_size = -\(options.cacheSizeKiB);
            PRAGMA temp_store = MEMORY;
            PRAGMA mmap_size = 268435456;
            """)
        return connection
    }

    private func checkIn(_ connection: SQLiteConnection) {
        let keep = readers.withLock { pool in
            guard !pool.closed, pool.idle.count < options.maxIdleReaders else { return false }
            pool.idle.append(connection)
            return true
        }
        if !keep { connection.close() }
    }

    // MARK: metadata

    /// Stores a metadata value (chain config JSON, genesis…) under `key`, replacing any previous one.
    public func setMeta(_ key: String, _ value: [UInt8]) throws(StorageError) {
        try write { (c: SQLiteConnection) throws(StorageError) in
            try c.statement("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)").run { s in
                s.bindText(1, key)
                s.bind(2, value)
            }
        }
    }

    /// The metadata value stored under `key`, if any.
    public func meta(_ key: String) throws(StorageError) -> [UInt8]? {
        try read { (c: SQLiteConnection) throws(StorageError) -> [UInt8]? in
            let s = try c.statement("SELECT value FROM meta WHERE key = ?1")
            defer { s.reset() }
            s.bindText(1, key)
            return try s.step() ? s.bytes(0) : nil
        }
    }
}
