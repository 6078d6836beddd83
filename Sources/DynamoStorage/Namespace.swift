import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// One database: the tables of one `<AccessKeyId>_<Region>` pair, or the shared instance.
///
/// All access goes through `read` or `write`, which hold the namespace's lock; a `write` is one
/// SQLite savepoint inside a transaction, so every change it makes (item, index entries,
/// catalogue) commits together or not at all. WAL with synchronous=NORMAL by default: a committed
/// transaction is in the WAL file before COMMIT returns, so it survives a crash of this process
/// (kill -9); `.powerLoss` durability (FULL) also fsyncs every commit. See docs/ARCHITECTURE.md,
/// "Storage".
///
/// Group commit: `write(deferringCommit: true)` leaves its transaction open, so that the writes of
/// many requests share one COMMIT (one append of their pages to the WAL). Such a write belongs to
/// the open *group*; its caller must not acknowledge it before `commit(through:)` for that group
/// has returned, and must call it (every group is committed by the first of its waiters to ask).
/// Reads see the open group's writes, so a read's answer waits for the same commit (`openGroup`).
public final class Namespace: @unchecked Sendable {
    // @unchecked: `connection`, `tables` and the group state are only touched while `lock` is held.
    private let lock = Lock()
    private let connection: SQLiteConnection
    private var tables: [String: TableDefinition] = [:]
    public let name: String

    /// The open group (a transaction with uncommitted writes), if any; groups count up from 1.
    private var open: UInt64?
    /// Every group up to this one has ended: committed, or rolled back when its COMMIT failed.
    private var ended: UInt64 = 0
    /// Groups whose COMMIT failed (rolled back), kept for their waiters; the newest 64.
    private var failed: [UInt64: StorageError] = [:]
    /// The catalogue as it was when the open group began, restored if the group fails.
    private var tablesBeforeGroup: [String: TableDefinition] = [:]

    /// Told of every COMMIT, with the WAL's path (on disk only).
    private let flusher: WALFlusher?
    private let walPath: String

    /// The statements every write runs, prepared once: finding them in the connection's cache by
    /// their text cost 500 instructions each time.
    private let begin: SQLiteStatement
    private let savepoint: SQLiteStatement
    private let release: SQLiteStatement
    private let commit: SQLiteStatement

    init(name: String, path: String, durability: StorageEngine.Durability, flusher: WALFlusher? = nil) throws(StorageError) {
        self.name = name
        let inMemory = path.hasPrefix("file:")
        self.flusher = inMemory ? nil : flusher
        walPath = path + "-wal"
        connection = try SQLiteConnection(path: path)
        // A file's pages are read with pread once SQLite's cache (2 MB by default) is full: 5% of a
        // PutItem into a 12 MB table. 64 MB, used as the data grows; in memory (memdb) a page
        // is a memcpy away, and a bigger cache would only hold a second copy.
        if !inMemory { try connection.execute("PRAGMA cache_size=-65536") }
        try Migrations.run(on: connection, durability: durability, inMemory: inMemory)
        tables = try Catalog.load(connection)
        begin = try connection.statement("BEGIN IMMEDIATE")
        savepoint = try connection.statement("SAVEPOINT w")
        release = try connection.statement("RELEASE w")
        commit = try connection.statement("COMMIT")
    }

    /// Runs `body` with a read view; it sees committed data and the open group's writes.
    public func read<T>(_ body: (StorageTransaction) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(StorageTransaction(namespace: self, connection: connection, writable: false))
    }

