import XCTest
@testable import DynamoHTTP

final class RequestIdsTests: XCTestCase {
    /// Lower-case version-4 UUIDs, the form `UUID().uuidString.lowercased()` gave.
    func testIdsAreVersion4UUIDs() {
        var ids = RequestIds()
        var seen = Set<String>()
        for id in (0..<1000).map({ _ in ids.next() }) + [RequestIds.random()] {
            XCTAssertNotNil(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/), id)
            XCTAssertNotNil(UUID(uuidString: id), id)
            seen.insert(id)
        }
        XCTAssertEqual(seen.count, 1001)
        XCTAssertEqual(RequestIds.format(0, 0), "00000000-0000-4000-8000-000000000000")
        XCTAssertEqual(RequestIds.format(~0, ~0), "ffffffff-ffff-4fff-bfff-ffffffffffff")
    }
}
