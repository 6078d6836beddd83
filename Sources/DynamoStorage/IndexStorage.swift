import DynamoModel

/// Secondary-index entries: one SQL table per index,
/// `(h, pk, sk, tpk, tsk, item, size) PRIMARY KEY (h, pk, sk, tpk, tsk) WITHOUT ROWID`, where
/// `pk`/`sk` are the index key's order-preserving encodings, `h` the hash of `pk` (Scan order and
/// segments, as for tables), and `tpk`/`tsk` the table key, which makes each entry unique and orders
/// items with equal index keys. `item` is the projected item, `size` its DynamoDB size.
/// Entries are written in the base item's transaction: one row write per index per item write.
extension StorageTransaction {
    func createIndexStorage(_ index: SecondaryIndex) throws {
        try connection.execute("""
            CREATE TABLE "\(index.storageName)" (
                h INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, tpk BLOB NOT NULL, tsk BLOB NOT NULL,
                item BLOB NOT NULL, size INTEGER NOT NULL,
                PRIMARY KEY (h, pk, sk, tpk, tsk)) WITHOUT ROWID
            """)
    }

    func dropIndexStorage(_ index: SecondaryIndex) throws {
        connection.forgetStatements(containing: "\"\(index.storageName)\"")
        try connection.execute("DROP TABLE IF EXISTS \"\(index.storageName)\"")
    }

    /// Adds an index to an existing table and fills it from the table's items (UpdateTable).
    public func addIndex(_ index: SecondaryIndex, to table: TableDefinition) throws {
        precondition(writable)
        try createIndexStorage(index)
        var updated = table
        updated.indexes.append(index)
        var pending: [(StorageKey, Item)] = []
        try scan(table, exclusiveStart: nil) { stored in
            let key = StorageKey(partition: stored.item[table.keySchema.hash.name]!,
                                 sort: table.keySchema.range.map { stored.item[$0.name]! })
            if index.indexes(stored.item) { pending.append((key, stored.item)) }
            return true
        }
        for (key, item) in pending { try writeEntry(index, updated, key, item) }
        try saveTable(updated)
    }

    /// Removes an index and its entries (UpdateTable).
    public func removeIndex(_ name: String, from table: TableDefinition) throws {
        precondition(writable)
        guard let index = table.index(named: name) else { return }
        try dropIndexStorage(index)
        var updated = table
        updated.indexes.removeAll { $0.name == name }
        try saveTable(updated)
    }

    /// Replaces the entries of `old` (if any) by those of `new` (if any) in every index.
    func updateIndexes(_ table: TableDefinition, _ key: StorageKey, old: Item?, new: Item?) throws {
        for index in table.indexes {
            if let old, index.indexes(old) { try deleteEntry(index, key, old) }
            if let new, index.indexes(new) { try writeEntry(index, table, key, new) }
        }
    }

    static func indexKey(_ index: SecondaryIndex, _ item: Item) -> (partition: [UInt8], sort: [UInt8]) {
        let partition = KeyEncoding.encode(item[index.keySchema.hash.name]!)
        let sort = index.keySchema.range.map { KeyEncoding.encode(item[$0.name]!) } ?? []
        return (partition, sort)
    }

    func deleteEntry(_ index: SecondaryIndex, _ key: StorageKey, _ item: Item) throws {
        let statement = try connection.statement(
            "DELETE FROM \"\(index.storageName)\" WHERE h = ?1 AND pk = ?2 AND sk = ?3 AND tpk = ?4 AND tsk = ?5")
        Self.bindEntryKey(statement, index, key, item)
        try statement.run()
    }

