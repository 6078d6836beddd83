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

    /// GetItem writes its response as text at once (the item from its stored bytes, or projected):
    /// the same bytes `JSON.object` gives for its members, with and without item and capacity.
    func testResponseTextIsTheObjectsText() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        let item: Item = ["pk": .s("a"), "n": .n(DynamoNumber(-12)), "s": .s("q\"\u{1}é"), "m": .m(["l": .l([.null, .bs([[1, 2]])])])]
        try h.call("PutItem", #"{"TableName": "things", "Item": "# + AttributeValue.json(item).text + "}")
        let capacity = JSON.object([("TableName", .string("things")), ("CapacityUnits", .number("0.5"))])
        for (key, found) in [("a", true), ("b", false)] {
            for total in [false, true] {
                for projection in ["", #", "ProjectionExpression": "s, m""#] {
                    let response = try h.call("GetItem", """
                        {"TableName": "things", "Key": {"pk": {"S": "\(key)"}}\(total ? #", "ReturnConsumedCapacity": "TOTAL""# : "")\(projection)}
                        """)
                    var members: [(String, JSON)] = []
                    if found { members.append(("Item", AttributeValue.json(projection.isEmpty ? item : ["s": item["s"]!, "m": item["m"]!]))) }
                    if total { members.append(("ConsumedCapacity", capacity)) }
                    XCTAssertEqual(response.text, JSON.object(members).text, "\(key) \(total) \(projection)")
                }
            }
        }
    }
}
