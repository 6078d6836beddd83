import XCTest
@testable import DynamoModel
import TestSupport

/// Expected texts and errors below were observed on DynamoDB Local 1.13.5 (PutItem then GetItem,
/// UpdateItem SET a = a + :b / ADD), except where a comment says the service differs.
final class DynamoNumberTests: XCTestCase {
    static let b38 = "12345678901234567890123456789012345678"
    static let max = "9.9999999999999999999999999999999999999E+125"
    static let maxPlain = String(repeating: "9", count: 38) + String(repeating: "0", count: 88)
    static let minPlain = "0." + String(repeating: "0", count: 129) + "1"

    func number(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> DynamoNumber {
        do throws(NumberError) {
            return try DynamoNumber(parsing: text)
        } catch {
            XCTFail("\(text.debugDescription): \(error)", file: file, line: line)
            return .zero
        }
    }

    func parseError(_ text: String) -> NumberError? {
        do throws(NumberError) {
            _ = try DynamoNumber(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Parsing and canonical text

    func testCanonicalText() {
        let cases: [(String, String)] = [
            ("1.50", "1.5"), ("-0", "0"), ("1E+2", "100"), ("0.000", "0"), ("1e-5", "0.00001"),
            ("1.0E10", "10000000000"), ("+1", "1"), ("+0", "0"), ("-1", "-1"), ("0", "0"), ("00012", "12"),
            ("1.", "1"), ("-.5", "-0.5"), (".5", "0.5"), ("+.5", "0.5"), ("1.e5", "100000"), ("1.E-2", "0.01"),
            ("00.00", "0"), (".0", "0"), ("-.0", "0"), ("0.", "0"), ("-0.0e5", "0"), ("0.0e-200", "0"),
            ("1E+0", "1"), ("1e0001", "10"), ("1E-0", "1"), ("1e+000000000000000000000000000000000000002", "100"),
            ("00000000001e1", "10"), ("0000000000000000000000000000000000000000000001", "1"),
            ("1.000000000000000000000000000000000000000000000", "1"),
            ("1E125", "1" + String(repeating: "0", count: 125)),
            (Self.max, Self.maxPlain), ("-" + Self.max, "-" + Self.maxPlain),
            ("99999999999999999999999999999999999999E88", Self.maxPlain),
            ("1E-130", Self.minPlain), ("-1E-130", "-" + Self.minPlain), ("100E-132", Self.minPlain),
            ("1e-0000000000000000000000000000000000000130", Self.minPlain),
            (Self.b38, Self.b38), ("-" + Self.b38, "-" + Self.b38),
            ("1234567890123456789012345678901234567800000", "1234567890123456789012345678901234567800000"),
            ("0.00000000000000000000000000000000000000000001234", "0.00000000000000000000000000000000000000000001234"),
            ("1.2345678901234567890123456789012345678", "1.2345678901234567890123456789012345678"),
            ("123.456", "123.456"), ("-0.000123", "-0.000123"), ("120.0300", "120.03"),
            // Zero with any exponent Java accepts.
            ("0e2147483647", "0"), ("0e-2147483647", "0"), ("0e1234567890", "0"), ("0.00e-2147483645", "0"),
            // Java's BigDecimal takes any BMP Unicode decimal digit.
            ("１２", "12"), ("1e١", "10"), ("٠", "0"), ("1e٠٠٢", "100"), ("٣.٥", "3.5"), ("1.5٠", "1.5"),
            ("߁", "1"), ("१२", "12"), ("０.５", "0.5"), ("-１", "-1"), ("1e０", "1"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(number(input).description, expected, "input \(input.debugDescription)")
        }
    }

    func testNotANumber() {
        let cases = [
            "", ".", " ", "1e", "1e+", "1E+", "1e-", "0e", "e5", ".e5", "-.e1", "NaN", "Infinity", "-Infinity",
            "0x10", " 1", "1 ", "\t1", "1\n", "abc", "--1", "+-1", "-+1", "1e+-2", "1e-+2", "1.2.3", "1e2.5",
            "-", "+", "1_0", "1d", "1f", "1L", "1,5",
            "1٫5", "𝟏", "Ｅ", "1Ｅ2", "１ｅ２",
            // Exponents beyond Int32, or a BigDecimal scale beyond Int32.
            "0e99999999999999999999", "1e99999999999999999999", "1e-99999999999999999999", "1e9999999999",
            "0e12345678901", "1e2147483648", "1e2147483649", "0e2147483648", "0e-2147483648", "1e-2147483648",
            "0.1e-2147483647", "0.0e-2147483647", "0.0e-2147483648", "0.5e-2147483648", "0.000e-2147483645",
            "1.5e2147483648", "1.0e2147483648", "0.0e2147483648", "1e0000000002147483648",
            // Syntax is checked before precision.
            "123456789012345678901234567890123456789x",
        ]
        for input in cases {
            XCTAssertEqual(parseError(input), .notANumber, "input \(input.debugDescription)")
        }
    }

    func testRangeLimits() {
        let over = ["1E126", "-1E126", "10E125", "0.1E127", "99999999999999999999999999999999999999E89",
                    "1E2147483647", "1.5e2147483647", "0.1e2147483647"]
        for input in over { XCTAssertEqual(parseError(input), .overflow, input) }
        let under = ["1E-131", "-1E-131", "0.99E-130", "9.9999999999999999999999999999999999999E-131",
                     "1000000000000000000000000000000000000000e-200", "1e-2147483647"]
        for input in under { XCTAssertEqual(parseError(input), .underflow, input) }
        for input in ["1E125", Self.max, "-" + Self.max, "1E-130", "-1E-130", "9.9E-130", "1.5E-130"] {
            XCTAssertNil(parseError(input), input)
        }
    }

    func testPrecision() {
        let thirtyEight = "1" + String(repeating: "0", count: 36) + "1"
        let thirtyNine = "1" + String(repeating: "0", count: 37) + "1"
        XCTAssertEqual(number(thirtyEight).description, thirtyEight)
        XCTAssertEqual(number("0." + thirtyEight).description, "0." + thirtyEight)
        XCTAssertEqual(parseError(thirtyNine), .tooManyDigits)
        XCTAssertEqual(parseError("0.000" + thirtyNine), .tooManyDigits)
        XCTAssertEqual(parseError("1" + String(repeating: "0", count: 40) + "1"), .tooManyDigits)
        // Leading and trailing zeros are not significant.
        XCTAssertEqual(number(String(repeating: "0", count: 50) + Self.b38 + String(repeating: "0", count: 50)).description,
                       Self.b38 + String(repeating: "0", count: 50))
        XCTAssertEqual(number("0.0000" + Self.b38 + "0000").description, "0.0000" + Self.b38)
        let cases = [
            "123456789012345678901234567890123456789", "-123456789012345678901234567890123456789",
            "1234567890123456789012345678901234567890", "1.234567890123456789012345678901234567890",
            "-1.23456789012345678901234567890123456789",
            // Precision is checked before the range.
            "123456789012345678901234567890123456789E200", "123456789012345678901234567890123456789E-200",
        ]
        for input in cases { XCTAssertEqual(parseError(input), .tooManyDigits, input) }
    }

    func testMessages() {
        XCTAssertEqual(NumberError.notANumber.message, "A value provided cannot be converted into a number")
        XCTAssertEqual(NumberError.tooManyDigits.message, "Attempting to store more than 38 significant digits in a Number")
        XCTAssertEqual(NumberError.overflow.message,
                       "Number overflow. Attempting to store a number with magnitude larger than supported range")
        XCTAssertEqual(NumberError.underflow.message,
                       "Number underflow. Attempting to store a number with magnitude smaller than supported range")
    }

    func testIntInitialiser() {
        for value in [0, 1, -1, 10, -10, 1000, 123_456_789, 120, Int.max, Int.min, Int.max - 1, Int.min + 1] {
            let n = DynamoNumber(value)
            XCTAssertEqual(n.description, String(value))
            XCTAssertEqual(n, number(String(value)))
        }
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let value = Int(bitPattern: UInt(rng.next())) >> Int(rng.next() % 64)
            XCTAssertEqual(DynamoNumber(value).description, String(value))
        }
        let literal: DynamoNumber = 42
        XCTAssertEqual(literal.description, "42")
    }

    // MARK: Equality, hashing, order

    func testEqualityAndHash() {
        let groups = [
            ["1", "1.0", "1.000", "+1", "01", "1E0", "0.1E1", "10E-1", "１"],
            ["0", "-0", "0.000", "0E100", "-0.0e-5", "+0"],
            ["100", "1E2", "1e+2", "100.00", "0.001E5"],
            ["-0.5", "-.5", "-5E-1", "-0.50"],
        ]
        for group in groups {
            let numbers = group.map { number($0) }
            for n in numbers {
                XCTAssertEqual(n, numbers[0])
                XCTAssertEqual(n.hashValue, numbers[0].hashValue)
            }
            XCTAssertEqual(Set(numbers).count, 1)
        }
        XCTAssertNotEqual(number("1"), number("-1"))
        XCTAssertNotEqual(number("1"), number("10"))
        XCTAssertNotEqual(number("1"), number("1.0000000000000000000000000000000000001"))
        XCTAssertFalse(number("-0").isNegative)
        XCTAssertTrue(number("-0").isZero)
        XCTAssertTrue(number("-1E-130").isNegative)
        XCTAssertFalse(number("1E-130").isZero)
    }

    func testOrderOfKnownValues() {
        let ascending = [
            "-" + Self.max, "-1E125", "-" + Self.b38, "-100", "-10", "-9.99", "-1.5", "-1.23", "-1.2", "-1.0000001",
            "-1", "-0.5", "-0.1", "-1E-129", "-9E-130", "-1E-130", "0", "1E-130", "9E-130", "1E-129", "0.1", "0.5",
            "1", "1.0000001", "1.2", "1.23", "1.5", "9.99", "10", "100", Self.b38, "1E125", Self.max,
        ].map { number($0) }
        for i in ascending.indices {
            for j in ascending.indices {
                XCTAssertEqual(ascending[i] < ascending[j], i < j, "\(ascending[i]) < \(ascending[j])")
                XCTAssertEqual(ascending[i] == ascending[j], i == j)
            }
        }
    }

    func testRandomAgainstReference() {
        var rng = SplitMix64(seed: 42)
        var pool: [(RefNumber, DynamoNumber)] = []
        for _ in 0..<3000 {
            let ref = RefNumber.random(&rng)
            let parsed = number(ref.scientific)
            XCTAssertEqual(parsed.description, ref.plain, ref.scientific)
            XCTAssertEqual(parsed.storageSize, ref.dynaliteSize, ref.scientific)
            XCTAssertEqual(parsed.isNegative, ref.negative && !ref.isZero)
            XCTAssertEqual(parsed.isZero, ref.isZero)
            pool.append((ref, parsed))
        }
        for _ in 0..<20000 {
            let (ra, a) = pool[Int(rng.next() % UInt64(pool.count))]
            let (rb, b): (RefNumber, DynamoNumber)
            if rng.next() % 2 == 0 {
                (rb, b) = pool[Int(rng.next() % UInt64(pool.count))]
            } else {
                rb = ra.neighbour(&rng)
                b = number(rb.scientific)
            }
            let order = ra.compare(rb)
            XCTAssertEqual(a < b, order < 0, "\(ra.scientific) < \(rb.scientific)")
            XCTAssertEqual(a == b, order == 0, "\(ra.scientific) == \(rb.scientific)")
            if order == 0 { XCTAssertEqual(a.hashValue, b.hashValue) }
        }
    }

    // MARK: Size

    func testStorageSize() {
        // Each checked on DynamoDB Local: the largest B value that still fits 400 KB beside the number.
        let cases: [(String, Int)] = [
            ("0", 1), ("1", 2), ("-1", 3), ("12", 2), ("-12", 3), ("1.2", 3), ("-1.2", 4), ("10", 2), ("123", 3),
            ("1234", 3), ("0.1", 2), ("0.01", 2), ("0.12", 2), ("0.012", 3), ("1E125", 2), ("-1E-130", 3),
            (Self.b38, 20), ("-" + Self.b38, 21), ("1.2345678901234567890123456789012345678", 21),
            ("99", 2), ("100", 2), ("1000", 2), ("5E-130", 2),
        ]
        for (input, size) in cases {
            XCTAssertEqual(number(input).storageSize, size, input)
        }
        // dynalite's rule on more shapes: 1 + ceil(n/2) + (n and e both even ? 1 : 0) + (negative ? 1 : 0).
        let more: [(String, Int)] = [
            ("-0", 1), ("0.5", 2), ("-0.5", 3), ("1.25", 3), ("12.5", 3), ("0.125", 3), ("1E-129", 2),
            ("1.1E-129", 2), ("1.1E-130", 3), ("-1.1E-130", 4), (Self.max, 20), ("-" + Self.max, 21),
        ]
        for (input, size) in more {
            XCTAssertEqual(number(input).storageSize, size, input)
        }
    }

    // MARK: Arithmetic

    func sum(_ a: String, _ b: String, subtract: Bool = false) -> Result<String, NumberError> {
        do throws(NumberError) {
            let x = number(a), y = number(b)
            return .success((subtract ? try x.subtracting(y) : try x.adding(y)).description)
        } catch {
            return .failure(error)
        }
    }

    func testArithmeticObservedOnDynamoDBLocal() {
        let nines = String(repeating: "9", count: 38)
        // DynamoDB Local keeps the operands' scale ("3.0", "0.0", "0.50"); we return normalised text.
        let additions: [(String, String, Result<String, NumberError>)] = [
            (Self.b38, "0.1", .failure(.tooManyDigits)),
            (Self.b38, "1", .success("12345678901234567890123456789012345679")),
            (nines, "1", .success("1" + String(repeating: "0", count: 38))),
            (nines, "0.5", .failure(.tooManyDigits)),
            (nines, "0.4", .failure(.tooManyDigits)),
            (Self.max, "1E+88", .failure(.overflow)),
            (Self.max, "1E+87", .failure(.tooManyDigits)),
            (Self.max, "1E+80", .failure(.tooManyDigits)),
            (Self.max, "1.1E+88", .failure(.tooManyDigits)),
            ("-" + Self.max, "-1.1E+88", .failure(.tooManyDigits)),
            ("-" + Self.max, "-1E+88", .failure(.overflow)),
            ("1E125", "1E-130", .failure(.tooManyDigits)),
            ("1E-130", "-1E-130", .success("0")),
            ("2E-130", "-1.5E-130", .failure(.underflow)),
            ("1E-129", "-9E-130", .success(Self.minPlain)),
            ("1.5", "-1.5", .success("0")),
            ("1.5", "1.5", .success("3")),
            ("0.25", "0.25", .success("0.5")),
            ("1.10", "0", .success("1.1")),
            ("1E2", "1", .success("101")),
            ("5", "-5", .success("0")),
            ("1", Self.b38, .success("12345678901234567890123456789012345679")),
            ("1", "-" + Self.b38, .success("-12345678901234567890123456789012345677")),
            ("0", "-7", .success("-7")),
            ("-7", "0", .success("-7")),
        ]
        for (a, b, expected) in additions {
            XCTAssertEqual(sum(a, b), expected, "\(a) + \(b)")
        }
        let subtractions: [(String, String, Result<String, NumberError>)] = [
            (Self.b38, "0.1", .failure(.tooManyDigits)),
            (Self.b38, "-0.1", .failure(.tooManyDigits)),
            ("1", "1E-130", .failure(.tooManyDigits)),
            ("0.1", "0.1", .success("0")),
            ("5", "5", .success("0")),
            ("1", "0.99999", .success("0.00001")),
            ("0", "5", .success("-5")),
            ("-" + Self.max, "1E88", .failure(.overflow)),
            ("1E-130", "1E-130", .success("0")),
        ]
        for (a, b, expected) in subtractions {
            XCTAssertEqual(sum(a, b, subtract: true), expected, "\(a) - \(b)")
        }
    }

    func testRandomArithmeticAgainstReference() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<20000 {
            let ra = RefNumber.random(&rng)
            let rb = rng.next() % 2 == 0 ? RefNumber.random(&rng) : ra.neighbour(&rng)
            let subtract = rng.next() % 2 == 0
            let exact = subtract ? ra.adding(rb.negated) : ra.adding(rb)
            let expected: Result<String, NumberError>
            if let error = exact.error { expected = .failure(error) } else { expected = .success(exact.plain) }
            XCTAssertEqual(sum(ra.scientific, rb.scientific, subtract: subtract), expected,
                           "\(ra.scientific) \(subtract ? "-" : "+") \(rb.scientific)")
        }
    }
}

// MARK: - Test helpers

/// An independent reference: the exact value as a fixed-point integer scaled by 10^200, in
/// little-endian decimal digits (positions -200 ... 139), which holds any sum of two numbers in range.
struct RefNumber {
    static let scale = 200
    static let width = 340
    var negative: Bool
    var digits: [Int]  // digits[k] is the digit for 10^(k - scale)

    var isZero: Bool { !digits.contains { $0 != 0 } }

    /// From significant digits d0 d1 ... and the power of d0.
    init(negative: Bool, significand: [Int], exponent: Int) {
        self.negative = negative
        digits = [Int](repeating: 0, count: RefNumber.width)
        for (j, d) in significand.enumerated() { digits[exponent - j + RefNumber.scale] = d }
    }

    init(negative: Bool, digits: [Int]) {
        self.negative = negative
        self.digits = digits
    }

    static func random(_ rng: inout SplitMix64) -> RefNumber {
        if rng.next() % 50 == 0 { return RefNumber(negative: rng.next() % 2 == 0, significand: [], exponent: 0) }
        let count: Int
        switch rng.next() % 4 {
        case 0: count = 1
        case 1: count = 38
        default: count = 1 + Int(rng.next() % 38)
        }
        var significand = (0..<count).map { _ in Int(rng.next() % 10) }
        significand[0] = 1 + Int(rng.next() % 9)
        significand[count - 1] = 1 + Int(rng.next() % 9)
        let exponent: Int
        switch rng.next() % 6 {
        case 0: exponent = 125 - Int(rng.next() % 3)
        case 1: exponent = -130 + Int(rng.next() % 3)
        case 2: exponent = Int(rng.next() % 11) - 5
        default: exponent = -130 + Int(rng.next() % 256)
        }
        return RefNumber(negative: rng.next() % 2 == 0, significand: significand, exponent: exponent)
    }

    /// A number near this one: same digits with one changed, appended or dropped, the exponent moved by one, or the sign flipped.
    func neighbour(_ rng: inout SplitMix64) -> RefNumber {
        guard let (significand, exponent) = parts else { return RefNumber.random(&rng) }
        var s = significand, e = exponent, negative = self.negative
        switch rng.next() % 5 {
        case 0: s[s.count - 1] = 1 + Int(rng.next() % 9)
        case 1: if s.count < 38 { s.append(1 + Int(rng.next() % 9)) }
        case 2: if s.count > 1 { s.removeLast(); while s.last == 0 { s.removeLast() } }
        case 3: e = Swift.min(125, Swift.max(-130, e + (rng.next() % 2 == 0 ? 1 : -1)))
        default: negative.toggle()
        }
        return RefNumber(negative: negative, significand: s, exponent: e)
    }

    /// Significant digits and the power of the first, or nil for zero.
    var parts: ([Int], Int)? {
        guard let high = digits.lastIndex(where: { $0 != 0 }), let low = digits.firstIndex(where: { $0 != 0 }) else {
            return nil
        }
        return (Array(digits[low...high].reversed()), high - RefNumber.scale)
    }

    var negated: RefNumber { RefNumber(negative: !negative, digits: digits) }

    /// Text as a client might send it: "-d.dddE-12".
    var scientific: String {
        guard let (s, e) = parts else { return negative ? "-0" : "0" }
        var text = negative ? "-" : ""
        text += String(s[0])
        if s.count > 1 { text += "." + s.dropFirst().map(String.init).joined() }
        return text + "E" + (e >= 0 ? "+" : "") + String(e)
    }

    /// Plain notation, built from the fixed-point digits.
    var plain: String {
        guard let high = digits.lastIndex(where: { $0 != 0 }), let low = digits.firstIndex(where: { $0 != 0 }) else {
            return "0"
        }
        var text = negative ? "-" : ""
        if high >= RefNumber.scale {
            text += (RefNumber.scale...high).reversed().map { String(digits[$0]) }.joined()
        } else {
            text += "0"
        }
        if low < RefNumber.scale {
            text += "." + (low..<RefNumber.scale).reversed().map { String(digits[$0]) }.joined()
        }
        return text
    }

    var dynaliteSize: Int {
        guard let (s, e) = parts else { return 1 }
        let n = s.count
        return 1 + (n + 1) / 2 + (n % 2 != 0 || e % 2 != 0 ? 0 : 1) + (negative ? 1 : 0)
    }

    static func compareMagnitude(_ a: [Int], _ b: [Int]) -> Int {
        for k in stride(from: width - 1, through: 0, by: -1) where a[k] != b[k] {
            return a[k] < b[k] ? -1 : 1
        }
        return 0
    }

    func compare(_ other: RefNumber) -> Int {
        let ls = isZero ? 0 : (negative ? -1 : 1)
        let rs = other.isZero ? 0 : (other.negative ? -1 : 1)
        if ls != rs { return ls < rs ? -1 : 1 }
        return ls * RefNumber.compareMagnitude(digits, other.digits)
    }

    func adding(_ other: RefNumber) -> RefNumber {
        var out = [Int](repeating: 0, count: RefNumber.width)
        if negative == other.negative || isZero || other.isZero {
            let sign = isZero ? other.negative : negative
            var carry = 0
            for k in 0..<RefNumber.width {
                let s = digits[k] + other.digits[k] + carry
                out[k] = s % 10
                carry = s / 10
            }
            return RefNumber(negative: sign, digits: out)
        }
        let m = RefNumber.compareMagnitude(digits, other.digits)
        let (big, small, sign) = m >= 0 ? (digits, other.digits, negative) : (other.digits, digits, other.negative)
        var borrow = 0
        for k in 0..<RefNumber.width {
            var s = big[k] - small[k] - borrow
            if s < 0 { s += 10; borrow = 1 } else { borrow = 0 }
            out[k] = s
        }
        return RefNumber(negative: sign, digits: out)
    }

    /// The error DynamoDB gives for storing this exact value, if any.
    var error: NumberError? {
        guard let (s, e) = parts else { return nil }
        if s.count > 38 { return .tooManyDigits }
        if e > 125 { return .overflow }
        if e < -130 { return .underflow }
        return nil
    }
}
