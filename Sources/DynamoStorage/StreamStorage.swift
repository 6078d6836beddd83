import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// DynamoDB Streams, captured where items are written: every change to a table with an enabled
/// stream appends a record in the same SQLite transaction, so records are in commit order, a
/// transaction's writes appear together, and nothing is recorded for a write that rolls back.
///
/// `streams` holds one row per stream ever enabled (a table gets a new stream, with a new ARN, each
/// time its stream is enabled again). Each stream has one shard for its whole life: records are
/// numbered by one namespace-wide sequence, so a shard's records are a contiguous, increasing range.
/// `stream_records` holds the records; they are trimmed after 24 hours, as the service keeps them.
public struct StreamInfo: Sendable {
    public var arn: String
    public var tableName: String
    public var label: String
    public var viewType: String
    public var keySchema: KeySchema
    public var created: Double
    public var closed: Double?
    public var shardId: String
    public var startSequence: Int
    public var endSequence: Int?
}

public struct StreamRecord: Sendable {
    public var sequence: Int
    public var eventID: String
    public var eventName: String
    public var created: Double
    public var keys: Item
    public var newImage: Item?
    public var oldImage: Item?
    public var size: Int
    public var byService: Bool
}

extension StorageTransaction {
    /// Keeps `streams` in step with a table's settings: a new label opens a new stream (closing the
    /// previous one), no view type closes the open one.
    func updateStream(from old: TableDefinition?, to new: TableDefinition?) throws {
        let oldArn = old.flatMap { t in t.settings.streamViewType == nil ? nil : t.settings.latestStreamLabel.map(t.streamArn) }
        let newArn = new.flatMap { t in t.settings.streamViewType == nil ? nil : t.settings.latestStreamLabel.map(t.streamArn) }
        guard oldArn != newArn else { return }
        let now = Date().timeIntervalSince1970
        if let oldArn {
            let statement = try connection.statement("""
                UPDATE streams SET closed = ?1, end_seq = (SELECT MAX(seq) FROM stream_records WHERE arn = ?2)
                WHERE arn = ?2 AND closed IS NULL
                """)
            statement.bind(1, now)
            statement.bind(2, oldArn)
            try statement.run()
        }
        if let newArn, let table = new {
            let millis = Int(now * 1000)
            let shard = "shardId-" + String(repeating: "0", count: max(0, 20 - String(millis).count)) + String(millis)
                + "-" + UUID().uuidString.lowercased().prefix(8)
            let statement = try connection.statement("""
                INSERT OR REPLACE INTO streams(arn, table_name, label, view_type, key_schema, created, closed, shard_id, start_seq, end_seq)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8, NULL)
                """)
            statement.bind(1, newArn)
            statement.bind(2, table.name)
            statement.bind(3, table.settings.latestStreamLabel!)
            statement.bind(4, table.settings.streamViewType!)
            statement.bind(5, try Catalog.encodeKeySchema(table.keySchema))
            statement.bind(6, now)
            statement.bind(7, shard)
            statement.bind(8, try nextSequence())
            try statement.run()
        }
    }

