import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class TransactGetItemsTests: XCTestCase {
    func testResponsesInOrderWithProjectionAndCapacity() throws {
        let h = EngineHarness()
        try h.createHashTable()
        try h.createHashRangeTable()
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "m": {"M": {"x": {"S": "y"}, "z": {"N": "2"}}}}}"#)
        try h.call("PutItem", #"{"TableName": "messages", "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}, "big": {"S": "\#(String(repeating: "x", count: 5000))"}}}"#)
        let result = try h.call("TransactGetItems", #"""
            {"ReturnConsumedCapacity": "TOTAL", "TransactItems": [
              {"Get": {"TableName": "things", "Key": {"pk": {"S": "a"}}, "ProjectionExpression": "#m.x", "ExpressionAttributeNames": {"#m": "m"}}},
              {"Get": {"TableName": "things", "Key": {"pk": {"S": "missing"}}}},
              {"Get": {"TableName": "messages", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}}, "ProjectionExpression": "sk"}}]}
            """#)
        XCTAssertEqual(result["Responses"]?.text, #"[{"Item":{"m":{"M":{"x":{"S":"y"}}}}},{},{"Item":{"sk":{"S":"1"}}}]"#)
        XCTAssertEqual(result["ConsumedCapacity"]?.text,
                       #"[{"TableName":"things","CapacityUnits":4.0,"ReadCapacityUnits":4.0},{"TableName":"messages","CapacityUnits":4.0,"ReadCapacityUnits":4.0}]"#)
    }

    func testErrors() throws {
        let h = EngineHarness()
        try h.createHashTable()
        assertError(try h.error("TransactGetItems", #"""
            {"TransactItems": [{"Get": {"TableName": "things", "Key": {"pk": {"S": "a"}}}}, {"Get": {"TableName": "things", "Key": {"pk": {"S": "a"}}}}]}
            """#), .validation, Messages.transactionDuplicateItem)
        assertError(try h.error("TransactGetItems", #"{"TransactItems": [{"Get": {"TableName": "nothing", "Key": {"pk": {"S": "a"}}}}]}"#),
                    .resourceNotFound, Messages.resourceNotFound)
        let mismatch = try h.error("TransactGetItems", #"""
            {"TransactItems": [{"Get": {"TableName": "things", "Key": {"pk": {"S": "a"}}}}, {"Get": {"TableName": "things", "Key": {"pk": {"N": "1"}}}}]}
            """#)
        assertError(mismatch, .transactionCanceled, Messages.transactionCanceled(["None", "ValidationError"]))
        XCTAssertEqual(mismatch.cancellationReasons?.last, CancellationReason(code: "ValidationError", message: Messages.keyMismatch))
        assertError(try h.error("TransactGetItems", #"{"TransactItems": []}"#), .validation,
                    "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
        assertError(try h.error("TransactGetItems", #"""
            {"TransactItems": [{"Get": {"TableName": "things", "Key": {"pk": {"S": "a"}}, "ExpressionAttributeNames": {"#a": "a"}}}]}
            """#), .validation, Messages.namesWithoutExpressions)
    }
}
