/// Why a text or a computed result is not a DynamoDB number.
public enum NumberError: Error, Sendable, Equatable {
    case notANumber
    case tooManyDigits
    case overflow
    case underflow

    /// The ValidationException message, without prefix: DynamoDB adds context around it in some
    /// places (e.g. "ExpressionAttributeValues contains invalid value: <message> for key :v").
    public var message: String {
        switch self {
        case .notANumber: return Messages.notANumber
        // The service's text (dynalite's recordings). DynamoDB Local 1.13.5 says instead
        // "DynamoDB only supports precision up to 38 digits".
        case .tooManyDigits: return "Attempting to store more than 38 significant digits in a Number"
        case .overflow: return "Number overflow. Attempting to store a number with magnitude larger than supported range"
        case .underflow: return "Number underflow. Attempting to store a number with magnitude smaller than supported range"
        }
    }
}

/// A DynamoDB Number: zero, or up to 38 significant decimal digits with magnitude
/// 1E-130 ... 9.9999999999999999999999999999999999999E+125. Exact; no binary floating point.
///
/// Stored normalised (no leading or trailing zeros in the coefficient, no negative zero), so the
/// synthesised `==` and `hash` compare numeric values: "1.0" == "1".
public struct DynamoNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let maxDigits = 38
    public static let maxExponent = 125
    public static let minExponent = -130

    /// The 38-digit coefficient, left-aligned and padded with zeros: digits 1-19 and 20-38.
    @usableFromInline let hi: UInt64
    @usableFromInline let lo: UInt64
    /// Position of the leading digit: value = d0.d1d2... × 10^exponent. 0 for zero.
    @usableFromInline let exponent: Int16
    /// Significant digits (no trailing zeros); 0 for zero.
    @usableFromInline let digitCount: UInt8
    @usableFromInline let negative: Bool

    @usableFromInline init(hi: UInt64, lo: UInt64, exponent: Int16, digitCount: UInt8, negative: Bool) {
        self.hi = hi
        self.lo = lo
        self.exponent = exponent
        self.digitCount = digitCount
        self.negative = negative
    }

    public static let zero = DynamoNumber(hi: 0, lo: 0, exponent: 0, digitCount: 0, negative: false)

    public var isZero: Bool { digitCount == 0 }
    public var isNegative: Bool { negative }

    public var negated: DynamoNumber {
        isZero ? self : DynamoNumber(hi: hi, lo: lo, exponent: exponent, digitCount: digitCount, negative: !negative)
    }

    public init(_ value: Int) {
        var magnitude = value.magnitude
        if magnitude == 0 { self = .zero; return }
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        while magnitude > 0 {
            digits.append(UInt8(magnitude % 10))
            magnitude /= 10
        }
        let adjusted = digits.count - 1
        digits.reverse()
        while digits.last == 0 { digits.removeLast() }
        // Any Int has at most 20 digits and fits the range.
        self = DynamoNumber.pack(negative: value < 0, digits: digits, adjusted: adjusted)
    }
}

extension DynamoNumber: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

// MARK: - Digits

let powersOfTen: [UInt64] = {
    var table: [UInt64] = [1]
    for _ in 1...19 { table.append(table.last! &* 10) }
    return table
}()

extension DynamoNumber {
    /// Packs significant digits (values 0-9, first and last nonzero, at most 38) into a number.
    static func pack(negative: Bool, digits: some Collection<UInt8>, adjusted: Int) -> DynamoNumber {
        var hi: UInt64 = 0, lo: UInt64 = 0
        var count = 0
        for d in digits {
            if count < 19 { hi = hi &* 10 &+ UInt64(d) } else { lo = lo &* 10 &+ UInt64(d) }
            count += 1
        }
        return align(hi: hi, lo: lo, count: count, negative: negative, adjusted: adjusted)
    }

