import Foundation
import XCTest
@testable import DynamoModel
@testable import DynamoStorage
import TestSupport

/// Group commit (`Namespace.write(deferringCommit:)`): the writes of many requests share one COMMIT.
final class GroupCommitTests: TemporaryDirectoryTestCase {
    let table = TableDefinition.stringHashKey("group")

    func put(_ namespace: Namespace, _ pk: String, deferring: Bool = true) throws {
        let item: Item = ["pk": .s(pk)]
        try namespace.write(deferringCommit: deferring) { tx in
            try tx.putItem(table, StorageKey(partition: .s(pk), sort: nil), item, size: itemSize(item))
        }
    }

    func keys(_ namespace: Namespace) throws -> [String] {
        try namespace.read { tx in
            var found: [String] = []
            try tx.scan(table, exclusiveStart: nil) { stored in
                if case .s(let pk)? = stored.item["pk"] { found.append(pk) }
                return true
            }
            return found.sorted()
        }
    }

    func walSize() -> Int {
        (try? FileManager.default.attributesOfItem(atPath: directory + "/g.db-wal")[.size] as? Int) ?? 0
    }

    func testDeferredWritesShareOneGroupAndReachTheWALAtItsCommit() throws {
        let namespace = try StorageEngine(location: .directory(directory)).namespace("g")
        try namespace.write { tx in try tx.createTable(table) }
        XCTAssertNil(namespace.openGroup)
        let before = walSize()

        try put(namespace, "a")
        let group = try XCTUnwrap(namespace.openGroup)
        try put(namespace, "b")
        XCTAssertEqual(namespace.openGroup, group, "a second write joins the open group")
        XCTAssertEqual(try keys(namespace), ["a", "b"], "reads see the open group")
        XCTAssertEqual(walSize(), before, "nothing is in the WAL before the COMMIT")

        try namespace.commit(through: group)
        XCTAssertNil(namespace.openGroup)
        XCTAssertGreaterThan(walSize(), before)
        try namespace.commit(through: group)  // a second waiter finds it committed

        try put(namespace, "c")
        XCTAssertEqual(namespace.openGroup, group + 1, "groups count up")
    }

    func testAFailedWriteUndoesOnlyItselfAndTheGroupStillCommits() throws {
        let namespace = try StorageEngine(location: .directory(directory)).namespace("g")
        try namespace.write { tx in try tx.createTable(table) }
        try put(namespace, "a")
        struct Refused: Error {}
        XCTAssertThrowsError(try namespace.write(deferringCommit: true) { tx in
            let item: Item = ["pk": .s("b")]
            try tx.putItem(table, StorageKey(partition: .s("b"), sort: nil), item, size: itemSize(item))
            throw Refused()
        })
        let group = try XCTUnwrap(namespace.openGroup)
        try namespace.commit(through: group)
        XCTAssertEqual(try keys(namespace), ["a"])
    }

    func testAWriteThatDoesNotDeferCommitsTheOpenGroupToo() throws {
        let namespace = try StorageEngine(location: .directory(directory)).namespace("g")
        try namespace.write { tx in try tx.createTable(table) }
        try put(namespace, "a")
        try put(namespace, "b", deferring: false)
        XCTAssertNil(namespace.openGroup)
    }

    func testCommittedGroupsSurviveReopeningAndClosingCommitsTheOpenOne() throws {
        do {
            let engine = StorageEngine(location: .directory(directory))
            let namespace = try engine.namespace("g")
            try namespace.write { tx in try tx.createTable(table) }
            try put(namespace, "a")
            try namespace.commit(through: XCTUnwrap(namespace.openGroup))
            try put(namespace, "b")
            engine.close()
        }
        let namespace = try StorageEngine(location: .directory(directory)).namespace("g")
        XCTAssertEqual(try keys(namespace), ["a", "b"])
    }

