import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// The `catalog` SQL table: one row per DynamoDB table, its definition as JSON.
enum Catalog {
    static func load(_ connection: SQLiteConnection) throws(StorageError) -> [String: TableDefinition] {
        let statement = try connection.statement("SELECT name, definition FROM catalog")
        var tables: [String: TableDefinition] = [:]
        while try statement.step() {
            let name = statement.text(0)
            do {
                tables[name] = try JSONDecoder().decode(TableDefinition.self, from: Data(statement.blob(1)))
            } catch {
                throw StorageError("catalog entry for \(name) is unreadable: \(error)")
            }
        }
        return tables
    }

    static func encode(_ table: TableDefinition) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return [UInt8](try encoder.encode(table))
    }
}

/// Named, ordered schema migrations, tracked in SQLite's `user_version`.
enum Migrations {
    static let steps: [(name: String, sql: String)] = [
        ("catalog", "CREATE TABLE catalog (name TEXT PRIMARY KEY, definition BLOB NOT NULL) WITHOUT ROWID"),
        ("streams", """
            CREATE TABLE streams (arn TEXT PRIMARY KEY, table_name TEXT NOT NULL, label TEXT NOT NULL,
                view_type TEXT NOT NULL, key_schema BLOB NOT NULL, created REAL NOT NULL, closed REAL,
                shard_id TEXT NOT NULL, start_seq INTEGER NOT NULL, end_seq INTEGER);
            CREATE TABLE stream_records (seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL,
                event_id TEXT NOT NULL, event_name TEXT NOT NULL, created REAL NOT NULL, keys BLOB NOT NULL,
                new_image BLOB, old_image BLOB, size INTEGER NOT NULL, by_service INTEGER NOT NULL);
            CREATE INDEX stream_records_by_stream ON stream_records (arn, seq);
            """),
    ]

    static func run(on connection: SQLiteConnection, durability: StorageEngine.Durability, inMemory: Bool = false) throws(StorageError) {
        // synchronous is per connection, not stored in the file: set on every open.
        // locking_mode=EXCLUSIVE before WAL: one process owns the file, so SQLite takes no file
        // locks per transaction and keeps the WAL index in heap memory instead of a shared
        // -shm mapping (fcntl was 4% of a PutItem on disk). wal_autocheckpoint=10000 (40 MB):
        // a hot page rewritten many times is copied to the database once per checkpoint, not
        // once per 1,000 pages written (checkpoint reads, writes and fsyncs were 16%).
        // In memory (memdb) the rollback journal is no WAL: there is nothing to make durable, and
        // WAL frames, their checksums and checkpoints were 7% of a PutItem's instructions there.
        // TRUNCATE, not MEMORY: memdb then opens the journal as a memdb file of its own, whose
        // buffer the exclusive lock keeps open and reuses from one transaction to the next. A
        // MEMORY journal mallocs 1 KB chunks for each page it copies and frees them at COMMIT:
        // 21% of the engine thread's instructions for a BatchWriteItem (524k -> 414k, callgrind),
        // and 3,228-3,591 -> 3,656-4,362 BatchWriteItems/s in three A/B rounds. The buffer keeps
        // the size of the largest transaction's journal (docs/ARCHITECTURE.md, "Storage").
        // temp_store=MEMORY: each request's savepoint (group commit, Namespace) keeps the pages it
        // changes in a sub-journal, by default a temporary file: 3.7 more pwrite calls per PutItem.
        // secure_delete=OFF: Debian builds SQLite with it on, so every freed cell and page was
        // zeroed (memset, 1.3% of a BatchWriteItem's instructions); SQLite's own default is off.
        try connection.execute("""
            PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=\(inMemory ? "TRUNCATE" : "WAL"); PRAGMA wal_autocheckpoint=10000;
            PRAGMA synchronous=\(durability.synchronousPragma); PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=OFF
            """)
        let version = try connection.statement("PRAGMA user_version")
        // Reset at once: a statement left on a row keeps its read transaction open, and that
        // stopped every checkpoint, so the WAL file grew without end (7.6 GB for 1M items).
        defer { version.reset() }
        let current = try version.step() ? version.int(0) : 0
        guard current < steps.count else { return }
        try connection.execute("BEGIN IMMEDIATE")
        for step in steps[current...] { try connection.execute(step.sql) }
        try connection.execute("PRAGMA user_version = \(steps.count); COMMIT")
    }
}
