import CSQLite
import Primitives

/// A prepared statement owned by one `SQLiteConnection`'s cache. Parameter and column indices
/// follow SQLite: parameters count from 1, result columns from 0.
///
/// Fixed-size values (hashes, addresses, 256-bit words) are bound as big-endian BLOBs from a
/// stack buffer, so binding them allocates nothing on the Swift side. Bind return codes are not
/// checked: they only report misuse (an index out of range), which the fixed SQL rules out, or
/// SQLITE_TOOBIG for a value over SQLite's 1 GB limit, far beyond anything a block holds.
final class SQLiteStatement {
    /// The compiled statement; valid until `finalize()` (called only by the owning connection's close).
    private var handle: OpaquePointer?
    /// The owning connection, for error messages.
    private let connection: OpaquePointer

    init(_ handle: OpaquePointer, connection: OpaquePointer) {
        self.handle = handle
        self.connection = connection
    }

    func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    /// Advances to the next row: true while a row is available, false when done.
    @discardableResult
    func step() throws(StorageError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw .sqlite(code: rc, message: String(cString: sqlite3_errmsg(connection)))
        }
    }

    /// Makes the statement ready to run again (bindings are kept until rebound).
    func reset() { sqlite3_reset(handle) }

    /// Binds parameters, runs the statement to completion and resets it (INSERT, UPDATE, DELETE).
    func run(_ bind: (SQLiteStatement) -> Void = { _ in }) throws(StorageError) {
        defer { reset() }
        bind(self)
        while try step() {}
    }

    // MARK: binding

    func bind(_ i: Int32, _ value: Int64) { sqlite3_bind_int64(handle, i, value) }
    func bind(_ i: Int32, _ value: Int) { sqlite3_bind_int64(handle, i, Int64(value)) }
    /// UInt64 values are stored by bit pattern (SQLite integers are signed 64-bit).
    func bind(_ i: Int32, _ value: UInt64) { sqlite3_bind_int64(handle, i, Int64(bitPattern: value)) }
    func bindNull(_ i: Int32) { sqlite3_bind_null(handle, i) }
    /// Text as UTF-8 (SQLite copies it: SQLITE_TRANSIENT).
    func bindText(_ i: Int32, _ text: String) { sqlite3_bind_text(handle, i, text, -1, csqlite_transient) }

    func bind(_ i: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer -> Void in
            // SAFETY: SQLITE_TRANSIENT makes SQLite copy the bytes before returning; an empty
            // buffer may have a nil base, so a zero-length blob is bound explicitly instead.
            if buffer.isEmpty {
                sqlite3_bind_zeroblob(handle, i, 0)
            } else {
                sqlite3_bind_blob(handle, i, buffer.baseAddress, Int32(buffer.count), csqlite_transient)
            }
        }
    }

    func bind(_ i: Int32, _ hash: Hash) {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buffer in
            // SAFETY: `write(to:)` fills exactly 32 bytes; SQLite copies them (TRANSIENT) before returning.
            hash.write(to: buffer.baseAddress!)
            sqlite3_bind_blob(handle, i, buffer.baseAddress, 32, csqlite_transient)
        }
    }

    func bind(_ i: Int32, _ address: Address) {
        withUnsafeTemporaryAllocation(byteCount: 20, alignment: 8) { buffer in
            // SAFETY: `write(to:)` fills exactly 20 bytes; SQLite copies them (TRANSIENT) before returning.
            address.write(to: buffer.baseAddress!)
            sqlite3_bind_blob(handle, i, buffer.baseAddress, 20, csqlite_transient)
        }
    }

    /// A 256-bit word as a 32-byte big-endian BLOB (so BLOB order is numeric order).
    func bind(_ i: Int32, _ word: UInt256) {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buffer in
            // SAFETY: `writeBigEndian(to:)` fills exactly 32 bytes; SQLite copies them (TRANSIENT).
            word.writeBigEndian(to: buffer.baseAddress!)
            sqlite3_bind_blob(handle, i, buffer.baseAddress, 32, csqlite_transient)
        }
    }

    func bind(_ i: Int32, _ value: UInt64?) { if let value { bind(i, value) } else { bindNull(i) } }
    func bind(_ i: Int32, _ value: Address?) { if let value { bind(i, value) } else { bindNull(i) } }
    func bind(_ i: Int32, _ value: Hash?) { if let value { bind(i, value) } else { bindNull(i) } }
    func bind(_ i: Int32, _ value: UInt256?) { if let value { bind(i, value) } else { bindNull(i) } }
    func bind(_ i: Int32, _ value: [UInt8]?) { if let value { bind(i, value) } else { bindNull(i) } }

    // MARK: columns

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func uint64(_ column: Int32) -> UInt64 { UInt64(bitPattern: sqlite3_column_int64(handle, column)) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    /// The column's bytes (empty for NULL or a zero-length BLOB).
    func bytes(_ column: Int32) -> [UInt8] {
        withBytes(column) { Array($0) }
    }

    /// Calls `body` with the column's bytes, valid only inside the call.
    func withBytes<T, E: Error>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws(E) -> T) throws(E) -> T {
        // SAFETY: sqlite3_column_blob's pointer stays valid until the next step/reset/column-type
        // conversion on this statement, and it is only read inside `body`. The length comes from
        // column_bytes called after column_blob, as SQLite requires.
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: count == 0 ? nil : pointer, count: count))
    }

    func hash(_ column: Int32) throws(StorageError) -> Hash {
        try withBytes(column) { (b: UnsafeRawBufferPointer) throws(StorageError) -> Hash in
            guard b.count == 32 else { throw .corrupt("expected a 32-byte hash, found \(b.count) bytes") }
            return try! Hash(b)
        }
    }

    func address(_ column: Int32) throws(StorageError) -> Address {
        try withBytes(column) { (b: UnsafeRawBufferPointer) throws(StorageError) -> Address in
            guard b.count == 20 else { throw .corrupt("expected a 20-byte address, found \(b.count) bytes") }
            return try! Address(b)
        }
    }

    func word(_ column: Int32) throws(StorageError) -> UInt256 {
        try withBytes(column) { (b: UnsafeRawBufferPointer) throws(StorageError) -> UInt256 in
            guard b.count == 32, let base = b.baseAddress else { throw .corrupt("expected a 32-byte word, found \(b.count) bytes") }
            return UInt256(bigEndianWord: base)
        }
    }

    func optionalHash(_ column: Int32) throws(StorageError) -> Hash? { isNull(column) ? nil : try hash(column) }
    func optionalAddress(_ column: Int32) throws(StorageError) -> Address? { isNull(column) ? nil : try address(column) }
    func optionalWord(_ column: Int32) throws(StorageError) -> UInt256? { isNull(column) ? nil : try word(column) }
    func optionalUInt64(_ column: Int32) -> UInt64? { isNull(column) ? nil : uint64(column) }
}
