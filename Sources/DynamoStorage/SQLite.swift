import CSQLiteConfig
import GRDBSQLite

/// A thin synchronous wrapper over one SQLite connection, with a prepared-statement cache.
///
/// Not thread-safe by itself: `Namespace` serialises all access behind its lock.
/// (Why the raw C API and not GRDB's or sqlite-nio's query layers: docs/ARCHITECTURE.md.)
final class SQLiteConnection {
    private var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]
    /// Statements of one kind per table, found without building their SQL (`statement(_:table:_:)`).
    private var tableStatements: [TableStatement: SQLiteStatement] = [:]
    /// The last one found there: a batch asks for the same statement once per item.
    private var lastTableStatement: (key: TableStatement, statement: SQLiteStatement)?

    enum TableStatementKind: Int, Hashable {
        case getItem, putItem, deleteItem, query
    }

    struct TableStatement: Hashable {
        let kind: TableStatementKind
        let table: String
        /// Which form of the kind's SQL (a query's bounds and direction).
        var variant = 0
    }

    /// How large an in-memory (memdb) database may grow: just under 2 GB, the largest block SQLite
    /// allocates (SQLITE_MAX_ALLOCATION_SIZE), rather than memdb's default of 1 GB; past it every
    /// write fails ("database or disk is full"). Conformance/DIVERGENCES.md says so.
    static let memoryDatabaseLimit: Int64 = 0x7FFF_0000

    /// Process-wide settings, made once before the first connection opens (sqlite3_config only
    /// works before SQLite initialises), in this order:
    /// - memory statistics off: with them, every sqlite3_malloc and sqlite3_free took a global
    ///   mutex, 330 lock/unlock pairs per BatchWriteItem of 25 items (callgrind), and
    ///   pthread_mutex_unlock alone was 5.8% of its cycles (perf);
    /// - memdb's size limit, `memoryDatabaseLimit`;
    /// - the page cache wrapped, so that a COMMIT after a B-tree split does not walk all of it
    ///   (PageCache.c; without it, a durable PutItem's engine thread spent 28% of its cycles there);
    /// - the WAL write buffer's VFS (WALWriteBuffer.c) registered, not as the default.
    /// The value is that VFS's name, which every open passes (memdb paths name their own VFS), or
    /// nil if registering it failed.
    private static let vfs: String? = {
        _ = dynamolocal_sqlite3_disable_memstatus()
        _ = dynamolocal_sqlite3_set_memdb_max_size(memoryDatabaseLimit)
        _ = dynamolocal_sqlite3_wrap_page_cache()
        return dynamolocal_sqlite3_register_wal_buffer_vfs() == SQLITE_OK ? DYNAMOLOCAL_WAL_BUFFER_VFS : nil
    }()

    init(path: String) throws(StorageError) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let rc = sqlite3_open_v2(path, &handle, flags, Self.vfs)
        guard rc == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw StorageError("open \(path): \(message)")
        }
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit { close() }

    func close() {
        statements.values.forEach { $0.finalize() }
        statements.removeAll()
        tableStatements.removeAll()
        lastTableStatement = nil
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// The WAL's pwrites so far, and the commits the WAL write buffer did not write out within
    /// their last frame (always 0): `WALWriteBuffer.c`. Nil for a database without that VFS (memdb).
    var walWrites: (writes: Int64, late: Int64)? {
        var writes: sqlite3_int64 = 0, late: sqlite3_int64 = 0
        guard dynamolocal_sqlite3_wal_buffer_counts(handle, &writes, &late) == 0 else { return nil }
        return (writes, late)
    }

    /// The most the main database's file may grow to, for a memdb database (SQLITE_FCNTL_SIZE_LIMIT
    /// with a negative argument only reads it); nil for any other. For tests.
    var sizeLimit: Int64? {
        var limit: sqlite3_int64 = -1
        guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_SIZE_LIMIT, &limit) == SQLITE_OK else { return nil }
        return limit
    }

    /// Whether the main database's rollback journal is open between transactions (tests: an
    /// in-memory database keeps its memdb journal open and reuses it; a MEMORY journal is closed,
    /// its chunks freed, at every COMMIT).
    var journalIsOpen: Bool {
        var journal: UnsafeMutablePointer<sqlite3_file>?
        guard sqlite3_file_control(handle, "main", SQLITE_FCNTL_JOURNAL_POINTER, &journal) == SQLITE_OK else { return false }
        return journal?.pointee.pMethods != nil
    }

    /// Rows inserted, updated or deleted by this connection so far (sqlite3_total_changes64).
    var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// Whether a transaction is open (SQLite ends one itself after some errors, such as a full disk).
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StorageError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "error \(rc)"
            sqlite3_free(error)
            throw StorageError("\(message) in: \(sql)")
        }
    }

    /// A prepared statement for `sql`, reset and ready to bind; prepared once per connection.
    func statement(_ sql: String) throws(StorageError) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw StorageError("prepare: \(lastError) in: \(sql)") }
        let statement = SQLiteStatement(raw, connection: self)
        statements[sql] = statement
        return statement
    }

    /// The statement of `kind` for `table`; `sql` is built only the first time. Building the SQL
    /// text and hashing it for every item was 3% of a GetItem and of each item of a batch.
    func statement(_ kind: TableStatementKind, table: String, variant: Int = 0,
                   _ sql: () -> String) throws(StorageError) -> SQLiteStatement {
        let key = TableStatement(kind: kind, table: table, variant: variant)
        if let last = lastTableStatement, last.key == key {
            last.statement.reset()
            return last.statement
        }
        if let cached = tableStatements[key] {
            cached.reset()
            lastTableStatement = (key, cached)
            return cached
        }
        let statement = try statement(sql())
        tableStatements[key] = statement
        lastTableStatement = (key, statement)
        return statement
    }

    /// Drops cached statements that mention `fragment` (used when a table is dropped). SQLite
    /// refuses DROP TABLE ("database table is locked") while any statement is mid-step, so every
    /// other cached statement is reset too.
    func forgetStatements(containing fragment: String) {
        for key in tableStatements.keys where fragment.contains(key.table) { tableStatements[key] = nil }
        lastTableStatement = nil
        for (sql, statement) in statements {
            if sql.contains(fragment) {
                statement.finalize()
                statements[sql] = nil
            } else {
                statement.reset()
            }
        }
    }

    var lastError: String { handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed" }
    var changes: Int { Int(sqlite3_changes(handle)) }
}

