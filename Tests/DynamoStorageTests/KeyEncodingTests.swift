import XCTest
@testable import DynamoModel
@testable import DynamoStorage
import TestSupport

/// SQLite compares BLOBs with memcmp, a shorter common prefix first: `lexicographicallyPrecedes`.
final class KeyEncodingTests: XCTestCase {
    func encode(_ value: AttributeValue) -> [UInt8] { KeyEncoding.encode(value) }

    func assertOrder(_ a: AttributeValue, _ b: AttributeValue, expected: Int, _ note: @autoclosure () -> String,
                     file: StaticString = #filePath, line: UInt = #line) {
        let ea = encode(a), eb = encode(b)
        XCTAssertEqual(ea.lexicographicallyPrecedes(eb), expected < 0, "< " + note(), file: file, line: line)
        XCTAssertEqual(ea == eb, expected == 0, "== " + note(), file: file, line: line)
    }

    func number(_ text: String) -> AttributeValue { .n(try! DynamoNumber(parsing: text)) }

    // MARK: Numbers

    func testNumberEdgeValues() {
        let max = "9.9999999999999999999999999999999999999E+125"
        let ascending = [
            "-" + max, "-1E125", "-12345678901234567890123456789012345678", "-100", "-10", "-1.23", "-1.2",
            "-1.0000000000000000000000000000000000001", "-1", "-0.99", "-0.1", "-1.1E-130", "-1E-130",
            "0", "1E-130", "1.1E-130", "0.1", "0.99", "1", "1.0000000000000000000000000000000000001", "1.2", "1.23",
            "1.230001", "10", "100", "12345678901234567890123456789012345678", "1E125", max,
        ]
        for (i, a) in ascending.enumerated() {
            for (j, b) in ascending.enumerated() {
                assertOrder(number(a), number(b), expected: i < j ? -1 : (i == j ? 0 : 1), "\(a) vs \(b)")
            }
        }
        for (a, b) in [("1", "1.0"), ("100", "1E2"), ("0", "-0"), ("-0.5", "-5E-1"), ("0.000", "0E99")] {
            XCTAssertEqual(encode(number(a)), encode(number(b)))
        }
    }

    func testRandomNumbers() {
        var rng = SplitMix64(seed: 2024)
        let pool = (0..<4000).map { _ in FixedPoint.random(&rng) }
        let encoded = pool.map { encode(.n(try! DynamoNumber(parsing: $0.text))) }
        for _ in 0..<50000 {
            let i = Int(rng.next() % UInt64(pool.count))
            let j = Int(rng.next() % UInt64(pool.count))
            let (a, ea, b, eb): (FixedPoint, [UInt8], FixedPoint, [UInt8])
            if rng.next() % 3 == 0 {
                // A close neighbour, to exercise shared prefixes and adjacent exponents.
                let near = pool[i].neighbour(&rng)
                (a, ea, b, eb) = (pool[i], encoded[i], near, encode(.n(try! DynamoNumber(parsing: near.text))))
            } else {
                (a, ea, b, eb) = (pool[i], encoded[i], pool[j], encoded[j])
            }
            let order = a.compare(b)
            XCTAssertEqual(ea.lexicographicallyPrecedes(eb), order < 0, "\(a.text) < \(b.text)")
            XCTAssertEqual(ea == eb, order == 0, "\(a.text) == \(b.text)")
        }
    }

    // MARK: Strings and binaries

    func testStringsOrderByUTF8Bytes() {
        // Code-point order, which UTF-8 byte order equals; not Swift's String order or equality.
        let ascending = ["", "\u{0}", "A", "B", "Z", "a", "a\u{0}", "aa", "ab", "b", "e\u{301}", "z", "\u{7F}", "é",
                         "\u{FFFF}", "😀", "\u{10FFFF}"]
        for (i, a) in ascending.enumerated() {
            for (j, b) in ascending.enumerated() {
                assertOrder(.s(a), .s(b), expected: i < j ? -1 : (i == j ? 0 : 1), "\(a.debugDescription) vs \(b.debugDescription)")
            }
        }
        // Canonically equivalent for Swift, different keys for DynamoDB.
        XCTAssertNotEqual(encode(.s("é")), encode(.s("e\u{301}")))
    }

