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
}