    /// Runs `body` as one all-or-nothing write: its changes are kept when it returns and undone
    /// when it throws. Without `deferringCommit` the transaction (with any open group's writes)
    /// commits before this returns; with it the write joins the open group (see the type's note).
    ///
    /// `checksFirst`: the caller promises that `body` throws only before it changes anything (it
    /// validates, reads and checks its condition first), so the write needs no savepoint of its
    /// own. A savepoint, its statements and its sub-journal (a copy of each page the write
    /// changes) were 5% of a PutItem's instructions. Should such a body throw after all, once it
    /// has changed a row, the whole open group is rolled back and fails: nothing is half written.
    public func write<T>(deferringCommit: Bool = false, checksFirst: Bool = false,
                         _ body: (StorageTransaction) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if open == nil {
            try begin.run()
            open = ended + 1
            tablesBeforeGroup = tables
        }
        if checksFirst { return try writeWithoutSavepoint(deferringCommit: deferringCommit, body) }
        let snapshot = tables
        try savepoint.run()
        let result: T
        do {
            result = try body(StorageTransaction(namespace: self, connection: connection, writable: true))
            try release.run()
        } catch {
            // ROLLBACK TO keeps the savepoint; RELEASE ends it. The group's other writes stay.
            try? connection.statement("ROLLBACK TO w").run()
            try? release.run()
            tables = snapshot
            // Unless SQLite rolled the whole transaction back (an I/O error, a full disk): then the
            // group's earlier writes are gone too.
            try afterFailedWrite(groupLost: !connection.inTransaction, deferringCommit: deferringCommit,
                                 "the transaction was rolled back: \(error)")
            throw error
        }
        if !deferringCommit { try commitOpenGroup() }
        return result
    }

    /// After a write that threw and was undone: a lost group ends as failed, so that its waiters
    /// hear so; otherwise the group goes on (and commits now if the caller does not defer).
    private func afterFailedWrite(groupLost: Bool, deferringCommit: Bool, _ reason: @autoclosure () -> String) throws(StorageError) {
        if groupLost {
            endOpenGroup(failure: StorageError(reason()))
        } else if !deferringCommit {
            try commitOpenGroup()
        }
    }

    /// `write` for a body that checks before it changes anything (`checksFirst`). Under the lock,
    /// inside the open group.
    private func writeWithoutSavepoint<T>(deferringCommit: Bool, _ body: (StorageTransaction) throws -> T) throws -> T {
        let changes = connection.totalChanges  // catalogue changes are rows too (saveTable)
        let result: T
        do {
            result = try body(StorageTransaction(namespace: self, connection: connection, writable: true))
        } catch {
            // If it changed something before it threw (or SQLite ended the transaction), there is
            // no savepoint to return to: the group as a whole is undone.
            let changed = connection.totalChanges != changes || !connection.inTransaction
            if changed { try? connection.statement("ROLLBACK").run() }
            try afterFailedWrite(groupLost: changed, deferringCommit: deferringCommit,
                                 "a write failed after changing rows: \(error)")
            throw error
        }
        if !deferringCommit { try commitOpenGroup() }
        return result
    }

    /// The group whose commit a read or write that just ran must wait for, or nil when nothing is
    /// uncommitted. (A later group is a safe answer too: groups commit in order.)
    public var openGroup: UInt64? {
        lock.lock()
        defer { lock.unlock() }
        return open
    }

    /// Commits every group up to `group` that is still open; throws when that group's COMMIT
    /// failed (its writes were rolled back and must not be acknowledged).
    public func commit(through group: UInt64) throws(StorageError) {
        lock.lock()
        defer { lock.unlock() }
        if group > ended { try commitOpenGroup() }
        if let error = failed[group] { throw error }
    }

    /// Commits the open group, if any. Under the lock.
    private func commitOpenGroup() throws(StorageError) {
        guard let group = open else { return }
        open = nil
        ended = group
        do {
            try commit.run()
            flusher?.committed(walPath)
        } catch {
            try? connection.statement("ROLLBACK").run()
            open = group
            endOpenGroup(failure: error)
            throw error
        }
    }

    /// Ends the open group as failed (rolled back). Under the lock.
    private func endOpenGroup(failure: StorageError) {
        guard let group = open else { return }
        open = nil
        ended = group
        tables = tablesBeforeGroup
        failed[group] = failure
        if failed.count > 64, let oldest = failed.keys.min() { failed[oldest] = nil }
    }