    @inline(__always)
    static func align(hi: UInt64, lo: UInt64, count: Int, negative: Bool, adjusted: Int) -> DynamoNumber {
        var hi = hi, lo = lo
        if count <= 19 {
            hi &*= powersOfTen[19 - count]
            lo = 0
        } else {
            lo &*= powersOfTen[38 - count]
        }
        return DynamoNumber(hi: hi, lo: lo, exponent: Int16(adjusted), digitCount: UInt8(count), negative: negative)
    }

    /// Calls `body` with the significant digits (values 0-9).
    @inline(__always)
    func withDigits<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 38) { buffer in
            // Only the significant digits: most numbers have a few, and each costs a division.
            let n = Int(digitCount)
            var h = hi / powersOfTen[19 - min(n, 19)]
            for i in stride(from: min(n, 19) - 1, through: 0, by: -1) {
                buffer[i] = UInt8(truncatingIfNeeded: h % 10); h /= 10
            }
            if n > 19 {
                var l = lo / powersOfTen[38 - n]
                for i in stride(from: n - 1, through: 19, by: -1) {
                    buffer[i] = UInt8(truncatingIfNeeded: l % 10); l /= 10
                }
            }
            return body(UnsafeBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}

// MARK: - Parsing

extension DynamoNumber {
    /// Parses DynamoDB's number syntax, which is Java's `BigDecimal(String)`: optional '+' or '-',
    /// digits with an optional '.', at least one digit, optional e/E exponent with optional sign.
    /// Checked against DynamoDB Local: "+1", ".5", "1.", "1.e5", "00012" are numbers; "", ".",
    /// "1e", "e5", "NaN", "Infinity", "0x10", " 1", "1 ", "--1" are not. Like Java it takes any
    /// Unicode decimal digit of the BMP ("１２" is 12) and exponents only within Int32, with the
    /// resulting BigDecimal scale also within Int32 ("0e2147483648" is not a number).
    /// Errors in the service's order: syntax, then precision, then range.
    public init(parsing text: String) throws(NumberError) {
        var text = text
        let result = text.withUTF8 { DynamoNumber.parse($0) }
        switch result {
        case .success(let number): self = number
        case .failure(let error): throw error
        case .nonASCII:
            guard let ascii = DynamoNumber.asciiDigits(text) else { throw .notANumber }
            switch ascii.withUnsafeBufferPointer({ DynamoNumber.parse($0) }) {
            case .success(let number): self = number
            case .failure(let error): throw error
            case .nonASCII: throw .notANumber
            }
        }
    }

    enum ParseResult {
        case success(DynamoNumber)
        case failure(NumberError)
        case nonASCII
    }

    /// Replaces BMP Unicode decimal digits by ASCII ones (Java's `Character.digit` works on UTF-16
    /// units, so supplementary-plane digits such as U+1D7CF are rejected, as DynamoDB Local does).
    static func asciiDigits(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                out.append(UInt8(scalar.value))
            } else if scalar.value <= 0xFFFF, scalar.properties.generalCategory == .decimalNumber,
                      let value = scalar.properties.numericValue, value >= 0, value <= 9 {
                out.append(0x30 + UInt8(value))
            } else {
                return nil
            }
        }
        return out
    }

    static func parse(_ s: UnsafeBufferPointer<UInt8>) -> ParseResult {
        let n = s.count
        var i = 0
        var negative = false
        if i < n, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            negative = s[i] == UInt8(ascii: "-")
            i += 1
        }

        var hi: UInt64 = 0, lo: UInt64 = 0
        var count = 0            // significant digits stored
        var pendingZeros = 0     // zeros after the last stored digit, stored only if a nonzero follows
        var tooMany = false
        var sawDigit = false
        var integerDigits = 0    // integer-part digits from the leading nonzero one
        var fractionDigits = 0   // all digits after '.', for Java's scale check
        var fractionLeadingZeros = 0
        var sawPoint = false

        while i < n {
            let c = s[i]
            if c &- 0x30 < 10 {
                let d = c &- 0x30
                sawDigit = true
                if sawPoint { fractionDigits += 1 }
                if d == 0 {
                    if count > 0 || tooMany { pendingZeros += 1 } else if sawPoint { fractionLeadingZeros += 1 }
                } else if !tooMany {
                    if count + pendingZeros >= 38 {
                        tooMany = true
                    } else {
                        while pendingZeros > 0 {
                            if count < 19 { hi &*= 10 } else { lo &*= 10 }
                            count += 1
                            pendingZeros -= 1
                        }
                        if count < 19 { hi = hi &* 10 &+ UInt64(d) } else { lo = lo &* 10 &+ UInt64(d) }
                        count += 1
                    }
                } else {
                    pendingZeros = 0
                }
                if !sawPoint && (count > 0 || tooMany) { integerDigits += 1 }
            } else if c == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                break
            } else if c >= 0x80 {
                return .nonASCII
            } else {
                return .failure(.notANumber)
            }
            i += 1
        }
        guard sawDigit else { return .failure(.notANumber) }

        var exponent = 0
        if i < n {
            // At 'e' or 'E'.
            i += 1
            var expNegative = false
            if i < n, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                expNegative = s[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < n else { return .failure(.notANumber) }
            var significant = 0
            while i < n {
                let c = s[i]
                if c >= 0x80 { return .nonASCII }
                let d = c &- 0x30
                guard d < 10 else { return .failure(.notANumber) }
                if d != 0 || significant > 0 {
                    significant += 1
                    // Java rejects exponents of more than 10 significant digits outright.
                    if significant > 10 { return .failure(.notANumber) }
                    exponent = exponent * 10 + Int(d)
                }
                i += 1
            }
            if expNegative { exponent = -exponent }
            // Java: the exponent must be an int, and so must the scale (fraction digits - exponent).
            let scale = fractionDigits - exponent
            if exponent < Int(Int32.min) || exponent > Int(Int32.max)
                || scale < Int(Int32.min) || scale > Int(Int32.max) {
                return .failure(.notANumber)
            }
        }

        if count == 0 && !tooMany { return .success(.zero) }
        if tooMany { return .failure(.tooManyDigits) }
        let leading = integerDigits > 0 ? integerDigits - 1 : -(fractionLeadingZeros + 1)
        let adjusted = leading + exponent
        if adjusted > maxExponent { return .failure(.overflow) }
        if adjusted < minExponent { return .failure(.underflow) }
        return .success(align(hi: hi, lo: lo, count: count, negative: negative, adjusted: adjusted))
    }
}

