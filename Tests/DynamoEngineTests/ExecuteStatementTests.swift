import XCTest
@testable import DynamoEngine
@testable import DynamoModel

/// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction on the in-memory engine.
/// DynamoDB Local 1.13.5 has no PartiQL, so behaviour follows the Developer Guide's PartiQL pages.
final class ExecuteStatementTests: XCTestCase {
    func harness() throws -> EngineHarness {
        let h = EngineHarness()
        try h.createHashRangeTable()
        for i in 0..<5 {
            try h.call("ExecuteStatement", #"{"Statement": "INSERT INTO messages VALUE {'pk': 'a', 'sk': ?, 'n': \#(i)}", "Parameters": [{"S": "s\#(i)"}]}"#)
        }
        try h.call("ExecuteStatement", #"{"Statement": "INSERT INTO \"messages\" VALUE {'pk': 'b', 'sk': 's0', 'n': 9}"}"#)
        return h
    }

    func items(_ json: JSON) -> [JSON] {
        if case .array(let list)? = json["Items"] { return list }
        return []
    }

    func testSelectQueriesAPartitionWithSortRange() throws {
        let h = try harness()
        let result = try h.call("ExecuteStatement", #"{"Statement": "SELECT sk FROM messages WHERE pk = 'a' AND sk > 's2' ORDER BY sk DESC"}"#)
        XCTAssertEqual(result.text, #"{"Items":[{"sk":{"S":"s4"}},{"sk":{"S":"s3"}}]}"#)
    }

    func testSelectScansWithFilterAndPagesWithNextToken() throws {
        let h = try harness()
        var seen: [JSON] = []
        var token: String?
        var pages = 0
        repeat {
            let next = token.map { #", "NextToken": "\#($0)""# } ?? ""
            let result = try h.call("ExecuteStatement", #"{"Statement": "SELECT * FROM messages WHERE n >= 1", "Limit": 2\#(next)}"#)
            seen += items(result)
            if case .string(let t)? = result["NextToken"] { token = t } else { token = nil }
            pages += 1
        } while token != nil && pages < 10
        XCTAssertEqual(seen.count, 5)  // n = 1...4 and 9
        XCTAssertEqual(pages, 4)  // 6 items read 2 at a time, then an empty last page
    }

    func testNextTokenOfAnotherStatement() throws {
        let h = try harness()
        let first = try h.call("ExecuteStatement", #"{"Statement": "SELECT * FROM messages", "Limit": 1}"#)
        guard case .string(let token)? = first["NextToken"] else { return XCTFail("no NextToken") }
        assertError(try h.error("ExecuteStatement", #"{"Statement": "SELECT pk FROM messages", "NextToken": "\#(token)"}"#),
                    .validation, Messages.partiQLNextTokenMismatch)
        assertError(try h.error("ExecuteStatement", #"{"Statement": "SELECT * FROM messages", "NextToken": "xyz"}"#),
                    .validation, Messages.partiQLInvalidNextToken)
    }

    func testInsertDuplicateUpdateAndDelete() throws {
        let h = try harness()
        assertError(try h.error("ExecuteStatement", #"{"Statement": "INSERT INTO messages VALUE {'pk': 'a', 'sk': 's0'}"}"#),
                    .duplicateItem, "Duplicate primary key exists in table")
        assertError(try h.error("ExecuteStatement", #"{"Statement": "INSERT INTO messages VALUE {'pk': 'a'}"}"#),
                    .validation, Messages.partiQLKeyAbsent("sk"))
        let updated = try h.call("ExecuteStatement",
            #"{"Statement": "UPDATE messages SET n = n + 10 SET tags = <<'x'>> WHERE pk = 'a' AND sk = 's1' RETURNING MODIFIED OLD *"}"#)
        XCTAssertEqual(updated.text, #"{"Items":[{"n":{"N":"1"}}]}"#)
        assertError(try h.error("ExecuteStatement", #"{"Statement": "UPDATE messages SET n = 1 WHERE pk = 'a'"}"#),
                    .validation, Messages.partiQLIncompleteKey)
        assertError(try h.error("ExecuteStatement", #"{"Statement": "UPDATE messages SET n = 1 WHERE pk = 'zz' AND sk = 's1'"}"#),
                    .conditionalCheckFailed, Messages.conditionalCheckFailed)
        assertError(try h.error("ExecuteStatement", #"{"Statement": "UPDATE messages SET pk = 'q' WHERE pk = 'a' AND sk = 's1'"}"#),
                    .validation, Messages.updateKeyAttribute("pk"))
        let failed = try h.error("ExecuteStatement",
            #"{"Statement": "DELETE FROM messages WHERE pk = 'a' AND sk = 's1' AND n = 0", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}"#)
        XCTAssertEqual(failed.kind, .conditionalCheckFailed)
        XCTAssertEqual(failed.item?["n"], .n(11))
        let deleted = try h.call("ExecuteStatement", #"{"Statement": "DELETE FROM messages WHERE pk = 'a' AND sk = 's1' RETURNING ALL OLD *"}"#)
        XCTAssertEqual(items(deleted).count, 1)
        // No item: success, nothing deleted.
        XCTAssertEqual(try h.call("ExecuteStatement", #"{"Statement": "DELETE FROM messages WHERE pk = 'a' AND sk = 's1'"}"#).text, #"{"Items":[]}"#)
    }

    func testErrors() throws {
        let h = try harness()
        assertError(try h.error("ExecuteStatement", #"{"Statement": "SELECT * FROM nothere"}"#), .resourceNotFound, Messages.resourceNotFound)
        assertError(try h.error("ExecuteStatement", #"{"Statement": "SELECT * FROM messages WHERE pk = ?"}"#), .validation, Messages.partiQLParameterCount)
        assertError(try h.error("ExecuteStatement", #"{"Statement": "EXISTS(SELECT * FROM messages WHERE pk = 'a' AND sk = 's0' AND n = 0)"}"#),
                    .validation, Messages.partiQLExistsOutsideTransaction)
        assertError(try h.error("ExecuteStatement", #"{"Statement": "SELECT * FROM messages.nope"}"#), .validation, Messages.noSuchIndex("nope"))
    }

    func testBatchExecuteStatement() throws {
        let h = try harness()
        let result = try h.call("BatchExecuteStatement", #"""
            {"Statements": [
              {"Statement": "SELECT n FROM messages WHERE pk = ? AND sk = ?", "Parameters": [{"S": "a"}, {"S": "s2"}]},
              {"Statement": "SELECT * FROM messages WHERE pk = 'zz' AND sk = 's2'"},
              {"Statement": "SELECT * FROM messages WHERE pk = 'a'"},
              {"Statement": "SELECT * FROM nothere WHERE pk = 'a' AND sk = 'b'"},
              {"Statement": "nonsense"}]}
            """#)
        XCTAssertEqual(result.text, #"{"Responses":[{"TableName":"messages","Item":{"n":{"N":"2"}}},{"TableName":"messages"},"#
            + #"{"Error":{"Code":"ValidationError","Message":"\#(Messages.partiQLBatchSingleItemSelect)"},"TableName":"messages"},"#
            + #"{"Error":{"Code":"ResourceNotFound","Message":"Requested resource not found"},"TableName":"nothere"},"#
            + #"{"Error":{"Code":"ValidationError","Message":"Statement wasn't well formed, can't be processed: Expected data manipulation"}}]}"#)
        assertError(try h.error("BatchExecuteStatement", #"""
            {"Statements": [{"Statement": "SELECT * FROM messages WHERE pk = 'a' AND sk = 's1'"},
                            {"Statement": "DELETE FROM messages WHERE pk = 'a' AND sk = 's1'"}]}
            """#), .validation, Messages.partiQLBatchMixed)
        let writes = try h.call("BatchExecuteStatement", #"""
            {"Statements": [{"Statement": "INSERT INTO messages VALUE {'pk': 'c', 'sk': 's0'}"},
                            {"Statement": "INSERT INTO messages VALUE {'pk': 'a', 'sk': 's0'}"},
                            {"Statement": "UPDATE messages SET n = 0 WHERE pk = 'b' AND sk = 's0' AND n = 1"}]}
            """#)
        XCTAssertEqual(writes.text, #"{"Responses":[{"TableName":"messages"},"#
            + #"{"Error":{"Code":"DuplicateItem","Message":"Duplicate primary key exists in table"},"TableName":"messages"},"#
            + #"{"Error":{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"},"TableName":"messages"}]}"#)
    }

    func testExecuteTransactionIsAllOrNothing() throws {
        let h = try harness()
        let error = try h.error("ExecuteTransaction", #"""
            {"TransactStatements": [
              {"Statement": "INSERT INTO messages VALUE {'pk': 't', 'sk': '1'}"},
              {"Statement": "UPDATE messages SET n = 100 WHERE pk = 'a' AND sk = 's0' AND n = 42"}]}
            """#)
        XCTAssertEqual(error.kind, .transactionCanceled)
        XCTAssertEqual(error.cancellationReasons?.map(\.code), ["None", "ConditionalCheckFailed"])
        XCTAssertEqual(try h.call("ExecuteStatement", #"{"Statement": "SELECT * FROM messages WHERE pk = 't'"}"#).text, #"{"Items":[]}"#)

        try h.call("ExecuteTransaction", #"""
            {"TransactStatements": [
              {"Statement": "INSERT INTO messages VALUE {'pk': 't', 'sk': '1'}"},
              {"Statement": "EXISTS(SELECT * FROM messages WHERE pk = 'a' AND sk = 's0' AND n = 0)"},
              {"Statement": "DELETE FROM messages WHERE pk = 'b' AND sk = 's0'"}]}
            """#)
        let read = try h.call("ExecuteTransaction", #"""
            {"TransactStatements": [{"Statement": "SELECT sk FROM messages WHERE pk = 't' AND sk = '1'"},
                                    {"Statement": "SELECT * FROM messages WHERE pk = 'b' AND sk = 's0'"}]}
            """#)
        XCTAssertEqual(read.text, #"{"Responses":[{"Item":{"sk":{"S":"1"}}},{}]}"#)
        assertError(try h.error("ExecuteTransaction", #"""
            {"TransactStatements": [{"Statement": "SELECT * FROM messages WHERE pk = 't'"}]}
            """#), .validation, Messages.partiQLTransactionSelectKey)
    }
}
