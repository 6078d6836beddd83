import XCTest
@testable import DynamoEngine
@testable import DynamoModel
@testable import DynamoStorage

/// `Engine.handle(deferringCommit:)`: an answer that rests on uncommitted writes says which commit
/// it waits for; the server sends it only after that commit (group commit).
final class EngineGroupCommitTests: XCTestCase {
    func handle(_ h: EngineHarness, _ operation: String, _ body: String) throws -> (Result<JSON, DynamoError>, PendingCommit?) {
        let (result, pending) = h.engine.handle(operation: operation, body: try JSON.parse(body), namespace: h.namespace, deferringCommit: true)
        return (result, pending)
    }

    func testAnswersOnUncommittedWritesWaitForTheirCommit() throws {
        let h = EngineHarness()
        try h.createHashTable()
        let namespace = try h.engine.storage.namespace(h.namespace)
        XCTAssertNil(namespace.openGroup, "handle without deferring commits before it returns")

        let (put, putPending) = try handle(h, "PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}}}"#)
        XCTAssertNoThrow(try put.get())
        let pending = try XCTUnwrap(putPending)
        XCTAssertNotNil(namespace.openGroup)

        // A read of the open group's item, and an error that rests on it, wait for the same commit.
        let (get, getPending) = try handle(h, "GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}}"#)
        XCTAssertNotNil(try get.get()["Item"])
        XCTAssertEqual(getPending?.group, pending.group)
        let (conditional, conditionalPending) = try handle(h, "PutItem",
            #"{"TableName": "things", "Item": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(pk)"}"#)
        XCTAssertEqual(conditional.failure?.kind, .conditionalCheckFailed)
        XCTAssertEqual(conditionalPending?.group, pending.group)

        XCTAssertNil(pending.commit())
        XCTAssertNil(namespace.openGroup)
        XCTAssertNil(getPending?.commit(), "a second waiter finds its group committed")
        let (_, afterCommit) = try handle(h, "GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}}"#)
        XCTAssertNil(afterCommit, "nothing uncommitted: the answer goes out at once")
    }

    func testAnswersThatTouchNoNamespaceWaitForNothing() throws {
        let h = EngineHarness()
        try h.createHashTable()
        _ = try handle(h, "PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}}}"#)
        let (result, pending) = try handle(h, "PutItem", #"{"TableName": "things"}"#)
        XCTAssertEqual(result.failure?.kind, .validation)
        XCTAssertNil(pending, "a request refused before storage did not see the open group")
    }

    /// A TransactWriteItems whose group then fails was never acknowledged: a retry under its
    /// ClientRequestToken applies it, instead of replaying a success whose writes are gone.
    func testATokenWhoseGroupFailedDoesNotReplay() throws {
        let h = EngineHarness()
        try h.createHashTable()
        let namespace = try h.engine.storage.namespace(h.namespace)
        let transaction = #"{"ClientRequestToken": "t1", "TransactItems": [{"Put": {"TableName": "things", "Item": {"pk": {"S": "a"}}}}]}"#
        let (first, firstPending) = try handle(h, "TransactWriteItems", transaction)
        XCTAssertNoThrow(try first.get())
        let pending = try XCTUnwrap(firstPending)

        // Another write in the same group breaks it (it throws after changing a row, without a
        // savepoint): the whole group, the transaction's put included, is rolled back.
        let table = try XCTUnwrap(namespace.read { $0.table("things") })
        struct Broken: Error {}
        XCTAssertThrowsError(try namespace.write(deferringCommit: true, checksFirst: true) { tx in
            let item: Item = ["pk": .s("b")]
            try tx.putItem(table, StorageKey(partition: .s("b"), sort: nil), item, size: itemSize(item))
            throw Broken()
        })
        XCTAssertNotNil(pending.commit(), "the transaction's answer becomes an error")
        let (missing, _) = try handle(h, "GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}}"#)
        XCTAssertNil(try missing.get()["Item"])

        let (retry, retryPending) = try handle(h, "TransactWriteItems", transaction)
        XCTAssertNoThrow(try retry.get())
        XCTAssertNil(retryPending?.commit())
        let (found, _) = try handle(h, "GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}}"#)
        XCTAssertNotNil(try found.get()["Item"], "the retry wrote the item")
        let (replay, _) = try handle(h, "TransactWriteItems", transaction)
        XCTAssertNoThrow(try replay.get(), "and its token now replays")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