// MARK: - Text

extension DynamoNumber {
    /// Plain notation as DynamoDB returns numbers: no exponent, no trailing zeros after the point,
    /// e.g. "1E+2" -> "100", "1e-5" -> "0.00001", "-0" -> "0".
    public var description: String {
        String(unsafeUninitializedCapacity: textLength) { writeText(into: $0.baseAddress!) }
    }

    /// Appends `description`'s UTF-8 to `out` (JSON writers: no String in between).
    public func write(to out: inout JSONWriter) {
        out.write(maximum: textLength) { writeText(into: $0) }
    }

    /// The length of `description`.
    var textLength: Int {
        if digitCount == 0 { return 1 }
        let n = Int(digitCount)
        let e = Int(exponent)
        let sign = negative ? 1 : 0
        if e >= n - 1 { return sign + e + 1 }
        if e >= 0 { return sign + n + 1 }
        return sign + 1 - e + n
    }

    /// Writes `description`'s UTF-8 at `out` (`textLength` bytes) and returns its length.
    func writeText(into out: UnsafeMutablePointer<UInt8>) -> Int {
        if digitCount == 0 { out[0] = 0x30; return 1 }
        let n = Int(digitCount)
        let e = Int(exponent)
        return withDigits { digits in
            var k = 0
            if negative { out[0] = UInt8(ascii: "-"); k = 1 }
            if e >= n - 1 {
                for d in digits { out[k] = 0x30 | d; k += 1 }
                for _ in 0..<(e - (n - 1)) { out[k] = 0x30; k += 1 }
            } else if e >= 0 {
                for j in 0..<n {
                    if j == e + 1 { out[k] = UInt8(ascii: "."); k += 1 }
                    out[k] = 0x30 | digits[j]; k += 1
                }
            } else {
                out[k] = 0x30; out[k + 1] = UInt8(ascii: "."); k += 2
                for _ in 0..<(-e - 1) { out[k] = 0x30; k += 1 }
                for d in digits { out[k] = 0x30 | d; k += 1 }
            }
            return k
        }
    }
}

