import XCTest
@testable import DynamoModel
import TestSupport

/// `JSONWriter` against a reference written the plain way (an array, one byte at a time, the
/// escapes DynamoDB JSON uses): the writer's word-at-a-time string copy, its reservations and its
/// growth must not change a byte.
final class JSONWriterTests: XCTestCase {
    // MARK: - The reference

    static func referenceString(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = [0x22]
        let hex = Array("0123456789abcdef".utf8)
        for byte in bytes {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0..<0x20: out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return out
    }

    static func reference(_ value: AttributeValue) -> [UInt8] {
        func tagged(_ tag: String, _ body: [UInt8]) -> [UInt8] { Array("{\"\(tag)\":".utf8) + body + [UInt8(ascii: "}")] }
        func list(_ elements: [[UInt8]]) -> [UInt8] { Array("[".utf8) + Array(elements.joined(separator: [UInt8(ascii: ",")])) + Array("]".utf8) }
        func number(_ n: DynamoNumber) -> [UInt8] { referenceString(n.description.utf8) }
        func binary(_ b: [UInt8]) -> [UInt8] { referenceString(Base64.encode(b).utf8) }
        switch value {
        case .s(let v): return tagged("S", referenceString(v.utf8))
        case .n(let v): return tagged("N", number(v))
        case .b(let v): return tagged("B", binary(v))
        case .bool(let v): return tagged("BOOL", Array((v ? "true" : "false").utf8))
        case .null: return tagged("NULL", Array("true".utf8))
        case .m(let v): return tagged("M", reference(v))
        case .l(let v): return tagged("L", list(v.map(reference)))
        case .ss(let v): return tagged("SS", list(v.map { referenceString($0.utf8) }))
        case .ns(let v): return tagged("NS", list(v.map(number)))
        case .bs(let v): return tagged("BS", list(v.map(binary)))
        }
    }

    static func reference(_ item: Item) -> [UInt8] {
        let members = item.keys.sorted().map { referenceString($0.utf8) + [UInt8(ascii: ":")] + reference(item[$0]!) }
        return Array("{".utf8) + Array(members.joined(separator: [UInt8(ascii: ",")])) + Array("}".utf8)
    }

    // MARK: - Generators

    /// Bytes that exercise every path: escapes, the bytes either side of them, non-ASCII.
    static let interesting: [UInt8] = [0x00, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x5B, 0x5C, 0x5D, 0x7F,
                                       0x80, 0x85, 0x9F, 0xA0, 0xC3, 0xFF]

    static func randomBytes(_ rng: inout SplitMix64, maxCount: UInt64 = 40) -> [UInt8] {
        let count = Int(rng.next(upTo: maxCount + 1))
        // Mostly plain text, so that whole clean words occur before and after an escape.
        let escapes = rng.next(upTo: 3) == 0
        return (0..<count).map { _ in
            escapes && rng.next(upTo: 6) == 0
                ? interesting[Int(rng.next(upTo: UInt64(interesting.count)))]
                : UInt8(0x20 + rng.next(upTo: 0x5F))
        }
    }

    static func randomString(_ rng: inout SplitMix64) -> String {
        let pieces = ["a", "bcdefgh", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "😀", "\u{FFFF}",
                      "\u{7F}", "0123456789abcdef"]
        return (0..<rng.next(upTo: 12)).map { _ in pieces[Int(rng.next(upTo: UInt64(pieces.count)))] }.joined()
    }

    static func randomValue(_ rng: inout SplitMix64, depth: Int) -> AttributeValue {
        switch rng.next(upTo: depth >= 3 ? 8 : 10) {
        case 0, 1: return .s(randomString(&rng))
        case 2: return .n(FuzzJSONTests.randomNumber(&rng))
        case 3: return .b(randomBytes(&rng, maxCount: 20))
        case 4: return rng.next(upTo: 2) == 0 ? .bool(rng.next(upTo: 2) == 0) : .null
        case 5: return .ss((0...rng.next(upTo: 3)).map { _ in randomString(&rng) })
        case 6: return .ns((0...rng.next(upTo: 3)).map { _ in FuzzJSONTests.randomNumber(&rng) })
        case 7: return .bs((0...rng.next(upTo: 3)).map { _ in randomBytes(&rng, maxCount: 10) })
        case 8: return .m(randomItem(&rng, depth: depth + 1))
        default: return .l((0..<rng.next(upTo: 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        }
    }

    static func randomItem(_ rng: inout SplitMix64, depth: Int) -> Item {
        var item: Item = [:]
        for _ in 0..<rng.next(upTo: 5) { item[randomString(&rng)] = randomValue(&rng, depth: depth) }
        return item
    }

    // MARK: - Tests

    func testStringsMatchTheReference() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            let bytes = Self.randomBytes(&rng)
            // A small start, so that growth happens inside strings and escapes too.
            var writer = JSONWriter(capacity: Int(rng.next(upTo: 24)))
            let prefix = Int(rng.next(upTo: 20))
            for _ in 0..<prefix { writer.append(UInt8(ascii: "x")) }
            bytes.withUnsafeBytes { writer.writeString(utf8: $0) }
            let written = writer.bytes()
            XCTAssertEqual(written, Array(repeating: UInt8(ascii: "x"), count: prefix) + Self.referenceString(bytes), "\(bytes)")
        }
    }

    /// An escape at each position of strings up to 33 bytes long: the word loop, the overlapping
    /// last word and the short-string loop each find it.
    func testAnEscapeAtEveryPosition() {
        for count in 1...33 {
            for position in 0..<count {
                for special: UInt8 in [0x00, 0x0A, 0x1F, 0x22, 0x5C] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: count)
                    bytes[position] = special
                    var writer = JSONWriter(capacity: 0)
                    bytes.withUnsafeBytes { writer.writeString(utf8: $0) }
                    let written = writer.bytes()
                    XCTAssertEqual(written, Self.referenceString(bytes), "\(bytes)")
                }
            }
        }
    }

