import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class ScanTests: XCTestCase {
    /// Items returned unchanged are written from their stored bytes as each row is read; a
    /// projection of every attribute decodes them instead. Same text, counts and LastEvaluatedKey.
    func testItemsWrittenWhileReadingMatchDecodedItems() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        for i in 0..<5 {
            try h.call("PutItem", """
                {"TableName": "things", "Item": {"pk": {"S": "k\(i)"}, "n": {"NS": ["1", "-2.5E3"]}, "s": {"S": "\\u0001\\\\"}}}
                """)
        }
        var start = ""
        var pages = 0
        repeat {
            func scan(_ extra: String) throws -> JSON {
                try h.call("Scan", #"{"TableName": "things", "Limit": 2\#(start)\#(extra)}"#)
            }
            let unchanged = try scan("")
            XCTAssertEqual(unchanged.text, try scan(#", "ProjectionExpression": "pk, n, s""#).text)
            let count = try scan(#", "Select": "COUNT""#)
            XCTAssertNil(count["Items"])
            XCTAssertEqual(count["Count"], unchanged["Count"])
            XCTAssertEqual(count["ScannedCount"], unchanged["ScannedCount"])
            pages += 1
            guard let last = unchanged["LastEvaluatedKey"] else { break }
            start = #", "ExclusiveStartKey": "# + last.text
        } while pages < 10
        XCTAssertEqual(pages, 3)
    }
}
