import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class GetItemTests: XCTestCase {
    func testKeyShapes() throws {
        let h = EngineHarness()
        try h.createHashRangeTable("messages")
        for op in ["GetItem", "DeleteItem"] {
            assertError(try h.error(op, #"{"TableName": "messages", "Key": {"pk": {"S": "a"}}}"#), .validation, Messages.keyConditionsCount)
            assertError(try h.error(op, #"{"TableName": "messages", "Key": {"pk": {"S": "a"}, "x": {"S": "a"}}}"#), .validation, Messages.keyMismatch)
            assertError(try h.error(op, #"{"TableName": "messages", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}, "x": {"S": "a"}}}"#),
                        .validation, Messages.keyMismatch)
        }
    }

    func testReadCapacity() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        // "pk" + "a" + "d" + 4093 = 4097 bytes: two 4 KB units.
        let body = String(repeating: "x", count: 4093)
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "d": {"S": "\#(body)"}}}"#)
        let eventual = try h.call("GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "ReturnConsumedCapacity": "TOTAL"}"#)
        XCTAssertEqual(eventual["ConsumedCapacity"]?["CapacityUnits"], .number("1.0"))
        let strong = try h.call("GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "ConsistentRead": true, "ReturnConsumedCapacity": "INDEXES"}"#)
        XCTAssertEqual(strong["ConsumedCapacity"]?["Table"]?["CapacityUnits"], .number("2.0"))
        let missing = try h.call("GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "b"}}, "ReturnConsumedCapacity": "TOTAL"}"#)
        XCTAssertEqual(missing.text, #"{"ConsumedCapacity":{"TableName":"things","CapacityUnits":0.5}}"#)
    }

    func testNumberAndSetTexts() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        assertError(try h.error("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "n": {"N": "abc"}}}"#),
                    .validation, "The parameter cannot be converted to a numeric value: abc")
        assertError(try h.error("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "n": {"NS": ["1", "1.0"]}}}"#),
                    .validation, Messages.duplicateNumberSet)
    }

    /// The fast path that skips the expression checks must know every member they read.
    func testTheExpressionFastPathKnowsEveryCheckedMember() {
        for name in RequestExpressions.legacyOrder + ["ExpressionAttributeNames", "ExpressionAttributeValues",
                                                      "ConditionExpression", "FilterExpression", "KeyConditionExpression",
                                                      "ProjectionExpression", "UpdateExpression"] {
            XCTAssertTrue(RequestExpressions.isChecked(name), name)
        }
        XCTAssertFalse(RequestExpressions.isChecked("Key"))
    }
}
