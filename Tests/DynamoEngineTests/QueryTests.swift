import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class QueryTests: XCTestCase {
    /// Found by Conformance/test_network_fuzz.py: a Limit past Int's range ("1e40") trapped when
    /// converted; it now saturates, so it means "no limit" (Query, Scan, ExecuteStatement, GetRecords ...).
    func testALimitPastIntsRangeIsNoLimitNotACrash() throws {
        let h = EngineHarness()
        try h.createHashRangeTable("messages")
        try h.call("PutItem", #"{"TableName": "messages", "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}}}"#)
        for limit in ["1e40", "1e308", "99999999999999999999", "1.5e19"] {
            let query = try h.call("Query", """
                {"TableName": "messages", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}, "Limit": \(limit)}
                """)
            XCTAssertEqual(query["Count"], .number("1"), limit)
            XCTAssertEqual(try h.call("Scan", #"{"TableName": "messages", "Limit": \#(limit)}"#)["Count"], .number("1"), limit)
            // ListTables declares a maximum, so there the value never reaches the conversion.
            XCTAssertTrue(try h.error("ListTables", #"{"Limit": \#(limit)}"#).message!.hasSuffix("Member must have value less than or equal to 100"))
        }
        XCTAssertEqual(Request(try JSON.parse(#"{"n": -1e40}"#)).int("n"), Int.min)
        XCTAssertEqual(Request(try JSON.parse(#"{"n": 2.9}"#)).int("n"), 2)
    }

    /// Items returned unchanged are written from their stored bytes as each row is read
    /// (`Page.add(_: EncodedItem)`); a projection of every attribute decodes them instead. Both
    /// give the same text, and the same counts and LastEvaluatedKey, page after page.
    func testItemsWrittenWhileReadingMatchDecodedItems() throws {
        let h = EngineHarness()
        try h.createHashRangeTable("messages")
        for i in 0..<7 {
            try h.call("PutItem", """
                {"TableName": "messages", "Item": {"pk": {"S": "a"}, "sk": {"S": "\(i)"}, "n": {"N": "\(i).50"},
                 "s": {"S": "tab\\t\\"q\\" é"}, "m": {"M": {"l": {"L": [{"B": "AAE="}, {"NULL": true}, {"SS": ["x", "y"]}]}}}}}
                """)
        }
        var start = ""
        var pages = 0
        repeat {
            func query(_ extra: String) throws -> JSON {
                try h.call("Query", """
                    {"TableName": "messages", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}},
                     "Limit": 3\(start)\(extra)}
                    """)
            }
            let unchanged = try query("")
            let decoded = try query(#", "ProjectionExpression": "pk, sk, n, s, m""#)
            XCTAssertEqual(unchanged.text, decoded.text)
            let count = try query(#", "Select": "COUNT""#)
            XCTAssertNil(count["Items"])
            XCTAssertEqual(count["Count"], unchanged["Count"])
            XCTAssertEqual(count["ScannedCount"], unchanged["ScannedCount"])
            XCTAssertEqual(count["LastEvaluatedKey"]?.text, unchanged["LastEvaluatedKey"]?.text)
            pages += 1
            guard let last = unchanged["LastEvaluatedKey"] else { break }
            start = #", "ExclusiveStartKey": "# + last.text
        } while pages < 10
        XCTAssertEqual(pages, 3)
    }
}
