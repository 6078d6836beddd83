import Foundation
import XCTest
@testable import DynamoModel
@testable import DynamoStorage
import TestSupport

final class NamespaceTests: TemporaryDirectoryTestCase {
    func makeTable(_ name: String = "t") -> TableDefinition {
        TableDefinition(name: name, tableId: UUID().uuidString, keySchema: KeySchema(hash: KeyElement(name: "pk", type: .s), range: KeyElement(name: "sk", type: .n)),
                        attributeDefinitions: [], billingMode: .payPerRequest, billingModeExplicit: true,
                        readCapacityUnits: 0, writeCapacityUnits: 0, creationDateTime: 0, storageName: "items_" + UUID().uuidString.replacingOccurrences(of: "-", with: ""))
    }

    func item(_ pk: String, _ sk: Int, _ extra: String = "x") -> (StorageKey, Item) {
        let item: Item = ["pk": .s(pk), "sk": .n(DynamoNumber(sk)), "data": .s(extra)]
        return (StorageKey(partition: .s(pk), sort: .n(DynamoNumber(sk))), item)
    }

    /// SQLite checkpoints the WAL into the database file as it grows (every 10,000 pages, 40 MB:
    /// Catalog.swift). A statement left on a row once kept a read transaction open, so no
    /// checkpoint ever completed: the database file stayed empty and the WAL grew without end.
    func testTheWALIsCheckpointedAsWritesGo() throws {
        let table = makeTable()
        let engine = StorageEngine(location: .directory(directory))
        let namespace = try engine.namespace("AKID_us-east-1")
        try namespace.write { tx in try tx.createTable(table) }
        let payload = String(repeating: "x", count: 30_000)
        for i in 0..<2_000 {
            let (key, value) = item("p\(i % 50)", i, payload)
            try namespace.write { tx in try tx.putItem(table, key, value, size: itemSize(value)) }
        }
        let path = directory + "/AKID_us-east-1.db"
        let database = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        // 60 MB of items: a checkpoint has moved a good part of them into the database file, and
        // the WAL stays near its checkpoint size instead of holding everything.
        XCTAssertGreaterThan(database, 30_000_000)
        XCTAssertLessThan(wal, 48_000_000)
    }

    /// An item encoded before the write (`PreparedItem`, outside the lock) is stored exactly as one
    /// the write encodes itself.
    func testAPreparedItemIsStoredAsTheItemItself() throws {
        let table = makeTable()
        let namespace = try StorageEngine(location: .memory).namespace("n")
        try namespace.write { tx in try tx.createTable(table) }
        let (key, value) = item("p", 1, "payload")
        var nested = value
        nested["m"] = .m(["l": .l([.n(DynamoNumber(7)), .ss(["a", "b"])]), "b": .b([0, 255])])
        try namespace.write { tx in try tx.putItem(table, key, nested, size: itemSize(nested), prepared: PreparedItem(nested)) }
        let (otherKey, _) = item("p", 2)
        var other = nested
        other["sk"] = .n(DynamoNumber(2))
        try namespace.write { tx in try tx.putItem(table, otherKey, other, size: itemSize(other)) }
        let stored = try namespace.read { tx in try tx.getItemEncoded(table, key) { Array($0.bytes) } }
        let reference = try namespace.read { tx in try tx.getItemEncoded(table, otherKey) { Array($0.bytes) } }
        XCTAssertEqual(try namespace.read { tx in try tx.getItem(table, key)?.item }, nested)
        XCTAssertEqual(stored, PreparedItem(nested).bytes)
        XCTAssertEqual(reference, PreparedItem(other).bytes)
    }

    func testNamespacesBeyondTheCapAreRefusedAndOpenOnesStayAvailable() throws {
        let engine = StorageEngine(location: .memory, maxNamespaces: 2)
        let a = try engine.namespace("a")
        _ = try engine.namespace("b")
        XCTAssertThrowsError(try engine.namespace("c")) {
            XCTAssertEqual(($0 as? StorageEngine.TooManyNamespaces)?.limit, 2)
            XCTAssertEqual(($0 as? StorageEngine.TooManyNamespaces)?.first, true, "the operator hears of the first refusal")
        }
        XCTAssertThrowsError(try engine.namespace("d")) {
            XCTAssertEqual(($0 as? StorageEngine.TooManyNamespaces)?.first, false, "and not of every one after it")
        }
        XCTAssertTrue(try engine.namespace("a") === a, "an open one is still found")
        XCTAssertEqual(engine.openNamespaces().count, 2)
    }