    // Group state as a transaction sees it (so under the lock).
    fileprivate var openGroupUnderLock: UInt64? { open }
    fileprivate func groupFailedUnderLock(_ group: UInt64) -> Bool { failed[group] != nil }

    // Catalogue cache, read and changed only through a transaction (so under the lock).
    fileprivate func cachedTable(_ name: String) -> TableDefinition? { tables[name] }
    fileprivate func cacheTable(_ table: TableDefinition) { tables[table.name] = table }
    fileprivate func uncacheTable(_ name: String) { tables[name] = nil }
    fileprivate var cachedTableNames: [String] { tables.keys.sorted() }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        try? commitOpenGroup()
        connection.close()
    }

    /// The WAL's write counts (`SQLiteConnection.walWrites`), for tests.
    var walWrites: (writes: Int64, late: Int64)? {
        lock.lock()
        defer { lock.unlock() }
        return connection.walWrites
    }
}

/// The view of a namespace inside `read` or `write`. Valid only inside that closure.
public struct StorageTransaction {
    fileprivate let namespace: Namespace
    let connection: SQLiteConnection
    public let writable: Bool

    // MARK: Group commit

    /// The group this transaction's writes join (nil in a read with nothing uncommitted).
    public var group: UInt64? { namespace.openGroupUnderLock }

    /// Whether `group`'s COMMIT failed (or it was rolled back): its writes were never kept.
    /// (The newest 64 failed groups are remembered.)
    public func groupFailed(_ group: UInt64) -> Bool { namespace.groupFailedUnderLock(group) }

    // MARK: Catalogue

    public func table(_ name: String) -> TableDefinition? { namespace.cachedTable(name) }

    /// Table names in ascending order (the order ListTables uses).
    public func tableNames() -> [String] { namespace.cachedTableNames }

    public func createTable(_ table: TableDefinition) throws {
        precondition(writable)
        try connection.execute("""
            CREATE TABLE "\(table.storageName)" (
                h INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT NULL, size INTEGER NOT NULL,
                PRIMARY KEY (h, pk, sk)) WITHOUT ROWID
            """)
        for index in table.indexes { try createIndexStorage(index) }
        try saveTable(table)
    }

    /// Stores a changed table definition.
    public func saveTable(_ table: TableDefinition) throws {
        precondition(writable)
        try updateStream(from: namespace.cachedTable(table.name), to: table)
        let statement = try connection.statement("INSERT OR REPLACE INTO catalog(name, definition) VALUES (?1, ?2)")
        statement.bind(1, table.name)
        statement.bind(2, try Catalog.encode(table))
        try statement.run()
        namespace.cacheTable(table)
    }

    public func dropTable(_ table: TableDefinition) throws {
        precondition(writable)
        connection.forgetStatements(containing: "\"\(table.storageName)\"")
        try connection.execute("DROP TABLE IF EXISTS \"\(table.storageName)\"")
        for index in table.indexes { try dropIndexStorage(index) }
        try updateStream(from: table, to: nil)
        let statement = try connection.statement("DELETE FROM catalog WHERE name = ?1")
        statement.bind(1, table.name)
        try statement.run()
        namespace.uncacheTable(table.name)
    }

    // MARK: Items

    public func getItem(_ table: TableDefinition, _ key: StorageKey) throws -> StoredItem? {
        try getItemEncoded(table, key) { StoredItem(item: try $0.decoded(), size: $0.size) }
    }

    /// `getItem` for a read that returns the item unchanged: `body` gets it still encoded (SQLite's
    /// bytes, valid during the call); nil when there is no such item.
    public func getItemEncoded<R>(_ table: TableDefinition, _ key: StorageKey, _ body: (EncodedItem) throws -> R) throws -> R? {
        let storageName = table.storageName  // the closure captures this, not the whole definition
        let statement = try connection.statement(.getItem, table: storageName) {
            "SELECT item, size FROM \"\(storageName)\" WHERE h = ?1 AND pk = ?2 AND sk = ?3"
        }
        statement.bind(1, key.hash)
        statement.bind(2, key.partition)
        statement.bind(3, key.sort)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return try body(EncodedItem(bytes: statement.borrowedBlob(0), size: statement.int(1)))
    }