/// A prepared statement. Column and parameter indexes follow SQLite: parameters from 1, columns from 0.
final class SQLiteStatement {
    private var raw: OpaquePointer?
    private unowned let connection: SQLiteConnection

    init(_ raw: OpaquePointer, connection: SQLiteConnection) {
        self.raw = raw
        self.connection = connection
    }

    func finalize() {
        sqlite3_finalize(raw)
        raw = nil
    }

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            // A zero-length blob must still bind as a blob, not NULL.
            _ = sqlite3_bind_blob(raw, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count), Self.transient)
        }
    }

    /// Binds bytes SQLite reads in place (SQLITE_STATIC, no copy). Only for `runBorrowing`, which
    /// clears the bindings before the buffers can go away.
    private func bindInPlace(_ index: Int32, _ buffer: UnsafeRawBufferPointer) {
        _ = sqlite3_bind_blob(raw, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count), nil)
    }

    /// Binds three blobs without copying them, runs the statement (no rows) and clears the
    /// bindings. SQLite copying every key and item it stores (and freeing the copies) was 4% of
    /// a batch write's instructions.
    func runBorrowing(_ first: (Int32, [UInt8]), _ second: (Int32, [UInt8]), _ third: (Int32, [UInt8])) throws {
        try first.1.withUnsafeBytes { a in
            try second.1.withUnsafeBytes { b in
                try third.1.withUnsafeBytes { c in
                    bindInPlace(first.0, a)
                    bindInPlace(second.0, b)
                    bindInPlace(third.0, c)
                    defer { sqlite3_clear_bindings(raw) }
                    try run()
                }
            }
        }
    }

    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(raw, index, Int64(value)) }

    func bind(_ index: Int32, _ text: String) { sqlite3_bind_text(raw, index, text, -1, Self.transient) }

    func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(raw, index, value) }

    func bindNull(_ index: Int32) { sqlite3_bind_null(raw, index) }

    /// Steps once: true when a row is available.
    func step() throws(StorageError) -> Bool {
        let rc = sqlite3_step(raw)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StorageError("step: \(connection.lastError)")
        }
    }

    /// Runs a statement that returns no rows; it is reset even when it fails (a statement kept
    /// across calls, such as `Namespace`'s COMMIT, must not stay in its failed state).
    func run() throws(StorageError) {
        defer { sqlite3_reset(raw) }
        _ = try step()
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(raw, column))
        guard count > 0, let pointer = sqlite3_column_blob(raw, column) else { return [] }
        // A typed view: Array copies it whole (an untyped one byte by byte).
        return [UInt8](UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: count))
    }

    /// A blob column's bytes as SQLite holds them: valid until the next `step` or `reset`.
    func borrowedBlob(_ column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(raw, column))
        guard count > 0, let pointer = sqlite3_column_blob(raw, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(raw, column)) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(raw, column) else { return "" }
        return String(cString: pointer)
    }

    func double(_ column: Int32) -> Double { sqlite3_column_double(raw, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(raw, column) == SQLITE_NULL }
}

/// A failure inside the storage layer. The engine maps it to InternalServerError.
public struct StorageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