    func testRandomStrings() {
        var rng = SplitMix64(seed: 5)
        let pieces: [String] = ["a", "b", "A", "0", " ", "\u{0}", "\u{7F}", "é", "e\u{301}", "ß", "中", "\u{FFFD}",
                                "\u{FFFF}", "😀", "\u{10000}", "\u{10FFFF}"]
        func randomString() -> String {
            (0..<Int(rng.next() % 6)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        }
        for _ in 0..<20000 {
            let a = randomString()
            let b = rng.next() % 4 == 0 ? a + randomString() : randomString()
            let sa = a.unicodeScalars.map(\.value), sb = b.unicodeScalars.map(\.value)
            let order = sa.lexicographicallyPrecedes(sb) ? -1 : (sa == sb ? 0 : 1)
            assertOrder(.s(a), .s(b), expected: order, "\(a.debugDescription) vs \(b.debugDescription)")
        }
    }

    func testRandomBinaries() {
        var rng = SplitMix64(seed: 11)
        func randomBytes() -> [UInt8] {
            (0..<Int(rng.next() % 6)).map { _ in [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF][Int(rng.next() % 6)] }
        }
        for _ in 0..<20000 {
            let a = randomBytes()
            let b = rng.next() % 4 == 0 ? a + randomBytes() : randomBytes()
            var order = 0
            for k in 0..<min(a.count, b.count) where a[k] != b[k] {
                order = a[k] < b[k] ? -1 : 1
                break
            }
            if order == 0 { order = a.count < b.count ? -1 : (a.count == b.count ? 0 : 1) }
            assertOrder(.b(a), .b(b), expected: order, "\(a) vs \(b)")
        }
    }
}

// MARK: - Helpers

/// A number in range as sign, significant digits and the power of the first digit; ordered through
/// an independent fixed-point form (the value × 10^200 as a 330-digit string).
struct FixedPoint {
    var negative: Bool
    var significand: [Int]  // empty for zero
    var exponent: Int

    static func random(_ rng: inout SplitMix64) -> FixedPoint {
        if rng.next() % 40 == 0 { return FixedPoint(negative: rng.next() % 2 == 0, significand: [], exponent: 0) }
        let count = rng.next() % 3 == 0 ? 38 : 1 + Int(rng.next() % 38)
        var s = (0..<count).map { _ in Int(rng.next() % 10) }
        s[0] = 1 + Int(rng.next() % 9)
        s[count - 1] = 1 + Int(rng.next() % 9)
        let exponent: Int
        switch rng.next() % 5 {
        case 0: exponent = 125 - Int(rng.next() % 2)
        case 1: exponent = -130 + Int(rng.next() % 2)
        case 2: exponent = Int(rng.next() % 5) - 2
        default: exponent = -130 + Int(rng.next() % 256)
        }
        return FixedPoint(negative: rng.next() % 2 == 0, significand: s, exponent: exponent)
    }

    func neighbour(_ rng: inout SplitMix64) -> FixedPoint {
        if significand.isEmpty { return FixedPoint.random(&rng) }
        var copy = self
        switch rng.next() % 5 {
        case 0: copy.significand[copy.significand.count - 1] = 1 + Int(rng.next() % 9)
        case 1: if copy.significand.count < 38 { copy.significand.append(1 + Int(rng.next() % 9)) }
        case 2:
            if copy.significand.count > 1 {
                copy.significand.removeLast()
                while copy.significand.last == 0 { copy.significand.removeLast() }
            }
        case 3: copy.exponent = min(125, max(-130, exponent + (rng.next() % 2 == 0 ? 1 : -1)))
        default: copy.negative.toggle()
        }
        return copy
    }

    var text: String {
        guard !significand.isEmpty else { return negative ? "-0" : "0" }
        return (negative ? "-0." : "0.") + significand.map(String.init).joined() + "E" + String(exponent + 1)
    }

    /// Digits from 10^129 down to 10^-200, most significant first.
    var fixed: [UInt8] {
        var out = [UInt8](repeating: 0, count: 330)
        for (j, d) in significand.enumerated() { out[129 - (exponent - j)] = UInt8(d) }
        return out
    }

    func compare(_ other: FixedPoint) -> Int {
        let ls = significand.isEmpty ? 0 : (negative ? -1 : 1)
        let rs = other.significand.isEmpty ? 0 : (other.negative ? -1 : 1)
        if ls != rs { return ls < rs ? -1 : 1 }
        let a = fixed, b = other.fixed
        let magnitude = a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
        return ls * magnitude
    }
}