    /// Writes an item and, in the same transaction, its secondary-index entries. `old` is the item
    /// it replaces when the caller has read it already (`.some(nil)`: none); otherwise it is read.
    /// `prepared`: the item already encoded (`PreparedItem`), done before the namespace's lock was taken.
    public func putItem(_ table: TableDefinition, _ key: StorageKey, _ item: Item, size: Int, prepared: PreparedItem? = nil,
                        old: Item?? = .none) throws {
        precondition(writable)
        if !table.indexes.isEmpty || table.settings.streamViewType != nil {
            let old = try old ?? getItem(table, key)?.item
            if !table.indexes.isEmpty { try updateIndexes(table, key, old: old, new: item) }
            try recordChange(table, old: old, new: item, byService: false)
        }
        let storageName = table.storageName  // the closure captures this, not the whole definition
        let statement = try connection.statement(.putItem, table: storageName) {
            "INSERT OR REPLACE INTO \"\(storageName)\"(h, pk, sk, item, size) VALUES (?1, ?2, ?3, ?4, ?5)"
        }
        statement.bind(1, key.hash)
        statement.bind(5, size)
        try statement.runBorrowing((2, key.partition), (3, key.sort), (4, prepared?.bytes ?? ItemCodec.encode(item)))
    }

    /// Deletes an item, its index entries, and records the change in the table's stream.
    /// `byService`: a Time to Live deletion (its stream record names the service).
    public func deleteItem(_ table: TableDefinition, _ key: StorageKey, old: Item?? = .none, byService: Bool = false) throws {
        precondition(writable)
        if !table.indexes.isEmpty || table.settings.streamViewType != nil {
            let old = try old ?? getItem(table, key)?.item
            if !table.indexes.isEmpty { try updateIndexes(table, key, old: old, new: nil) }
            try recordChange(table, old: old, new: nil, byService: byService)
        }
        let storageName = table.storageName  // the closure captures this, not the whole definition
        let statement = try connection.statement(.deleteItem, table: storageName) {
            "DELETE FROM \"\(storageName)\" WHERE h = ?1 AND pk = ?2 AND sk = ?3"
        }
        statement.bind(1, key.hash)
        statement.bind(2, key.partition)
        statement.bind(3, key.sort)
        try statement.run()
    }

    /// Visits the items of one partition in sort-key order, starting after `exclusiveStart`
    /// when given, within `range`. The visitor returns false to stop. Runs on the primary key
    /// index: only the rows visited are read.
    public func query(_ table: TableDefinition, partition: [UInt8], range: SortKeyRange, forward: Bool,
                      exclusiveStart: [UInt8]?, _ visit: (StoredItem) throws -> Bool) throws {
        let statement = try queryStatement(table, partition: partition, range: range, forward: forward, exclusiveStart: exclusiveStart)
        try Self.visitRows(statement) { try visit(StoredItem(item: ItemCodec.decode($0), size: $1)) }
    }

    /// `query` for a read that returns items unchanged: each item is lent still encoded.
    public func queryEncoded(_ table: TableDefinition, partition: [UInt8], range: SortKeyRange, forward: Bool,
                             exclusiveStart: [UInt8]?, _ visit: (EncodedItem) throws -> Bool) throws {
        let statement = try queryStatement(table, partition: partition, range: range, forward: forward, exclusiveStart: exclusiveStart)
        try Self.visitRows(statement) { try visit(EncodedItem(bytes: $0, size: $1)) }
    }

