import XCTest
@testable import DynamoModel

final class JSONTests: XCTestCase {
    func testParsesEveryKind() throws {
        let json = try JSON.parse(#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "e": ""} "#)
        XCTAssertEqual(json["a"], .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))
        XCTAssertEqual(json["b"]?["c"], .string("d"))
        XCTAssertEqual(json["e"], .string(""))
    }

    func testStringEscapesRoundTrip() throws {
        let json = try JSON.parse(#"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u0001"]"#)
        XCTAssertEqual(json, .array([.string("a\"b\\c/d\n\té😀\u{01}")]))
        XCTAssertEqual(try JSON.parse(json.bytes), json)
        XCTAssertEqual(JSON.string("\u{01}\"").text, #""\u0001\"""#)
    }

    func testLastDuplicateMemberWins() throws {
        XCTAssertEqual(try JSON.parse(#"{"a":1,"a":2}"#)["a"], .number("2"))
    }

    func testRejectsMalformedInput() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\\x\"", "\"\u{01}\"", "[1] x", "{\"a\":1,}", "\"\\ud800\""] {
            XCTAssertThrowsError(try JSON.parse(text), "should reject \(text.debugDescription)")
        }
    }

    func testRejectsInvalidUTF8() {
        XCTAssertThrowsError(try JSON.parse([0x22, 0xFF, 0x22]))
    }

    func testDepthIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try JSON.parse(deep))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertNoThrow(try JSON.parse(fine))
    }

    func testWritesCompactOrderedObjects() {
        let json = JSON.object([("b", .number("1")), ("a", .array([.null, .bool(true)]))])
        XCTAssertEqual(json.text, #"{"b":1,"a":[null,true]}"#)
    }

    /// The eight-bytes-at-a-time escape test agrees with a byte-by-byte one (the writer's use of
    /// it: JSONWriterTests).
    func testEscapeScanMatchesTheSimpleOne() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x09, 0x1F, 0x20, 0x21, 0x22, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xC3, 0xFF]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0x20...0x7E, using: &generator)
            }
            // The parser's fast path stops at the same bytes and at any byte that is not ASCII.
            if count >= 8 {
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let escape = bytes[0..<8].contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
                XCTAssertEqual(JSON.escapeMask(word) != 0, escape, "\(bytes[0..<8])")
                let special = bytes[0..<8].contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x80 }
                XCTAssertEqual(JSONParser.hasSpecialByte(word), special, "\(bytes[0..<8])")
            }
        }
    }
}