// MARK: - Order

extension DynamoNumber {
    /// -1, 0 or 1.
    @inlinable public var signum: Int { digitCount == 0 ? 0 : (negative ? -1 : 1) }

    /// Compares |lhs| with |rhs| for nonzero numbers: -1, 0 or 1.
    @inline(__always)
    static func compareMagnitudes(_ a: DynamoNumber, _ b: DynamoNumber) -> Int {
        if a.exponent != b.exponent { return a.exponent < b.exponent ? -1 : 1 }
        if a.hi != b.hi { return a.hi < b.hi ? -1 : 1 }
        if a.lo != b.lo { return a.lo < b.lo ? -1 : 1 }
        return 0
    }

    public static func < (lhs: DynamoNumber, rhs: DynamoNumber) -> Bool {
        let ls = lhs.signum, rs = rhs.signum
        if ls != rs { return ls < rs }
        if ls == 0 { return false }
        let m = compareMagnitudes(lhs, rhs)
        return ls > 0 ? m < 0 : m > 0
    }

    /// Bytes whose lexicographic (memcmp) order is the numbers' order, equal exactly for equal numbers:
    /// zero is [0x80]; a positive number is 0x81, exponent + 130 (the range is exactly 256 values),
    /// then its digits in pairs (base 100, last pair zero-padded; a shorter run is a prefix, so smaller).
    /// A negative number is 0x7F, then the exponent byte and digit pairs complemented, then 0xFF so
    /// that a shorter run (smaller magnitude) sorts after a longer one that extends it.
    public var orderedKeyBytes: [UInt8] {
        if digitCount == 0 { return [0x80] }
        let n = Int(digitCount)
        let pairs = (n + 1) / 2
        var out: [UInt8] = []
        out.reserveCapacity(3 + pairs)
        let exponentByte = UInt8(Int(exponent) - DynamoNumber.minExponent)
        out.append(negative ? 0x7F : 0x81)
        out.append(negative ? 255 - exponentByte : exponentByte)
        withDigits { digits in
            var j = 0
            while j < n {
                let pair = digits[j] * 10 + (j + 1 < n ? digits[j + 1] : 0)
                out.append(negative ? 99 - pair : pair)
                j += 2
            }
        }
        if negative { out.append(0xFF) }
        return out
    }
}

// MARK: - Size

extension DynamoNumber {
    /// Bytes DynamoDB counts for this number in an item: an exponent byte, the digits in base 100
    /// aligned on even powers of ten, and one more byte for negatives; zero costs 1. This is
    /// dynalite's rule (db/index.js valSize), and DynamoDB Local's 400 KB limit agrees with it
    /// byte for byte (checked for 0, ±1, ±12, ±1.2, 0.012, 1E125, -1E-130 and 38-digit numbers).
    public var storageSize: Int {
        if digitCount == 0 { return 1 }
        let n = Int(digitCount)
        let evenEven = n % 2 == 0 && exponent % 2 == 0
        return 1 + (n + 1) / 2 + (evenEven ? 1 : 0) + (negative ? 1 : 0)
    }
}

// MARK: - Arithmetic

