import XCTest
@testable import DynamoEngine
@testable import DynamoModel

/// UpdateItem without HTTP. Conformance/test_update_item.py proves the same behaviour against
/// DynamoDB Local 1.13.5.
final class UpdateItemTests: XCTestCase {
    func item(_ h: EngineHarness, _ key: String = "a") throws -> JSON? {
        try h.call("GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "\#(key)"}}}"#)["Item"]
    }

    func testCreatesItemFromKey() throws {
        let h = EngineHarness()
        try h.createHashTable()
        XCTAssertEqual(try h.call("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}}"#), .object([]))
        XCTAssertEqual(try item(h), .object([("pk", .object([("S", .string("a"))]))]))
        let result = try h.call("UpdateItem", #"""
            {"TableName": "things", "Key": {"pk": {"S": "b"}}, "UpdateExpression": "SET v = :v ADD c :one",
             "ExpressionAttributeValues": {":v": {"S": "x"}, ":one": {"N": "1"}}, "ReturnValues": "ALL_NEW"}
            """#)
        XCTAssertEqual(result["Attributes"]?["pk"], .object([("S", .string("b"))]))
        XCTAssertEqual(result["Attributes"]?["c"], .object([("N", .string("1"))]))
    }

    func testReturnValues() throws {
        let h = EngineHarness()
        try h.createHashTable()
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}, "s": {"S": "old"}}}"#)
        func update(_ returnValues: String) throws -> JSON? {
            try h.call("UpdateItem", #"""
                {"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET m.x = :n REMOVE s",
                 "ExpressionAttributeValues": {":n": {"N": "5"}}, "ReturnValues": "\#(returnValues)"}
                """#)["Attributes"]
        }
        // The updated paths, projected (the service; DynamoDB Local returns whole attributes).
        XCTAssertEqual(try update("UPDATED_OLD"), .object([("m", .object([("M", .object([("x", .object([("N", .string("1"))]))]))])),
                                                          ("s", .object([("S", .string("old"))]))]))
        XCTAssertEqual(try update("UPDATED_NEW"), .object([("m", .object([("M", .object([("x", .object([("N", .string("5"))]))]))]))]))
        XCTAssertNil(try update("NONE"))
        XCTAssertEqual(try update("ALL_OLD")?["m"]?["M"]?["y"], .object([("N", .string("2"))]))
    }

    func testCheckOrder() throws {
        let h = EngineHarness()
        try h.createHashTable()
        // Expressions before the table, the update before the condition, then unused values.
        assertError(try h.error("UpdateItem", #"{"TableName": "nothere", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET a = ", "ConditionExpression": "b = "}"#),
                    .validation, #"Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "= ""#)
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "ExpressionAttributeValues": {":v": {"S": "x"}}}"#),
                    .validation, "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null")
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET a = :v", "ConditionalOperator": "AND", "Expected": {}, "AttributeUpdates": {}}"#),
                    .validation, Messages.expressionMix(legacy: ["AttributeUpdates", "Expected", "ConditionalOperator"], expressions: ["UpdateExpression"]))
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": {"S": "x"}, ":z": {"S": "x"}}}"#),
                    .validation, Messages.unusedValues([":z"]))
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}}"#),
                    .validation, Messages.updateKeyAttribute("pk"))
        assertError(try h.error("UpdateItem", #"{"TableName": "nothere", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}}"#),
                    .resourceNotFound, "Requested resource not found")
    }

    func testConditionBeforeRuntimeErrors() throws {
        let h = EngineHarness()
        try h.createHashTable()
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "s": {"S": "x"}}}"#)
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET a = b + :n", "ConditionExpression": "s = :n", "ExpressionAttributeValues": {":n": {"N": "1"}}}"#),
                    .conditionalCheckFailed, Messages.conditionalCheckFailed)
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET a = b + :n", "ExpressionAttributeValues": {":n": {"N": "1"}}}"#),
                    .validation, Messages.updateMissingAttribute)
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET s.x = :n", "ExpressionAttributeValues": {":n": {"N": "1"}}}"#),
                    .validation, Messages.updateInvalidPath)
    }

    func testListIndexesMeanOriginalPositions() throws {
        let h = EngineHarness()
        try h.createHashTable()
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]}}}"#)
        try h.call("UpdateItem", #"""
            {"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET l[9] = :x, l[4] = :y, l[0] = :y REMOVE l[1], l[3]",
             "ExpressionAttributeValues": {":x": {"S": "X"}, ":y": {"S": "Y"}}}
            """#)
        let list = try item(h)?["l"]?["L"]
        XCTAssertEqual(list, .array(["Y", "c", "Y", "X"].map { .object([("S", .string($0))]) }))
    }

    func testLegacyAttributeUpdates() throws {
        let h = EngineHarness()
        try h.createHashTable()
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "n": {"N": "1"}, "l": {"L": [{"N": "1"}]}, "ss": {"SS": ["x", "y"]}, "s": {"S": "s"}}}"#)
        let result = try h.call("UpdateItem", #"""
            {"TableName": "things", "Key": {"pk": {"S": "a"}}, "ReturnValues": "UPDATED_NEW", "AttributeUpdates": {
              "n": {"Action": "ADD", "Value": {"N": "2"}}, "l": {"Action": "ADD", "Value": {"L": [{"N": "2"}]}},
              "ss": {"Action": "DELETE", "Value": {"SS": ["x"]}}, "s": {"Action": "DELETE"}, "p": {"Value": {"BOOL": true}}}}
            """#)
        XCTAssertEqual(result["Attributes"]?["n"], .object([("N", .string("3"))]))
        XCTAssertEqual(result["Attributes"]?["l"]?["L"], .array([.object([("N", .string("1"))]), .object([("N", .string("2"))])]))
        XCTAssertEqual(result["Attributes"]?["ss"], .object([("SS", .array([.string("y")]))]))
        XCTAssertNil(result["Attributes"]?["s"])
        XCTAssertEqual(result["Attributes"]?["p"], .object([("BOOL", .bool(true))]))
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "AttributeUpdates": {"p": {"Action": "ADD", "Value": {"N": "1"}}}}"#),
                    .validation, Messages.legacyUpdateTypeMismatch)
        assertError(try h.error("UpdateItem", #"{"TableName": "nothere", "Key": {"pk": {"S": "a"}}, "AttributeUpdates": {"p": {"Action": "PUT"}}}"#),
                    .validation, Messages.attributeUpdateWithoutValue)
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "AttributeUpdates": {"p": {"Action": "ADD", "Value": {"S": "x"}}}}"#),
                    .validation, Messages.attributeUpdateAddType("S"))
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "AttributeUpdates": {"pk": {"Value": {"S": "x"}}}}"#),
                    .validation, Messages.updateKeyAttribute("pk"))
    }

    func testSizeAndCapacity() throws {
        let h = EngineHarness()
        try h.createHashTable()
        let big = String(repeating: "x", count: 300_000)
        try h.call("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":v": {"S": "\#(big)"}}}"#)
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET b = :v", "ExpressionAttributeValues": {":v": {"S": "\#(big)"}}}"#),
                    .validation, Messages.updateItemTooLarge)
        // The larger of the old and the new item.
        let removed = try h.call("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "REMOVE a", "ReturnConsumedCapacity": "TOTAL"}"#)
        XCTAssertEqual(removed["ConsumedCapacity"]?["CapacityUnits"], .number("293.0"))
    }
}
