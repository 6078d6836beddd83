import XCTest
@testable import DynamoEngine
@testable import DynamoModel
@testable import DynamoStorage

final class TransactWriteItemsTests: XCTestCase {
    func harness() throws -> EngineHarness {
        let h = EngineHarness()
        try h.createHashTable()
        try h.createHashRangeTable()
        try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}, "n": {"N": "1"}}}"#)
        return h
    }

    func get(_ h: EngineHarness, _ pk: String) throws -> JSON? {
        try h.call("GetItem", #"{"TableName": "things", "Key": {"pk": {"S": "\#(pk)"}}}"#)["Item"]
    }

    func testAllFourActionsApplyTogether() throws {
        let h = try harness()
        try h.call("TransactWriteItems", #"""
            {"TransactItems": [
              {"Put": {"TableName": "things", "Item": {"pk": {"S": "b"}}, "ConditionExpression": "attribute_not_exists(pk)"}},
              {"Update": {"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET n = n + :one",
                          "ExpressionAttributeValues": {":one": {"N": "1"}}}},
              {"ConditionCheck": {"TableName": "messages", "Key": {"pk": {"S": "x"}, "sk": {"S": "y"}},
                                  "ConditionExpression": "attribute_not_exists(pk)"}},
              {"Delete": {"TableName": "things", "Key": {"pk": {"S": "gone"}}}}]}
            """#)
        XCTAssertNotNil(try get(h, "b"))
        XCTAssertEqual(try get(h, "a")?["n"], .object([("N", .string("2"))]))
    }

    func testCancellationReasonsAndNothingWritten() throws {
        let h = try harness()
        let error = try h.error("TransactWriteItems", #"""
            {"TransactItems": [
              {"Put": {"TableName": "things", "Item": {"pk": {"S": "b"}}}},
              {"ConditionCheck": {"TableName": "things", "Key": {"pk": {"S": "a"}}, "ConditionExpression": "n = :z",
                                  "ExpressionAttributeValues": {":z": {"N": "0"}}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
              {"Delete": {"TableName": "things", "Key": {"pk": {"S": "c"}}, "ConditionExpression": "attribute_exists(pk)"}}]}
            """#)
        assertError(error, .transactionCanceled, Messages.transactionCanceled(["None", "ConditionalCheckFailed", "ConditionalCheckFailed"]))
        XCTAssertEqual(error.cancellationReasons, [
            CancellationReason(code: "None"),
            CancellationReason(code: "ConditionalCheckFailed", message: Messages.conditionCheckFailed,
                               item: ["pk": .s("a"), "n": .n(DynamoNumber(1))]),
            CancellationReason(code: "ConditionalCheckFailed", message: Messages.conditionalCheckFailed),
        ])
        XCTAssertNil(try get(h, "b"))
    }

    func testTopLevelErrors() throws {
        let h = try harness()
        assertError(try h.error("TransactWriteItems", #"""
            {"TransactItems": [{"Put": {"TableName": "things", "Item": {"pk": {"S": "b"}}}},
                               {"Delete": {"TableName": "things", "Key": {"pk": {"S": "b"}}}}]}
            """#), .validation, Messages.transactionDuplicateItem)
        assertError(try h.error("TransactWriteItems", #"""
            {"TransactItems": [{"Put": {"TableName": "things", "Item": {"pk": {"S": "b"}}}},
                               {"Delete": {"TableName": "nothing", "Key": {"pk": {"S": "b"}}}}]}
            """#), .resourceNotFound, Messages.resourceNotFound)
        assertError(try h.error("TransactWriteItems", #"""
            {"TransactItems": [{"Delete": {"TableName": "things", "Key": {"pk": {"S": ""}}}}]}
            """#), .validation, Messages.emptyKeyString("pk"))
        assertError(try h.error("TransactWriteItems", #"{"TransactItems": [{}]}"#), .validation, Messages.transactWriteNoAction)
        XCTAssertNil(try get(h, "b"))
    }

    func testKeyMismatchAndUpdateFailuresAreReasons() throws {
        let h = try harness()
        let big = String(repeating: "x", count: 410_000)
        let error = try h.error("TransactWriteItems", #"""
            {"TransactItems": [
              {"Put": {"TableName": "things", "Item": {"pk": {"N": "1"}}}},
              {"Update": {"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET x = :x",
                          "ExpressionAttributeValues": {":x": {"S": "\#(big)"}}}},
              {"Update": {"TableName": "things", "Key": {"pk": {"S": "c"}}, "UpdateExpression": "SET pk = :x",
                          "ExpressionAttributeValues": {":x": {"S": "d"}}}},
              {"ConditionCheck": {"TableName": "things", "Key": {"pk": {"N": "1"}}, "ConditionExpression": "attribute_exists(pk)"}}]}
            """#)
        XCTAssertEqual(error.kind, .transactionCanceled)
        XCTAssertEqual(error.cancellationReasons?.map(\.code), ["ValidationError", "ValidationError", "ValidationError", "ValidationError"])
        XCTAssertEqual(error.cancellationReasons?.map(\.message), [
            Messages.keyTypeMismatch("pk", expected: "S", actual: "N"), Messages.updateItemTooLarge,
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
            Messages.keyMismatch,
        ])
    }

    func testLimits() throws {
        let h = try harness()
        let puts = (0..<101).map { #"{"Put": {"TableName": "things", "Item": {"pk": {"S": "i\#($0)"}}}}"# }
        let tooMany = try h.error("TransactWriteItems", #"{"TransactItems": [\#(puts.joined(separator: ","))]}"#)
        XCTAssertTrue(tooMany.message?.hasSuffix("Member must have length less than or equal to 100") ?? false)
        try h.call("TransactWriteItems", #"{"TransactItems": [\#(puts.dropLast().joined(separator: ","))]}"#)

        let large = String(repeating: "x", count: 400_000)
        let big = (0..<12).map { #"{"Put": {"TableName": "things", "Item": {"pk": {"S": "big\#($0)"}, "x": {"S": "\#(large)"}}}}"# }
        assertError(try h.error("TransactWriteItems", #"{"TransactItems": [\#(big.joined(separator: ","))]}"#),
                    .validation, Messages.transactionTooLarge(4_400_078))
    }

    func testClientRequestToken() throws {
        let h = try harness()
        let body = #"""
            {"ClientRequestToken": "t1", "TransactItems": [
              {"Update": {"TableName": "things", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET n = n + :one",
                          "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
            """#
        try h.call("TransactWriteItems", body + "}")
        let replay = try h.call("TransactWriteItems", body + #", "ReturnConsumedCapacity": "TOTAL"}"#)
        XCTAssertEqual(replay["ConsumedCapacity"]?.text, #"[{"TableName":"things","CapacityUnits":2.0,"ReadCapacityUnits":2.0}]"#)
        XCTAssertEqual(try get(h, "a")?["n"], .object([("N", .string("2"))]))
        let other = body.replacingOccurrences(of: #""N": "1""#, with: #""N": "2""#)
        assertError(try h.error("TransactWriteItems", other + "}"), .idempotentParameterMismatch, "")
        // Tokens belong to a namespace.
        var elsewhere = EngineHarness()
        elsewhere.namespace = "other_us-east-1"
        XCTAssertEqual(elsewhere.engine.transactionTokens.lookup(namespace: "other_us-east-1", token: "t1", fingerprint: 0, now: 0,
                                                                 failed: { _ in false }).isUnused, true)
    }

    func testConsumedCapacityIsDoubled() throws {
        let h = try harness()
        let result = try h.call("TransactWriteItems", #"""
            {"ReturnConsumedCapacity": "INDEXES", "TransactItems": [
              {"Put": {"TableName": "things", "Item": {"pk": {"S": "b"}, "x": {"S": "\#(String(repeating: "x", count: 3000))"}}}},
              {"ConditionCheck": {"TableName": "messages", "Key": {"pk": {"S": "x"}, "sk": {"S": "y"}},
                                  "ConditionExpression": "attribute_not_exists(pk)"}}]}
            """#)
        XCTAssertEqual(result["ConsumedCapacity"]?.text, #"""
            [{"TableName":"things","CapacityUnits":6.0,"WriteCapacityUnits":6.0,"Table":{"WriteCapacityUnits":6.0,"CapacityUnits":6.0}},\#
            {"TableName":"messages","CapacityUnits":2.0,"WriteCapacityUnits":2.0,"Table":{"WriteCapacityUnits":2.0,"CapacityUnits":2.0}}]
            """#)
    }

    /// PutItem, UpdateItem and DeleteItem keep their behaviour after sharing ItemWrite with transactions.
    func testSingleItemOperationsStillReturnOldItemsAndCapacity() throws {
        let h = try harness()
        let put = try h.call("PutItem", #"{"TableName": "things", "Item": {"pk": {"S": "a"}}, "ReturnValues": "ALL_OLD", "ReturnConsumedCapacity": "TOTAL"}"#)
        XCTAssertEqual(put["Attributes"]?["n"], .object([("N", .string("1"))]))
        XCTAssertEqual(put["ConsumedCapacity"]?.text, #"{"TableName":"things","CapacityUnits":1.0}"#)
        let deleted = try h.call("DeleteItem", #"{"TableName": "things", "Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_OLD"}"#)
        XCTAssertEqual(deleted["Attributes"]?["pk"], .object([("S", .string("a"))]))
        let updated = try h.call("UpdateItem", #"{"TableName": "things", "Key": {"pk": {"S": "z"}}, "ReturnValues": "ALL_NEW"}"#)
        XCTAssertEqual(updated["Attributes"]?.text, #"{"pk":{"S":"z"}}"#)
    }
}

extension TransactionTokens.Lookup {
    var isUnused: Bool { if case .unused = self { return true } else { return false } }
}