    func testOpeningExistingFilesStopsAtTheCap() throws {
        do {
            let engine = StorageEngine(location: .directory(directory))
            for name in ["a", "b", "c"] { _ = try engine.namespace(name) }
            engine.close()
        }
        let engine = StorageEngine(location: .directory(directory), maxNamespaces: 2)
        XCTAssertNoThrow(try engine.openExisting())
        XCTAssertEqual(engine.openNamespaces().map(\.name).sorted(), ["a", "b"])
    }

    func testItemsSurviveReopeningTheFile() throws {
        let table = makeTable()
        do {
            let engine = StorageEngine(location: .directory(directory))
            let namespace = try engine.namespace("AKID_us-east-1")
            try namespace.write { tx in
                try tx.createTable(table)
                for i in 0..<10 {
                    let (key, value) = item("p", i)
                    try tx.putItem(table, key, value, size: itemSize(value))
                }
            }
            engine.close()
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/AKID_us-east-1.db"))
        let engine = StorageEngine(location: .directory(directory))
        let namespace = try engine.namespace("AKID_us-east-1")
        let stats = try namespace.read { tx in try tx.statistics(tx.table("t")!) }
        XCTAssertEqual(stats.count, 10)
        let stored = try namespace.read { tx in try tx.getItem(tx.table("t")!, self.item("p", 3).0) }
        XCTAssertEqual(stored?.item["sk"], .n(DynamoNumber(3)))
    }

    func testQueryWalksOnePartitionInSortKeyOrder() throws {
        let namespace = try StorageEngine(location: .memory).namespace("n")
        let table = makeTable()
        try namespace.write { tx in
            try tx.createTable(table)
            for i in [5, -3, 10, 0, 7, 100, -50] {
                let (key, value) = self.item("a", i)
                try tx.putItem(table, key, value, size: 10)
            }
            let (key, value) = self.item("b", 1)
            try tx.putItem(table, key, value, size: 10)
        }
        func sortKeys(range: SortKeyRange = SortKeyRange(), forward: Bool = true, after: Int? = nil) throws -> [String] {
            var seen: [String] = []
            try namespace.read { tx in
                let start = after.map { KeyEncoding.encode(.n(DynamoNumber($0))) }
                try tx.query(table, partition: KeyEncoding.encode(.s("a")), range: range, forward: forward, exclusiveStart: start) { stored in
                    if case .n(let n)? = stored.item["sk"] { seen.append(n.description) }
                    return true
                }
            }
            return seen
        }
        XCTAssertEqual(try sortKeys(), ["-50", "-3", "0", "5", "7", "10", "100"])
        XCTAssertEqual(try sortKeys(forward: false), ["100", "10", "7", "5", "0", "-3", "-50"])
        XCTAssertEqual(try sortKeys(after: 0), ["5", "7", "10", "100"])
        XCTAssertEqual(try sortKeys(forward: false, after: 0), ["-3", "-50"])
        let between = SortKeyRange(lower: .init(KeyEncoding.encode(.n(DynamoNumber(-3))), inclusive: true),
                                   upper: .init(KeyEncoding.encode(.n(DynamoNumber(7))), inclusive: false))
        XCTAssertEqual(try sortKeys(range: between), ["-3", "0", "5"])
        // Every form of the query's SQL (each is a cached statement of its own): bounds absent,
        // inclusive or exclusive, either direction, with and without a start.
        let all = [-50, -3, 0, 5, 7, 10, 100]
        func bound(_ form: Int, _ value: Int) -> SortKeyRange.Bound? {
            form == 0 ? nil : .init(KeyEncoding.encode(.n(DynamoNumber(value))), inclusive: form == 1)
        }
        for lower in 0..<3 {
            for upper in 0..<3 {
                for forward in [true, false] {
                    for after in [nil, 5] as [Int?] {
                        let range = SortKeyRange(lower: bound(lower, -3), upper: bound(upper, 10))
                        var expected = all.filter {
                            (lower == 0 || (lower == 1 ? $0 >= -3 : $0 > -3)) && (upper == 0 || (upper == 1 ? $0 <= 10 : $0 < 10))
                        }
                        if !forward { expected.reverse() }
                        if let after { expected = expected.filter { forward ? $0 > after : $0 < after } }
                        XCTAssertEqual(try sortKeys(range: range, forward: forward, after: after), expected.map(String.init),
                                       "\(lower) \(upper) \(forward) \(String(describing: after))")
                    }
                }
            }
        }
    }

    func testPrefixRange() {
        let range = SortKeyRange.prefix(Array("2024".utf8))
        XCTAssertEqual(range.lower?.bytes, Array("2024".utf8))
        XCTAssertEqual(range.upper?.bytes, Array("2025".utf8))
        XCTAssertEqual(SortKeyRange.prefix([0x61, 0xFF]).upper?.bytes, [0x62])
        XCTAssertNil(SortKeyRange.prefix([0xFF, 0xFF]).upper)
    }

    func testScanSegmentsPartitionTheTable() throws {
        let namespace = try StorageEngine(location: .memory).namespace("n")
        let table = makeTable()
        try namespace.write { tx in
            try tx.createTable(table)
            for p in 0..<200 {
                let (key, value) = self.item("p\(p)", p % 3)
                try tx.putItem(table, key, value, size: 10)
            }
        }
        var all: [String] = []
        let segments = 7
        for segment in 0..<segments {
            let width = StorageKey.hashSpace / segments
            let upper = segment == segments - 1 ? StorageKey.hashSpace : (segment + 1) * width
            try namespace.read { tx in
                try tx.scan(table, segment: (segment * width)..<upper, exclusiveStart: nil) { stored in
                    if case .s(let s)? = stored.item["pk"] { all.append(s) }
                    return true
                }
            }
        }
        XCTAssertEqual(all.count, 200)
        XCTAssertEqual(Set(all).count, 200)
    }

    func testFailedWriteRollsBack() throws {
        let namespace = try StorageEngine(location: .memory).namespace("n")
        let table = makeTable()
        struct Boom: Error {}
        XCTAssertThrowsError(try namespace.write { tx in
            try tx.createTable(table)
            throw Boom()
        })
        XCTAssertNil(try namespace.read { tx in tx.table("t") })
    }

    /// A Query that stopped early (Limit) leaves its statement mid-step; DROP TABLE must still work.
    func testDropTableAfterAnInterruptedQuery() throws {
        let table = makeTable()
        let engine = StorageEngine(location: .memory)
        let namespace = try engine.namespace("n")
        try namespace.write { tx in
            try tx.createTable(table)
            for i in 0..<3 {
                let (key, value) = item("p", i)
                try tx.putItem(table, key, value, size: itemSize(value))
            }
        }
        try namespace.read { tx in
            var seen = 0
            try tx.query(table, partition: KeyEncoding.encode(.s("p")), range: SortKeyRange(), forward: true, exclusiveStart: nil) { _ in
                seen += 1
                return false
            }
            XCTAssertEqual(seen, 1)
            _ = try tx.statistics(table)
        }
        try namespace.write { tx in try tx.dropTable(table) }
        try namespace.read { tx in XCTAssertNil(tx.table(table.name)) }
    }

    /// Index entries are written with their item, follow updates and deletes, skip items without the
    /// index key (sparse), and are still there after the database is reopened.
    func testIndexEntriesFollowWritesAndSurviveReopening() throws {
        var table = makeTable()
        let index = SecondaryIndex(name: "by-g", kind: .global, keySchema: KeySchema(hash: KeyElement(name: "g", type: .s)),
                                   projectionType: .keysOnly, nonKeyAttributes: [], readCapacityUnits: 0, writeCapacityUnits: 0,
                                   storageName: "index_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: ""))
        table.indexes = [index]
        func entries(_ namespace: Namespace, _ g: String) throws -> [Item] {
            try namespace.read { tx in
                var found: [Item] = []
                try tx.queryIndex(index, partition: KeyEncoding.encode(.s(g)), range: SortKeyRange(), forward: true,
                                  exclusiveStart: nil) { found.append($0.stored.item); return true }
                return found
            }
        }
        do {
            let engine = StorageEngine(location: .directory(directory))
            let namespace = try engine.namespace("n")
            try namespace.write { tx in
                try tx.createTable(table)
                for i in 0..<4 {
                    var (key, value) = item("p", i)
                    if i < 3 { value["g"] = .s(i == 0 ? "A" : "B") }  // item 3 has no g: not indexed
                    try tx.putItem(table, key, value, size: itemSize(value))
                }
                // Move item 1 from B to A, delete item 2.
                var (key, value) = item("p", 1)
                value["g"] = .s("A")
                try tx.putItem(table, key, value, size: itemSize(value))
                (key, _) = item("p", 2)
                try tx.deleteItem(table, key)
            }
            XCTAssertEqual(try entries(namespace, "A").map { $0["sk"] }, [.n(DynamoNumber(0)), .n(DynamoNumber(1))])
            XCTAssertEqual(try entries(namespace, "B").count, 0)
            // KEYS_ONLY: the table's and the index's keys only.
            XCTAssertEqual(Set(try entries(namespace, "A")[0].keys), ["pk", "sk", "g"])
            engine.close()
        }
        let engine = StorageEngine(location: .directory(directory))
        let namespace = try engine.namespace("n")
        XCTAssertEqual(try entries(namespace, "A").count, 2)
        try namespace.read { tx in XCTAssertEqual(try tx.statistics(index).count, 2) }
    }

    /// The durability setting becomes the connection's `synchronous` pragma (1 NORMAL, 2 FULL), in WAL mode.
    func testDurabilitySetsTheSynchronousPragma() throws {
        func pragmas(_ engine: StorageEngine) throws -> (journal: String?, synchronous: Int?) {
            let namespace = try engine.namespace("n")
            return (try namespace.firstValue("PRAGMA journal_mode"), try namespace.firstValue("PRAGMA synchronous").flatMap { Int($0) })
        }
        let normal = StorageEngine(location: .directory(directory))
        XCTAssertEqual(try pragmas(normal).journal, "wal")
        XCTAssertEqual(try pragmas(normal).synchronous, 1)
        normal.close()
        // Reopening the same file with the other setting: the pragma is per connection.
        let full = StorageEngine(location: .directory(directory), durability: .powerLoss)
        XCTAssertEqual(try pragmas(full).journal, "wal")
        XCTAssertEqual(try pragmas(full).synchronous, 2)
        full.close()
    }

    /// Debian's SQLite is built with SECURE_DELETE, which zeroes every freed cell and page; every
    /// connection turns it off (Migrations.run), on disk and in memory.
    func testSecureDeleteIsOff() throws {
        for location in [StorageEngine.Location.directory(directory), .memory] {
            let engine = StorageEngine(location: location)
            defer { engine.close() }
            XCTAssertEqual(try engine.namespace("n").firstValue("PRAGMA secure_delete"), "0", "\(location)")
        }
    }

    /// An in-memory database may grow to just under 2 GB, not memdb's default 1 GB (past which
    /// every write failed); a file has no such limit.
    func testAnInMemoryDatabaseMayGrowToTheLargestAllocation() throws {
        let memory = StorageEngine(location: .memory)
        defer { memory.close() }
        XCTAssertEqual(try memory.namespace("n").read { $0.connection.sizeLimit }, 0x7FFF_0000)
        XCTAssertGreaterThan(SQLiteConnection.memoryDatabaseLimit, 1 << 30)
        let disk = StorageEngine(location: .directory(directory))
        defer { disk.close() }
        XCTAssertNil(try disk.namespace("n").read { $0.connection.sizeLimit })
    }

    /// In memory the rollback journal is a memdb file kept open between transactions (TRUNCATE
    /// under the exclusive lock), not MEMORY's chunks: nothing reaches the disk, and a group of
    /// writes still rolls back whole, each time the journal is reused.
    func testInMemoryTheRollbackJournalIsAMemdbFileAndUndoesAGroup() throws {
        let before = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.currentDirectoryPath)
        let namespace = try StorageEngine(location: .memory).namespace("n")
        XCTAssertEqual(try namespace.firstValue("PRAGMA journal_mode"), "truncate")
        let table = TableDefinition.stringHashKey("j")
        try namespace.write { tx in try tx.createTable(table) }
        func put(_ tx: StorageTransaction, _ pk: String) throws {
            let item: Item = ["pk": .s(pk), "payload": .s(String(repeating: "x", count: 300))]
            try tx.putItem(table, StorageKey(partition: .s(pk), sort: nil), item, size: itemSize(item))
        }
        for round in 0..<2 {  // the journal is reused: each round's group rolls back as the first did
            try namespace.write { tx in try put(tx, "kept\(round)") }
            try namespace.write(deferringCommit: true) { tx in for i in 0..<1_000 { try put(tx, "lost\(round)-\(i)") } }
            struct Refused: Error {}
            XCTAssertThrowsError(try namespace.write(deferringCommit: true, checksFirst: true) { tx in
                try put(tx, "breaks-the-promise")
                throw Refused()
            })
            let count = try namespace.read { tx in
                var count = 0
                try tx.scan(table, exclusiveStart: nil) { _ in count += 1; return true }
                return count
            }
            XCTAssertEqual(count, round + 1, "only the committed items are left")
            XCTAssertTrue(try namespace.read { $0.connection.journalIsOpen }, "the journal stays open for the next transaction")
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.currentDirectoryPath)
        XCTAssertEqual(Set(after), Set(before), "no journal file on disk")
    }
}

extension Namespace {
    /// The first column of the first row `sql` returns, as text (a PRAGMA's value), or nil.
    func firstValue(_ sql: String) throws -> String? {
        try read { tx in
            let statement = try tx.connection.statement(sql)
            defer { statement.reset() }
            return try statement.step() ? statement.text(0) : nil
        }
    }
}