    func writeEntry(_ index: SecondaryIndex, _ table: TableDefinition, _ key: StorageKey, _ item: Item) throws {
        let projected = index.project(item, tableKey: table.keySchema)
        let statement = try connection.statement(
            "INSERT OR REPLACE INTO \"\(index.storageName)\"(h, pk, sk, tpk, tsk, item, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        Self.bindEntryKey(statement, index, key, item)
        statement.bind(6, ItemCodec.encode(projected))
        statement.bind(7, itemSize(projected))
        try statement.run()
    }

    /// Binds ?1...?5: the entry's hash, index key and table key.
    static func bindEntryKey(_ statement: SQLiteStatement, _ index: SecondaryIndex, _ key: StorageKey, _ item: Item) {
        let (partition, sort) = indexKey(index, item)
        statement.bind(1, StorageKey.hash(of: partition))
        statement.bind(2, partition)
        statement.bind(3, sort)
        statement.bind(4, key.partition)
        statement.bind(5, key.sort)
    }

    /// Visits one index partition in index sort-key order (ties in table-key order), after
    /// `exclusiveStart` when given. Runs on the index table's primary key.
    public func queryIndex(_ index: SecondaryIndex, partition: [UInt8], range: SortKeyRange, forward: Bool,
                           exclusiveStart: IndexPosition?, _ visit: (IndexEntry) throws -> Bool) throws {
        var sql = "SELECT item, size, tpk, tsk FROM \"\(index.storageName)\" WHERE h = ?1 AND pk = ?2"
        sql += range.sqlConditions
        if exclusiveStart != nil { sql += forward ? " AND (sk, tpk, tsk) > (?5, ?6, ?7)" : " AND (sk, tpk, tsk) < (?5, ?6, ?7)" }
        sql += forward ? " ORDER BY sk ASC, tpk ASC, tsk ASC" : " ORDER BY sk DESC, tpk DESC, tsk DESC"
        let statement = try connection.statement(sql)
        statement.bind(1, StorageKey.hash(of: partition))
        statement.bind(2, partition)
        range.bind(to: statement)
        if let exclusiveStart {
            statement.bind(5, exclusiveStart.sort)
            statement.bind(6, exclusiveStart.tableKey.partition)
            statement.bind(7, exclusiveStart.tableKey.sort)
        }
        defer { statement.reset() }
        while try statement.step() {
            if try !visit(Self.entry(statement)) { break }
        }
    }

    /// Visits an index in storage order (hash, keys), optionally one hash segment.
    public func scanIndex(_ index: SecondaryIndex, segment: Range<Int>? = nil, exclusiveStart: IndexPosition?,
                          _ visit: (IndexEntry) throws -> Bool) throws {
        var sql = "SELECT item, size, tpk, tsk FROM \"\(index.storageName)\" WHERE 1"
        if segment != nil { sql += " AND h >= ?1 AND h < ?2" }
        if exclusiveStart != nil { sql += " AND (h, pk, sk, tpk, tsk) > (?3, ?4, ?5, ?6, ?7)" }
        sql += " ORDER BY h, pk, sk, tpk, tsk"
        let statement = try connection.statement(sql)
        if let segment {
            statement.bind(1, segment.lowerBound)
            statement.bind(2, segment.upperBound)
        }
        if let exclusiveStart {
            statement.bind(3, StorageKey.hash(of: exclusiveStart.partition))
            statement.bind(4, exclusiveStart.partition)
            statement.bind(5, exclusiveStart.sort)
            statement.bind(6, exclusiveStart.tableKey.partition)
            statement.bind(7, exclusiveStart.tableKey.sort)
        }
        defer { statement.reset() }
        while try statement.step() {
            if try !visit(Self.entry(statement)) { break }
        }
    }

    static func entry(_ statement: SQLiteStatement) throws -> IndexEntry {
        IndexEntry(stored: StoredItem(item: try ItemCodec.decode(statement.blob(0)), size: statement.int(1)),
                   tablePartition: statement.blob(2), tableSort: statement.blob(3))
    }

    /// Entry count and total projected size, for DescribeTable.
    public func statistics(_ index: SecondaryIndex) throws -> (count: Int, bytes: Int) {
        let statement = try connection.statement("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM \"\(index.storageName)\"")
        defer { statement.reset() }
        guard try statement.step() else { return (0, 0) }
        return (statement.int(0), statement.int(1))
    }
}

/// One index entry as read: the projected item and the encoded key of its base item.
public struct IndexEntry {
    public var stored: StoredItem
    public var tablePartition: [UInt8]
    public var tableSort: [UInt8]
}

/// Where an index Query or Scan resumes: the index key and the table key of the last entry.
public struct IndexPosition: Sendable {
    public var partition: [UInt8]
    public var sort: [UInt8]
    public var tableKey: StorageKey

    public init(partition: [UInt8], sort: [UInt8], tableKey: StorageKey) {
        self.partition = partition
        self.sort = sort
        self.tableKey = tableKey
    }
}
