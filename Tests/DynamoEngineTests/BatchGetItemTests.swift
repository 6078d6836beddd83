import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class BatchGetItemTests: XCTestCase {
    func testReadsAndChargesEachItem() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        try h.createHashRangeTable("messages")
        let body = String(repeating: "x", count: 1500)
        for key in ["a", "b", "c"] {
            try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "\#(key)"}, "d": {"S": "\#(body)"}}}"#)
        }
        let result = try h.call("BatchGetItem", """
            {"RequestItems": {"things": {"Keys": [{"pk": {"S": "a"}}, {"pk": {"S": "b"}}, {"pk": {"S": "c"}}, {"pk": {"S": "none"}}],
                                         "ProjectionExpression": "pk"},
                              "messages": {"Keys": [{"pk": {"S": "a"}, "sk": {"S": "1"}}], "ConsistentRead": true}},
             "ReturnConsumedCapacity": "TOTAL"}
            """)
        XCTAssertEqual(result["Responses"]?["things"], .array(["a", "b", "c"].map { .object([("pk", .object([("S", .string($0))]))]) }))
        XCTAssertEqual(result["Responses"]?["messages"], .array([]))
        XCTAssertEqual(result["UnprocessedKeys"], .object([]))
        // 3 x 1.5 KB rounded one by one (0.5 each) plus 0.5 for the missing key; 1 for a strong read.
        XCTAssertEqual(result["ConsumedCapacity"], .array([
            .object([("TableName", .string("things")), ("CapacityUnits", .number("2.0"))]),
            .object([("TableName", .string("messages")), ("CapacityUnits", .number("1.0"))]),
        ]))
    }

    func testRequestChecksComeBeforeTheTable() throws {
        let h = EngineHarness()
        assertError(try h.error("BatchGetItem", #"{"RequestItems": {"nothere": {"Keys": [{"pk": {"N": "1"}}, {"pk": {"N": "1.0"}}]}}}"#),
                    .validation, Messages.batchDuplicateKeys)
        let keys = (0..<60).map { #"{"pk": {"S": "\#($0)"}}"# }.joined(separator: ",")
        assertError(try h.error("BatchGetItem", #"{"RequestItems": {"nothere": {"Keys": [\#(keys)]}, "other": {"Keys": [\#(keys)]}}}"#),
                    .validation, Messages.batchGetTooMany)
        assertError(try h.error("BatchGetItem", #"{"RequestItems": {"nothere": {"Keys": [{"pk": {"S": "a"}}]}}}"#),
                    .resourceNotFound, Messages.resourceNotFound)
    }

    func testKeyProblems() throws {
        let h = EngineHarness()
        try h.createHashRangeTable("messages")
        assertError(try h.error("BatchGetItem", #"{"RequestItems": {"messages": {"Keys": [{"pk": {"S": "a"}}]}}}"#),
                    .validation, Messages.keyConditionsCount)
        assertError(try h.error("BatchGetItem", #"{"RequestItems": {"messages": {"Keys": [{"pk": {"S": "a"}, "sk": {"N": "1"}}]}}}"#),
                    .validation, Messages.keyMismatch)
    }

    func testUnprocessedSpecKeepsTheTableParameters() {
        let spec = try! JSON.parse(#"{"Keys": [{"pk": {"S": "a"}}], "ConsistentRead": true, "ProjectionExpression": "pk"}"#)
        let result = BatchGetItem.unprocessedSpec(spec, keys: [["pk": .s("b")]])
        XCTAssertEqual(result.text, #"{"Keys":[{"pk":{"S":"b"}}],"ConsistentRead":true,"ProjectionExpression":"pk"}"#)
    }
}