    func testACatalogueChangeInAGroupIsUndoneWithItsWriteOnly() throws {
        let namespace = try StorageEngine(location: .memory).namespace("g")
        try namespace.write(deferringCommit: true) { tx in try tx.createTable(table) }
        struct Refused: Error {}
        var other = table
        other.name = "u"
        other.storageName = "items_other"
        XCTAssertThrowsError(try namespace.write(deferringCommit: true) { tx in
            try tx.createTable(other)
            throw Refused()
        })
        try namespace.commit(through: XCTUnwrap(namespace.openGroup))
        XCTAssertEqual(try namespace.read { $0.tableNames() }, ["t"])
    }

    // `checksFirst`: a write without a savepoint of its own.

    func testAChecksFirstWriteJoinsTheGroupAndItsEarlyRefusalLeavesTheGroupAlone() throws {
        let namespace = try StorageEngine(location: .directory(directory)).namespace("g")
        try namespace.write { tx in try tx.createTable(table) }
        try put(namespace, "a")
        let group = try XCTUnwrap(namespace.openGroup)
        struct Refused: Error {}
        XCTAssertThrowsError(try namespace.write(deferringCommit: true, checksFirst: true) { tx in
            _ = try tx.getItem(table, StorageKey(partition: .s("a"), sort: nil))  // a read, then the refusal
            throw Refused()
        }) { XCTAssertTrue($0 is Refused) }
        try namespace.write(deferringCommit: true, checksFirst: true) { tx in
            let item: Item = ["pk": .s("b")]
            try tx.putItem(table, StorageKey(partition: .s("b"), sort: nil), item, size: itemSize(item))
        }
        XCTAssertEqual(namespace.openGroup, group, "both joined the open group")
        try namespace.commit(through: group)
        XCTAssertEqual(try keys(namespace), ["a", "b"])
    }

    /// On disk the WAL undoes the group; in memory the rollback journal (a memdb file, `Migrations`).
    func testAChecksFirstWriteThatThrowsAfterWritingFailsItsWholeGroup() throws {
        try checksFirstWriteThatThrowsAfterWritingFailsItsWholeGroup(.directory(directory))
        try checksFirstWriteThatThrowsAfterWritingFailsItsWholeGroup(.memory)
    }

    func checksFirstWriteThatThrowsAfterWritingFailsItsWholeGroup(_ location: StorageEngine.Location) throws {
        let namespace = try StorageEngine(location: location).namespace("g")
        try namespace.write { tx in try tx.createTable(table) }
        try put(namespace, "kept", deferring: false)
        try put(namespace, "a")
        let group = try XCTUnwrap(namespace.openGroup)
        struct Refused: Error {}
        XCTAssertThrowsError(try namespace.write(deferringCommit: true, checksFirst: true) { tx in
            let item: Item = ["pk": .s("b")]
            try tx.putItem(table, StorageKey(partition: .s("b"), sort: nil), item, size: itemSize(item))
            throw Refused()  // breaks the promise: no savepoint to return to
        }) { XCTAssertTrue($0 is Refused) }
        XCTAssertNil(namespace.openGroup, "the group ended")
        XCTAssertThrowsError(try namespace.commit(through: group), "its waiters must not acknowledge")
        XCTAssertEqual(try keys(namespace), ["kept"], "a's write went with the group; nothing of b stayed")
        try put(namespace, "c")
        try namespace.commit(through: XCTUnwrap(namespace.openGroup))
        XCTAssertEqual(try keys(namespace), ["c", "kept"], "the next group works")
    }
}

extension TableDefinition {
    /// A table "t" keyed by a string `pk`, stored as `items_<id>` (the storage tests' usual table).
    static func stringHashKey(_ id: String) -> TableDefinition {
        TableDefinition(name: "t", tableId: id, keySchema: KeySchema(hash: KeyElement(name: "pk", type: .s)),
                        attributeDefinitions: [], billingMode: .payPerRequest, billingModeExplicit: true,
                        readCapacityUnits: 0, writeCapacityUnits: 0, creationDateTime: 0, storageName: "items_" + id)
    }
}
