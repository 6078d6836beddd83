import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class BatchWriteItemTests: XCTestCase {
    func testWritesToSeveralTables() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        try h.createHashRangeTable("messages")
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "old"}}}"#)
        let result = try h.call("BatchWriteItem", """
            {"RequestItems": {"things": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}, {"DeleteRequest": {"Key": {"pk": {"S": "old"}}}}],
                              "messages": [{"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"S": "1"}}}}]},
             "ReturnConsumedCapacity": "TOTAL"}
            """)
        XCTAssertEqual(result["UnprocessedItems"], .object([]))
        XCTAssertEqual(result["ConsumedCapacity"], .array([
            .object([("TableName", .string("things")), ("CapacityUnits", .number("2.0"))]),
            .object([("TableName", .string("messages")), ("CapacityUnits", .number("1.0"))]),
        ]))
        XCTAssertNil(try h.call("GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "old"}}}"#)["Item"])
        XCTAssertNotNil(try h.call("GetItem", #"{"TableName": "messages", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}}}"#)["Item"])
    }

    func testDuplicateKeysAndLimits() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        assertError(try h.error("BatchWriteItem", """
            {"RequestItems": {"things": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}, {"DeleteRequest": {"Key": {"pk": {"S": "a"}}}}]}}
            """), .validation, Messages.batchDuplicateKeys)
        let puts = (0..<26).map { #"{"PutRequest": {"Item": {"pk": {"S": "\#($0)"}}}}"# }.joined(separator: ",")
        let tooMany = try h.error("BatchWriteItem", #"{"RequestItems": {"things": [\#(puts)]}}"#)
        XCTAssertTrue(tooMany.message!.hasSuffix("Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"))
        XCTAssertTrue(try h.error("BatchWriteItem", #"{"RequestItems": {"things": []}}"#).message!.contains("Map value must satisfy"))
    }

    func testKeyMismatchHasOneText() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        for request in [#"{"PutRequest": {"Item": {"x": {"S": "a"}}}}"#, #"{"PutRequest": {"Item": {"pk": {"N": "1"}}}}"#,
                        #"{"DeleteRequest": {"Key": {"pk": {"S": "a"}, "x": {"S": "b"}}}}"#] {
            assertError(try h.error("BatchWriteItem", #"{"RequestItems": {"things": [\#(request)]}}"#), .validation, Messages.keyMismatch)
        }
    }

    func testNothingIsWrittenWhenOneRequestFails() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        _ = try h.error("BatchWriteItem", """
            {"RequestItems": {"things": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}], "nothere": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]}}
            """)
        XCTAssertNil(try h.call("GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}}"#)["Item"])
        assertError(try h.error("BatchWriteItem", #"{"RequestItems": {"ab": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]}}"#),
                    .validation, Messages.invalidTableName)
    }

    /// Found by Conformance/test_network_fuzz.py: a PutRequest without Item (or a DeleteRequest
    /// without Key) crashed the server; the service rejects it in its constraint phase.
    func testAWriteRequestWithoutItemOrKeyIsAValidationError() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        for (request, member) in [(#"{"PutRequest": {}}"#, "putRequest.item"), (#"{"PutRequest": {"Item": null}}"#, "putRequest.item"),
                                  (#"{"DeleteRequest": {}}"#, "deleteRequest.key"), (#"{"DeleteRequest": {"Key": null}}"#, "deleteRequest.key")] {
            assertError(try h.error("BatchWriteItem", #"{"RequestItems": {"things": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}, \#(request)]}}"#),
                        .validation, "1 validation error detected: Value null at 'requestItems.things.member.2.member.\(member)' failed to satisfy constraint: Member must not be null")
        }
        XCTAssertNil(try h.call("GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}}"#)["Item"])
    }
}