    private func queryStatement(_ table: TableDefinition, partition: [UInt8], range: SortKeyRange, forward: Bool,
                                exclusiveStart: [UInt8]?) throws -> SQLiteStatement {
        // Found by its form, without building its SQL (that and hashing it were 1.5% of a Query).
        func form(_ bound: SortKeyRange.Bound?) -> Int { bound.map { $0.inclusive ? 1 : 2 } ?? 0 }
        let variant = form(range.lower) + 3 * form(range.upper) + 9 * (exclusiveStart == nil ? 0 : 1) + 18 * (forward ? 0 : 1)
        let storageName = table.storageName  // the closure captures this, not the whole definition
        let statement = try connection.statement(.query, table: storageName, variant: variant) {
            var sql = "SELECT item, size FROM \"\(storageName)\" WHERE h = ?1 AND pk = ?2"
            sql += range.sqlConditions
            if exclusiveStart != nil { sql += forward ? " AND sk > ?5" : " AND sk < ?5" }
            sql += forward ? " ORDER BY sk ASC" : " ORDER BY sk DESC"
            return sql
        }
        statement.bind(1, StorageKey.hash(of: partition))
        statement.bind(2, partition)
        range.bind(to: statement)
        if let exclusiveStart { statement.bind(5, exclusiveStart) }
        return statement
    }

    /// Visits items in storage order (partition-key hash, then keys), optionally one hash segment
    /// `[segment.lowerBound, segment.upperBound)`, starting after `exclusiveStart`.
    public func scan(_ table: TableDefinition, segment: Range<Int>? = nil, exclusiveStart: StorageKey?,
                     _ visit: (StoredItem) throws -> Bool) throws {
        let statement = try scanStatement(table, segment: segment, exclusiveStart: exclusiveStart)
        try Self.visitRows(statement) { try visit(StoredItem(item: ItemCodec.decode($0), size: $1)) }
    }

    /// `scan` for a read that returns items unchanged: each item is lent still encoded.
    public func scanEncoded(_ table: TableDefinition, segment: Range<Int>? = nil, exclusiveStart: StorageKey?,
                            _ visit: (EncodedItem) throws -> Bool) throws {
        let statement = try scanStatement(table, segment: segment, exclusiveStart: exclusiveStart)
        try Self.visitRows(statement) { try visit(EncodedItem(bytes: $0, size: $1)) }
    }

    private func scanStatement(_ table: TableDefinition, segment: Range<Int>?, exclusiveStart: StorageKey?) throws -> SQLiteStatement {
        var sql = "SELECT item, size FROM \"\(table.storageName)\" WHERE 1"
        if segment != nil { sql += " AND h >= ?1 AND h < ?2" }
        if exclusiveStart != nil { sql += " AND (h, pk, sk) > (?3, ?4, ?5)" }
        sql += " ORDER BY h, pk, sk"
        let statement = try connection.statement(sql)
        if let segment {
            statement.bind(1, segment.lowerBound)
            statement.bind(2, segment.upperBound)
        }
        if let exclusiveStart {
            statement.bind(3, exclusiveStart.hash)
            statement.bind(4, exclusiveStart.partition)
            statement.bind(5, exclusiveStart.sort)
        }
        return statement
    }

    /// Steps through `SELECT item, size` rows; `visit` sees each item's bytes where SQLite holds them.
    private static func visitRows(_ statement: SQLiteStatement, _ visit: (UnsafeRawBufferPointer, Int) throws -> Bool) throws {
        defer { statement.reset() }
        while try statement.step() {
            if try !visit(statement.borrowedBlob(0), statement.int(1)) { break }
        }
    }

    /// Item count and total size, for DescribeTable.
    public func statistics(_ table: TableDefinition) throws -> (count: Int, bytes: Int) {
        let statement = try connection.statement("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM \"\(table.storageName)\"")
        defer { statement.reset() }
        guard try statement.step() else { return (0, 0) }
        return (statement.int(0), statement.int(1))
    }
}

/// An item in its stored encoding, made before a write takes the namespace's lock: the work
/// under the lock is what the two event loops wait for (encoding was 16% of the instructions a
/// BatchWriteItem's item spent under it, callgrind).
public struct PreparedItem: Sendable {
    let bytes: [UInt8]

