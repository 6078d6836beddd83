import XCTest
@testable import DynamoEngine
@testable import DynamoModel
@testable import DynamoStorage

/// `Engine.prepare` (on the event loop) makes the checks that need no table; `Engine.run` (on the
/// engine thread) the rest. A request the first half refuses never waits for the namespace.
final class EnginePrepareTests: XCTestCase {
    func prepare(_ h: EngineHarness, _ operation: String, _ body: String) throws -> Result<Engine.Work, DynamoError> {
        h.engine.prepare(operation: operation, body: try JSON.parse(body), namespace: h.namespace)
    }

    func testRequestChecksFailInPrepare() throws {
        let h = EngineHarness()
        let refused = [
            ("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}}, "ReturnValues": "ALL_NEW"}"#),
            ("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}}, "ConditionExpression": "pk = "}"#),
            ("GetItem", ##"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "ProjectionExpression": "#missing"}"##),
            ("Query", #"{"TableName": "things", "KeyConditionExpression": "pk = :missing"}"#),
            ("BatchWriteItem", #"{"RequestItems": {"things": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}, "DeleteRequest": {"Key": {"pk": {"S": "a"}}}}]}}"#),
            ("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET"}"#),
            ("DeleteItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_NEW"}"#),
            ("Scan", #"{"TableName": "things", "Segment": 1}"#),
            ("BatchGetItem", #"{"RequestItems": {"things": {"Keys": [{"pk": {"S": "a"}}, {"pk": {"S": "a"}}]}}}"#),
            ("PutItem", #"{"TableName": "x"}"#),  // the shape check
        ]
        for (operation, body) in refused {
            let prepared = try prepare(h, operation, body)
            XCTAssertEqual(prepared.failure?.kind, .validation, "\(operation) \(body)")
            // handle is prepare then run: the same answer.
            let handled = h.engine.handle(operation: operation, body: try JSON.parse(body), namespace: h.namespace)
            XCTAssertEqual(handled.failure?.message, prepared.failure?.message, "\(operation) \(body)")
        }
    }

    func testChecksThatNeedTheTableWaitForRun() throws {
        let h = EngineHarness()
        for (operation, body) in [
            ("PutItem", #"{"TableName": "missing", "Item": {"pk": {"S": "a"}}}"#),
            ("GetItem", #"{"TableName": "missing", "Key": {"pk": {"S": "a"}}}"#),
            ("Query", #"{"TableName": "missing", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}}"#),
            ("BatchWriteItem", #"{"RequestItems": {"missing": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]}}"#),
            ("UpdateItem", #"{"TableName": "missing", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET n = :n", "ExpressionAttributeValues": {":n": {"N": "1"}}}"#),
            ("DeleteItem", #"{"TableName": "missing", "Key": {"pk": {"S": "a"}}}"#),
            ("Scan", #"{"TableName": "missing"}"#),
            ("BatchGetItem", #"{"RequestItems": {"missing": {"Keys": [{"pk": {"S": "a"}}]}}}"#),
        ] {
            let work = try prepare(h, operation, body).get()
            let (result, pending) = h.engine.run(work, deferringCommit: false)
            XCTAssertEqual(result.failure?.kind, .resourceNotFound, operation)
            XCTAssertNil(pending)
        }
    }

    func testAWritePreparedThenRunIsInTheOpenGroup() throws {
        let h = EngineHarness()
        try h.createHashTable()
        let work = try prepare(h, "PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "n": {"N": "1"}}}"#).get()
        XCTAssertNil(work.namespace.openGroup, "prepare writes nothing")
        let (result, pending) = h.engine.run(work, deferringCommit: true)
        XCTAssertNoThrow(try result.get())
        XCTAssertNotNil(work.namespace.openGroup)
        XCTAssertNil(try XCTUnwrap(pending).commit())
        let read = h.engine.handle(operation: "GetItem", body: try JSON.parse(#"{"TableName": "things", "Key": {"pk": {"S": "a"}}}"#),
                                   namespace: h.namespace)
        XCTAssertEqual(try read.get()["Item"]?["n"]?["N"], .string("1"))
    }
}
