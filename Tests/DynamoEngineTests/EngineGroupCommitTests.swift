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
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