    /// The number the next record will get.
    public func nextSequence() throws -> Int {
        let statement = try connection.statement("SELECT seq FROM sqlite_sequence WHERE name = 'stream_records'")
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) + 1 : 1
    }

    /// Appends the record for one item change; a write that changes nothing records nothing.
    func recordChange(_ table: TableDefinition, old: Item?, new: Item?, byService: Bool) throws {
        guard let viewType = table.settings.streamViewType, let label = table.settings.latestStreamLabel else { return }
        let eventName: String
        switch (old, new) {
        case (nil, nil): return
        case (nil, _?): eventName = "INSERT"
        case (_?, nil): eventName = "REMOVE"
        case (let o?, let n?):
            if o == n { return }
            eventName = "MODIFY"
        }
        let keys = (new ?? old)!.filter { table.keySchema.contains($0.key) }
        let newImage = (viewType == "NEW_IMAGE" || viewType == "NEW_AND_OLD_IMAGES") ? new : nil
        let oldImage = (viewType == "OLD_IMAGE" || viewType == "NEW_AND_OLD_IMAGES") ? old : nil
        let size = itemSize(keys) + (newImage.map(itemSize) ?? 0) + (oldImage.map(itemSize) ?? 0)
        let statement = try connection.statement("""
            INSERT INTO stream_records(arn, event_id, event_name, created, keys, new_image, old_image, size, by_service)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """)
        statement.bind(1, table.streamArn(label: label))
        statement.bind(2, UUID().uuidString.lowercased())
        statement.bind(3, eventName)
        statement.bind(4, Date().timeIntervalSince1970)
        statement.bind(5, ItemCodec.encode(keys))
        if let newImage { statement.bind(6, ItemCodec.encode(newImage)) } else { statement.bindNull(6) }
        if let oldImage { statement.bind(7, ItemCodec.encode(oldImage)) } else { statement.bindNull(7) }
        statement.bind(8, size)
        statement.bind(9, byService ? 1 : 0)
        try statement.run()
    }

    /// Streams, newest first; only those of `tableName` when given.
    public func streams(tableName: String? = nil) throws -> [StreamInfo] {
        let statement = try connection.statement("""
            SELECT arn, table_name, label, view_type, key_schema, created, closed, shard_id, start_seq, end_seq
            FROM streams WHERE ?1 IS NULL OR table_name = ?1 ORDER BY created DESC, arn
            """)
        defer { statement.reset() }
        if let tableName { statement.bind(1, tableName) } else { statement.bindNull(1) }
        var found: [StreamInfo] = []
        while try statement.step() {
            found.append(StreamInfo(
                arn: statement.text(0), tableName: statement.text(1), label: statement.text(2), viewType: statement.text(3),
                keySchema: try Catalog.decodeKeySchema(statement.blob(4)), created: statement.double(5),
                closed: statement.isNull(6) ? nil : statement.double(6), shardId: statement.text(7),
                startSequence: statement.int(8), endSequence: statement.isNull(9) ? nil : statement.int(9)))
        }
        return found
    }

    public func stream(_ arn: String) throws -> StreamInfo? {
        try streams().first { $0.arn == arn }
    }

    /// The first and last sequence numbers a stream still holds, if any.
    public func retainedRange(_ arn: String) throws -> (first: Int, last: Int)? {
        let statement = try connection.statement("SELECT MIN(seq), MAX(seq) FROM stream_records WHERE arn = ?1")
        defer { statement.reset() }
        statement.bind(1, arn)
        guard try statement.step(), !statement.isNull(0) else { return nil }
        return (statement.int(0), statement.int(1))
    }

    /// Up to `limit` records of a stream from sequence `from` on.
    public func streamRecords(_ arn: String, from: Int, limit: Int) throws -> [StreamRecord] {
        let statement = try connection.statement("""
            SELECT seq, event_id, event_name, created, keys, new_image, old_image, size, by_service
            FROM stream_records WHERE arn = ?1 AND seq >= ?2 ORDER BY seq LIMIT ?3
            """)
        defer { statement.reset() }
        statement.bind(1, arn)
        statement.bind(2, from)
        statement.bind(3, limit)
        var records: [StreamRecord] = []
        while try statement.step() {
            records.append(StreamRecord(
                sequence: statement.int(0), eventID: statement.text(1), eventName: statement.text(2), created: statement.double(3),
                keys: try ItemCodec.decode(statement.blob(4)),
                newImage: statement.isNull(5) ? nil : try ItemCodec.decode(statement.blob(5)),
                oldImage: statement.isNull(6) ? nil : try ItemCodec.decode(statement.blob(6)),
                size: statement.int(7), byService: statement.int(8) != 0))
        }
        return records
    }

    /// Drops records older than `before` (24-hour retention) and streams closed before it.
    public func trimStreams(before: Double) throws {
        precondition(writable)
        let records = try connection.statement("DELETE FROM stream_records WHERE created < ?1")
        records.bind(1, before)
        try records.run()
        let streams = try connection.statement("DELETE FROM streams WHERE closed IS NOT NULL AND closed < ?1")
        streams.bind(1, before)
        try streams.run()
    }
}

extension Catalog {
    static func encodeKeySchema(_ schema: KeySchema) throws -> [UInt8] { [UInt8](try JSONEncoder().encode(schema)) }
    static func decodeKeySchema(_ bytes: [UInt8]) throws -> KeySchema { try JSONDecoder().decode(KeySchema.self, from: Data(bytes)) }
}