extension DynamoNumber {
    /// The exact sum. DynamoDB does not round: a result of more than 38 significant digits is an
    /// error, checked before the range (DynamoDB Local: 38-digit + 0.1 fails with the precision
    /// error; 9.9999999999999999999999999999999999999E+125 + 1.1E+88 too, though it also overflows).
    /// DynamoDB Local writes results with the operands' scale ("1.5 + 1.5" -> "3.0",
    /// "1.5 - 1.5" -> "0.0"); we keep numbers normalised ("3", "0") as the service does.
    public func adding(_ other: DynamoNumber) throws(NumberError) -> DynamoNumber {
        if other.isZero { return self }
        if isZero { return other }
        let lowA = Int(exponent) - Int(digitCount) + 1
        let lowB = Int(other.exponent) - Int(other.digitCount) + 1
        let top = Swift.max(Int(exponent), Int(other.exponent)) + 1  // room for a carry
        let low = Swift.min(lowA, lowB)
        // Wider than this, the result has more than 38 digits whatever cancels: if the lower
        // operand's last digit is far below the other's leading digit, the difference keeps all
        // digits from just below that leading digit down to that last one.
        if top - low + 1 > 80 { throw .tooManyDigits }
        let width = top - low + 1
        var a = [Int8](repeating: 0, count: width)
        var b = [Int8](repeating: 0, count: width)
        withDigits { digits in
            for (j, d) in digits.enumerated() { a[top - Int(exponent) + j] = Int8(d) }
        }
        other.withDigits { digits in
            for (j, d) in digits.enumerated() { b[top - Int(other.exponent) + j] = Int8(d) }
        }
        var resultNegative = negative
        if negative == other.negative {
            var carry: Int8 = 0
            for j in stride(from: width - 1, through: 0, by: -1) {
                let s = a[j] + b[j] + carry
                a[j] = s % 10
                carry = s / 10
            }
        } else {
            let m = DynamoNumber.compareMagnitudes(self, other)
            if m == 0 { return .zero }
            if m < 0 { swap(&a, &b); resultNegative = other.negative }
            var borrow: Int8 = 0
            for j in stride(from: width - 1, through: 0, by: -1) {
                var s = a[j] - b[j] - borrow
                if s < 0 { s += 10; borrow = 1 } else { borrow = 0 }
                a[j] = s
            }
        }
        guard let first = a.firstIndex(where: { $0 != 0 }), let last = a.lastIndex(where: { $0 != 0 }) else {
            return .zero
        }
        if last - first + 1 > DynamoNumber.maxDigits { throw .tooManyDigits }
        let adjusted = top - first
        if adjusted > DynamoNumber.maxExponent { throw .overflow }
        if adjusted < DynamoNumber.minExponent { throw .underflow }
        return DynamoNumber.pack(negative: resultNegative, digits: a[first...last].lazy.map { UInt8($0) }, adjusted: adjusted)
    }

    public func subtracting(_ other: DynamoNumber) throws(NumberError) -> DynamoNumber {
        try adding(other.negated)
    }
}

extension DynamoNumber {
    /// The number's fields for a storage codec: 20 bytes that rebuild it without parsing text.
    /// Not ordered (keys use `orderedKeyBytes`).
    public func appendStorageBytes(to out: inout [UInt8]) {
        withUnsafeBytes(of: hi.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: lo.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: exponent.littleEndian) { out.append(contentsOf: $0) }
        out.append(digitCount)
        out.append(negative ? 1 : 0)
    }

    public static let storageByteCount = 20

    /// Rebuilds a number from `appendStorageBytes`; nil when the fields are not a valid number.
    public init?(storageBytes b: UnsafeRawBufferPointer) {
        guard b.count == Self.storageByteCount else { return nil }
        let hi = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        let lo = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let exponent = Int16(littleEndian: b.loadUnaligned(fromByteOffset: 16, as: Int16.self))
        let digitCount = b[18]
        guard digitCount <= Self.maxDigits, b[19] <= 1,
              digitCount == 0 || (Int(exponent) >= Self.minExponent && Int(exponent) <= Self.maxExponent) else { return nil }
        self.init(hi: hi, lo: lo, exponent: exponent, digitCount: digitCount, negative: b[19] == 1)
    }
}
