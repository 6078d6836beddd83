import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class PutItemTests: XCTestCase {
    func testPutThenGetReturnsCanonicalItem() throws {
        let h = EngineHarness()
        try h.createHashTable()
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "n": {"N": "1.50"}, "ss": {"SS": ["x", "y"]}}}"#)
        let item = try h.call("GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}}"#)["Item"]!
        XCTAssertEqual(item["n"], .object([("N", .string("1.5"))]))
    }

    func testMapsAndListsNest32LevelsAtMost() throws {
        let h = EngineHarness()
        try h.createHashTable()
        func nested(_ wraps: Int) -> String {
            var value = #"{"S": "x"}"#
            for i in 0..<wraps { value = i % 2 == 0 ? #"{"M": {"a": \#(value)}}"# : #"{"L": [\#(value)]}"# }
            return value
        }
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "v": \#(nested(31))}}"#)
        assertError(try h.error("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "v": \#(nested(32))}}"#),
                    .validation, Messages.nestingTooDeep)
        assertError(try h.error("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET w = :v", "ExpressionAttributeValues": {":v": \#(nested(32))}}"#),
                    .validation, Messages.updateNestingTooDeep)
    }

    func testReturnValuesAllOld() throws {
        let h = EngineHarness()
        try h.createHashTable()
        let first = try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "v": {"N": "1"}}, "ReturnValues": "ALL_OLD"}"#)
        XCTAssertNil(first["Attributes"])
        let second = try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "v": {"N": "2"}}, "ReturnValues": "ALL_OLD"}"#)
        XCTAssertEqual(second["Attributes"]?["v"], .object([("N", .string("1"))]))
        let bad = try h.error("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}}, "ReturnValues": "ALL_NEW"}"#)
        assertError(bad, .validation, Messages.returnValuesPutDelete)
    }

    func testKeyProblems() throws {
        let h = EngineHarness()
        try h.createHashTable()
        assertError(try h.error("PutItem", #"{"TableName": "things", "Item": {"x": {"S": "a"}}}"#),
                    .validation, "One or more parameter values were invalid: Missing the key pk in the item")
        assertError(try h.error("PutItem", #"{"TableName": "things", "Item": {"pk": {"N": "1"}}}"#),
                    .validation, "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
        assertError(try h.error("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": ""}}}"#),
                    .validation, Messages.emptyKeyString("pk"))
        let long = String(repeating: "k", count: 2049)
        assertError(try h.error("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "\#(long)"}}}"#),
                    .validation, Messages.hashKeyTooLarge)
    }

    func testItemSizeLimit() throws {
        let h = EngineHarness()
        try h.createHashTable()
        // name "pk" (2) + "a" (1) + name "d" (1) + value: 409600 - 4 bytes fits exactly.
        let fits = String(repeating: "x", count: 409_600 - 4)
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "d": {"S": "\#(fits)"}}}"#)
        assertError(try h.error("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "d": {"S": "\#(fits)x"}}}"#),
                    .validation, Messages.itemTooLarge)
    }

    func testMissingTable() throws {
        assertError(try EngineHarness().error("PutItem", #"{"TableName": "nothere", "Item": {"pk": {"S": "a"}}}"#),
                    .resourceNotFound, "Requested resource not found")
    }

    func testWriteCapacityRoundsUpPerKilobyte() throws {
        let h = EngineHarness()
        try h.createHashTable()
        let body = String(repeating: "x", count: 1024)
        let result = try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "d": {"S": "\#(body)"}}, "ReturnConsumedCapacity": "TOTAL"}"#)
        XCTAssertEqual(result["ConsumedCapacity"]?["CapacityUnits"], .number("2.0"))
    }
}
