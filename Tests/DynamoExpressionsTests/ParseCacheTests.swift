import XCTest
import DynamoModel
@testable import DynamoExpressions

final class ParseCacheTests: XCTestCase {
    func testAnExpressionIsParsedOncePerKind() throws {
        let cache = ParseCache<Int>()
        var parses = 0
        func parse() throws(DynamoError) -> Int {
            parses += 1
            return parses
        }
        XCTAssertEqual(try cache.value(.condition, "a = :b", parse: parse), 1)
        XCTAssertEqual(try cache.value(.condition, "a = :b", parse: parse), 1)
        XCTAssertEqual(try cache.value(.filter, "a = :b", parse: parse), 2)
        XCTAssertEqual(cache.count, 2)
    }

    func testErrorsAreNotKept() {
        let cache = ParseCache<Int>()
        var parses = 0
        func parse() throws(DynamoError) -> Int {
            parses += 1
            throw DynamoError.validation("bad")
        }
        for _ in 0..<2 { XCTAssertThrowsError(try cache.value(.update, "SET", parse: parse)) }
        XCTAssertEqual(parses, 2)
        XCTAssertEqual(cache.count, 0)
    }

    func testItIsBounded() throws {
        let cache = ParseCache<Int>()
        for n in 0..<(ParseCache<Int>.capacity + 10) {
            _ = try cache.value(.condition, "a = :v\(n)") { () throws(DynamoError) in n }
            XCTAssertLessThanOrEqual(cache.count, ParseCache<Int>.capacity)
        }
        let long = "a = :v OR " + String(repeating: "a = :v OR ", count: 200) + "a = :v"
        let before = cache.count
        _ = try cache.value(.condition, long) { () throws(DynamoError) in 0 }
        XCTAssertEqual(cache.count, before, "a text over \(ParseCache<Int>.maxTextBytes) bytes is not kept")
    }

    func testTheParserAnswersTheSameTwice() throws {
        for _ in 0..<2 {
            let parsed = try ExpressionParser.parseCondition("pk = :p AND begins_with(sk, :y)", kind: .keyCondition)
            XCTAssertEqual(parsed.kind, .keyCondition)
            XCTAssertThrowsError(try ExpressionParser.parseCondition("pk = = :p", kind: .keyCondition)) { error in
                XCTAssertEqual((error as? DynamoError)?.message?.hasPrefix("Invalid KeyConditionExpression: Syntax error"), true)
            }
        }
    }

    func testTheServerEmptiesTheCachesAsItStops() throws {
        _ = try ExpressionParser.parseCondition("a = :b")
        _ = try ExpressionParser.parseUpdate("SET a = :b")
        _ = try ExpressionParser.parseProjection("a, b")
        XCTAssertGreaterThan(ExpressionParser.conditions.count + ExpressionParser.updates.count + ExpressionParser.projections.count, 0)
        ExpressionParser.clearCaches()
        XCTAssertEqual(ExpressionParser.conditions.count + ExpressionParser.updates.count + ExpressionParser.projections.count, 0)
    }
}
