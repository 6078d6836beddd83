import XCTest
@testable import DynamoModel
@testable import DynamoStorage

final class ItemCodecTests: XCTestCase {
    static let sample: Item = [
        "s": .s("héllo"), "empty": .s(""), "n": .n(try! DynamoNumber(parsing: "-12.5E-3")), "zero": .n(.zero),
        "big": .n(try! DynamoNumber(parsing: "9.9999999999999999999999999999999999999E+125")),
        "tiny": .n(try! DynamoNumber(parsing: "1E-130")), "b": .b([0, 255, 7]), "t": .bool(true), "f": .bool(false),
        "nul": .null, "m": .m(["inner": .l([.s("x"), .n(1), .m([:])])]), "l": .l([]),
        "ss": .ss(["a", "b"]), "ns": .ns([1, try! DynamoNumber(parsing: "2.5")]), "bs": .bs([[1], [2, 3]]),
    ]

    func testBinaryRoundTrip() throws {
        let bytes = ItemCodec.encode(Self.sample)
        XCTAssertEqual(bytes.first, ItemCodec.binaryFormat)
        XCTAssertEqual(try ItemCodec.decode(bytes), Self.sample)
        // Numbers keep their canonical text.
        guard case .n(let n)? = try ItemCodec.decode(bytes)["n"] else { return XCTFail() }
        XCTAssertEqual(n.description, "-0.0125")
    }

    /// Rows written by earlier builds (format 1, DynamoDB JSON) still read.
    func testReadsTheJSONFormat() throws {
        var bytes: [UInt8] = [ItemCodec.jsonFormat]
        AttributeValue.json(Self.sample).write(to: &bytes)
        XCTAssertEqual(try ItemCodec.decode(bytes), Self.sample)
    }

    func testCorruptRowsThrowInsteadOfCrashing() {
        let bytes = ItemCodec.encode(Self.sample)
        for cut in stride(from: 1, to: bytes.count, by: 3) {
            XCTAssertThrowsError(try ItemCodec.decode(Array(bytes[..<cut])))
        }
        XCTAssertThrowsError(try ItemCodec.decode([9, 1, 2]))
        XCTAssertThrowsError(try ItemCodec.decode([ItemCodec.binaryFormat, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]))
    }
}