    /// Short strings read as one word when more bytes may be read after them: what follows
    /// (escapes included) must not change the text, nor an escape at any position of the string.
    func testShortStringsReadAsOneWord() {
        var rng = SplitMix64(seed: 15)
        for _ in 0..<20_000 {
            let count = Int(rng.next(upTo: 9))
            var bytes = Self.randomBytes(&rng, maxCount: 8)
            bytes += [UInt8](repeating: UInt8(ascii: "a"), count: max(0, count - bytes.count))
            bytes = Array(bytes.prefix(count))
            let after = (0..<(8 + Int(rng.next(upTo: 4)))).map { _ in Self.interesting[Int(rng.next(upTo: UInt64(Self.interesting.count)))] }
            let whole = bytes + after
            var writer = JSONWriter(capacity: Int(rng.next(upTo: 12)))
            whole.withUnsafeBytes { writer.writeString(utf8: UnsafeRawBufferPointer(rebasing: $0[0..<count]), readable: whole.count) }
            let written = writer.bytes()
            XCTAssertEqual(written, Self.referenceString(bytes), "\(bytes)")
        }
    }

    func testSwiftStringsMatchTheReference() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<5_000 {
            let string = Self.randomString(&rng)
            var writer = JSONWriter(capacity: 0)
            writer.writeString(string)
            let written = writer.bytes()
            XCTAssertEqual(written, Self.referenceString(string.utf8), string.debugDescription)
        }
    }

    func testNumbersAndBinaryMatchTheReference() {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<5_000 {
            let number = FuzzJSONTests.randomNumber(&rng)
            var writer = JSONWriter(capacity: 0)
            writer.writeNumberString(number)
            let written = writer.bytes()
            XCTAssertEqual(written, Self.referenceString(number.description.utf8), number.description)
            let binary = Self.randomBytes(&rng)
            var binaryWriter = JSONWriter(capacity: 0)
            binaryWriter.writeBase64String(binary)
            let writtenBinary = binaryWriter.bytes()
            XCTAssertEqual(writtenBinary, Self.referenceString(Base64.encode(binary).utf8))
        }
        // The longest texts: 38 digits, and the largest and smallest exponents.
        for text in ["-12345678901234567890123456789012345678", "9.9999999999999999999999999999999999999E+125",
                     "-1E-130", "1E+125", "0", "-0.5"] {
            let number = try! DynamoNumber(parsing: text)
            var writer = JSONWriter(capacity: 0)
            writer.writeNumberString(number)
            let written = writer.bytes()
            XCTAssertEqual(written, Self.referenceString(number.description.utf8), text)
        }
    }

    /// Whole items, nested maps and lists and all the sets, through `AttributeValue.writeJSON`
    /// and through the JSON tree (`AttributeValue.json` of each value).
    func testItemsMatchTheReference() {
        var rng = SplitMix64(seed: 14)
        for _ in 0..<3_000 {
            let item = Self.randomItem(&rng, depth: 0)
            let expected = Self.reference(item)
            var writer = JSONWriter(capacity: 0)
            AttributeValue.writeJSON(item, to: &writer)
            let written = writer.bytes()
            XCTAssertEqual(String(decoding: written, as: UTF8.self), String(decoding: expected, as: UTF8.self))
            let tree = JSON.object(item.keys.sorted().map { ($0, item[$0]!.json) })
            XCTAssertEqual(tree.bytes, expected)
        }
    }

    func testRemoveLastTakesBackBytes() {
        var writer = JSONWriter(capacity: 4)
        writer.append(#"{"a":"#)
        writer.writeString("a long string that made the buffer grow")
        writer.removeLast(writer.count - 5)
        writer.append(#"1}"#)
        let written = writer.bytes()
        XCTAssertEqual(written, Array(#"{"a":1}"#.utf8))
    }

    func testLiteralsAndRawBytes() {
        var writer = JSONWriter(capacity: 1)
        writer.append(#"{"S":"#)
        writer.append(#"{"a long literal, over sixteen bytes":"#)
        writer.append([1, 2, 3])
        writer.append(UnsafeRawBufferPointer(start: nil, count: 0))
        let expected = Array(#"{"S":{"a long literal, over sixteen bytes":"#.utf8) + [1, 2, 3]
        XCTAssertEqual(writer.count, expected.count)
        let written = writer.bytes()
        XCTAssertEqual(written, expected)
    }
}