    public init(_ item: Item) { bytes = ItemCodec.encode(item) }
}

/// A row's item still encoded, lent by `queryEncoded` and `scanEncoded` for one visit: the bytes
/// are SQLite's, valid until the next row. A read that returns items unchanged writes their JSON
/// from here; copying each row into an array of its own, and freeing it, was 7% of a 25-item
/// Query's instructions (callgrind).
public struct EncodedItem {
    let bytes: UnsafeRawBufferPointer
    public let size: Int

    /// Appends the item as DynamoDB JSON text (`AttributeValue.json`) to `out`.
    public func writeJSON(to out: inout JSONWriter) throws {
        try ItemCodec.writeJSON(bytes, to: &out)
    }

    public func decoded() throws -> Item {
        try ItemCodec.decode(bytes)
    }
}

/// An item as stored, with its DynamoDB size (computed once at write time).
public struct StoredItem {
    public var item: Item
    public var size: Int

    public init(item: Item, size: Int) {
        self.item = item
        self.size = size
    }
}

/// A primary key in storage form: the order-preserving encodings of the key values,
/// plus the partition hash that orders a Scan and splits it into segments.
public struct StorageKey: Equatable, Hashable, Sendable {
    public var partition: [UInt8]
    public var sort: [UInt8]
    public var hash: Int

    public init(partition: AttributeValue, sort: AttributeValue?) {
        self.partition = KeyEncoding.encode(partition)
        self.sort = sort.map(KeyEncoding.encode) ?? []
        self.hash = StorageKey.hash(of: self.partition)
    }

    /// A key from its stored encodings (an index entry's table key).
    public init(encodedPartition: [UInt8], encodedSort: [UInt8]) {
        partition = encodedPartition
        sort = encodedSort
        hash = StorageKey.hash(of: encodedPartition)
    }

    /// The number of distinct partition hashes; Scan segments split this range.
    public static let hashSpace = 1 << 32

    /// FNV-1a over the encoded partition key: stable across runs and platforms.
    public static func hash(of bytes: [UInt8]) -> Int {
        var value: UInt32 = 2_166_136_261
        for byte in bytes {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
        return Int(value)
    }
}

/// Bounds on the encoded sort key of a Query.
public struct SortKeyRange: Sendable {
    public struct Bound: Sendable {
        public var bytes: [UInt8]
        public var inclusive: Bool
        public init(_ bytes: [UInt8], inclusive: Bool) {
            self.bytes = bytes
            self.inclusive = inclusive
        }
    }

    public var lower: Bound?
    public var upper: Bound?

    public init(lower: Bound? = nil, upper: Bound? = nil) {
        self.lower = lower
        self.upper = upper
    }

    /// The bounds as SQL on the column `sk`, with parameters ?3 (lower) and ?4 (upper); shared by
    /// table and index queries.
    var sqlConditions: String {
        var sql = ""
        if let lower { sql += lower.inclusive ? " AND sk >= ?3" : " AND sk > ?3" }
        if let upper { sql += upper.inclusive ? " AND sk <= ?4" : " AND sk < ?4" }
        return sql
    }

    func bind(to statement: SQLiteStatement) {
        if let lower { statement.bind(3, lower.bytes) }
        if let upper { statement.bind(4, upper.bytes) }
    }

    /// All keys that start with `prefix` (begins_with on S or B): [prefix, successor(prefix)).
    public static func prefix(_ prefix: [UInt8]) -> SortKeyRange {
        var upper = prefix
        while let last = upper.last, last == 0xFF { upper.removeLast() }
        guard !upper.isEmpty else { return SortKeyRange(lower: Bound(prefix, inclusive: true)) }
        upper[upper.count - 1] += 1
        return SortKeyRange(lower: Bound(prefix, inclusive: true), upper: Bound(upper, inclusive: false))
    }
}
