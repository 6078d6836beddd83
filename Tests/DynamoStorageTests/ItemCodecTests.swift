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

    /// The three writers of an item's DynamoDB JSON agree byte for byte: the tree (`json` of each
    /// value, names sorted), the direct writer (`AttributeValue.json(item)`), and the one that
    /// reads the stored bytes without decoding them (`ItemCodec.writeJSON`). Escapes included.
    func testItemJSONWritersAgree() throws {
        var item = Self.sample
        item["quote\"and\\slash\n"] = .s("tab\tnul\u{0}\u{1F}é\"")
        item["nested"] = .m(["a": .m(["b": .l([.ss(["x\"y"]), .bs([[]]), .null])])])
        let tree = JSON.object(item.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })
        let expected = tree.bytes

        guard case .raw(let direct) = AttributeValue.json(item) else { return XCTFail("not written directly") }
        XCTAssertEqual(String(decoding: direct, as: UTF8.self), String(decoding: expected, as: UTF8.self))
        var writer = JSONWriter()
        try ItemCodec.writeJSON(ItemCodec.encode(item), to: &writer)
        let fromStorage = writer.bytes()
        XCTAssertEqual(String(decoding: fromStorage, as: UTF8.self), String(decoding: expected, as: UTF8.self))
        // And the text reads back as the item.
        XCTAssertEqual(try AttributeValue.decodeItem(JSON.parse(fromStorage)), item)
    }

    /// Lengths and counts of 128 and more take several varint bytes, and names sort by bytes
    /// (shared prefixes, non-ASCII): the stored-bytes writer still agrees with the item's.
    func testLongValuesAndNamesSortLikeTheItemWriter() throws {
        var item: Item = [:]
        for length in [0, 1, 7, 8, 9, 127, 128, 129, 300, 16_400] {
            item["s\(length)"] = .s(String(repeating: "é\"x", count: length / 4) + String(repeating: "y", count: length % 4))
        }
        item["list"] = .l((0..<130).map { .n(DynamoNumber($0)) })
        item["map"] = .m(Dictionary(uniqueKeysWithValues: (0..<200).map { ("k\($0)", .bool($0 % 2 == 0)) }))
        for name in ["a", "ab", "aa", "b", "é", "Z", "\u{7F}", String(repeating: "n", count: 200)] {
            item[name] = .null
        }
        var writer = JSONWriter()
        try ItemCodec.writeJSON(ItemCodec.encode(item), to: &writer)
        let fromStorage = writer.bytes()
        XCTAssertEqual(fromStorage, AttributeValue.json(item).bytes)
        XCTAssertEqual(try AttributeValue.decodeItem(JSON.parse(fromStorage)), item)
    }

    /// Rows written before names were stored in order still come out sorted: the one-pass writer
    /// gives up at the first name out of order (the first, the last, inside a map) and the
    /// sorting one writes the item, after whatever the writer held before it.
    func testNamesStoredOutOfOrderComeOutSorted() throws {
        func encode(_ attributes: [(String, AttributeValue)]) -> [UInt8] {
            var out: [UInt8] = [ItemCodec.binaryFormat]
            ItemCodec.writeVarint(attributes.count, to: &out)
            for (name, value) in attributes {
                ItemCodec.writeString(name, to: &out)
                ItemCodec.writeValue(value, to: &out)
            }
            return out
        }
        let unordered: [(String, AttributeValue)] = [("z", .m(["b": .n(1), "a": .s("x")])), ("a", .s("\u{0}"))]
        let nestedMap = { (map: AttributeValue) -> [UInt8] in
            // A map stored with its names reversed, inside an item stored in order.
            guard case .m(let m) = map else { return [] }
            var bytes: [UInt8] = [ItemCodec.Tag.m.rawValue]
            ItemCodec.writeVarint(m.count, to: &bytes)
            for (name, value) in m.sorted(by: { $0.key > $1.key }) {
                ItemCodec.writeString(name, to: &bytes)
                ItemCodec.writeValue(value, to: &bytes)
            }
            return bytes
        }
        var inOrderWithUnorderedMap: [UInt8] = [ItemCodec.binaryFormat, 2]
        ItemCodec.writeString("a", to: &inOrderWithUnorderedMap)
        ItemCodec.writeValue(.l([.null]), to: &inOrderWithUnorderedMap)
        ItemCodec.writeString("m", to: &inOrderWithUnorderedMap)
        inOrderWithUnorderedMap += nestedMap(.m(["k1": .bool(true), "k2": .ss(["s"]), "k3": .n(-3)]))
        let cases: [([UInt8], Item)] = [
            (encode(unordered), Dictionary(uniqueKeysWithValues: unordered)),
            (encode([("a", .null), ("c", .null), ("b", .s(String(repeating: "long", count: 40)))]), ["a": .null, "b": .s(String(repeating: "long", count: 40)), "c": .null]),
            (inOrderWithUnorderedMap, ["a": .l([.null]), "m": .m(["k1": .bool(true), "k2": .ss(["s"]), "k3": .n(-3)])]),
            (ItemCodec.encode(Self.sample), Self.sample),
        ]
        for (bytes, item) in cases {
            XCTAssertEqual(try ItemCodec.decode(bytes), item)
            var writer = JSONWriter(capacity: 0)
            writer.append(#"["before","#)
            try ItemCodec.writeJSON(bytes, to: &writer)
            let written = writer.bytes()
            XCTAssertEqual(String(decoding: written, as: UTF8.self), #"["before","# + AttributeValue.json(item).text)
        }
    }

    /// Attributes are stored with their names in byte order, in maps too, whatever order the
    /// dictionary holds them in.
    func testNamesAreStoredInByteOrder() throws {
        func storedNames(_ reader: inout ItemCodec.Reader) throws -> [[UInt8]] {
            let count = try reader.varint()
            var names: [[UInt8]] = []
            for _ in 0..<count {
                names.append(Array(try reader.slice()))
                if reader.buffer[reader.position] == ItemCodec.Tag.m.rawValue {
                    reader.position += 1
                    let inner = try storedNames(&reader)
                    XCTAssertEqual(inner, inner.sorted { $0.lexicographicallyPrecedes($1) })
                } else {
                    try reader.skipValue()
                }
            }
            return names
        }
        var items: [Item] = [Self.sample, [:], ["only": .null]]
        items.append(Dictionary(uniqueKeysWithValues: (0..<50).map { ("k\(($0 * 37) % 50)", .m(["z": .null, "é": .n(1), "a": .s("x"), "A": .bool(false)])) }))
        for item in items {
            let bytes = ItemCodec.encode(item)
            XCTAssertEqual(try ItemCodec.decode(bytes), item)
            try bytes.withUnsafeBytes { buffer in
                var reader = ItemCodec.Reader(buffer: buffer, position: 1)
                let top = try storedNames(&reader)
                XCTAssertEqual(top.count, item.count)
                XCTAssertEqual(top, top.sorted { $0.lexicographicallyPrecedes($1) })
                XCTAssertEqual(reader.position, buffer.count)
            }
        }
    }

    /// Rows written by earlier builds (format 1, DynamoDB JSON) still read.
    func testReadsTheJSONFormat() throws {
        let bytes: [UInt8] = [ItemCodec.jsonFormat] + AttributeValue.json(Self.sample).bytes
        XCTAssertEqual(try ItemCodec.decode(bytes), Self.sample)
    }

    func testCorruptRowsThrowInsteadOfCrashing() {
        let bytes = ItemCodec.encode(Self.sample)
        for cut in stride(from: 1, to: bytes.count, by: 3) {
            XCTAssertThrowsError(try ItemCodec.decode(Array(bytes[..<cut])))
            var writer = JSONWriter()
            XCTAssertThrowsError(try ItemCodec.writeJSON(Array(bytes[..<cut]), to: &writer))
        }
        XCTAssertThrowsError(try ItemCodec.decode([9, 1, 2]))
        XCTAssertThrowsError(try ItemCodec.decode([ItemCodec.binaryFormat, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]))
    }
}

final class ItemCodecFormatTests: XCTestCase {
    /// The stored format does not change with the encoder's code: databases outlive builds
    /// (bytes recorded in session 7, when an encoder writing through a pointer was tried).
    func testTheEncodingOfASampleItemIsUnchanged() {
        let recorded: [UInt8] = [
            2, 15, 1, 98, 3, 3, 0, 255, 7, 3, 98, 105, 103, 2, 255, 255, 231, 137, 4, 35, 199, 138, 255, 255,
            231, 137, 4, 35, 199, 138, 125, 0, 38, 0, 2, 98, 115, 10, 2, 1, 1, 2, 2, 3, 5, 101, 109, 112,
            116, 121, 1, 0, 1, 102, 4, 0, 1, 108, 7, 0, 1, 109, 6, 1, 5, 105, 110, 110, 101, 114, 7, 3,
            1, 1, 120, 2, 0, 0, 100, 167, 179, 182, 224, 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
            6, 0, 1, 110, 2, 0, 0, 61, 145, 96, 228, 88, 17, 0, 0, 0, 0, 0, 0, 0, 0, 254, 255, 3,
            1, 2, 110, 115, 9, 2, 0, 0, 100, 167, 179, 182, 224, 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            1, 0, 0, 0, 122, 34, 193, 200, 177, 34, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 3, 110,
            117, 108, 5, 1, 115, 1, 6, 104, 195, 169, 108, 108, 111, 2, 115, 115, 8, 2, 1, 97, 1, 98, 1, 116,
            4, 1, 4, 116, 105, 110, 121, 2, 0, 0, 100, 167, 179, 182, 224, 13, 0, 0, 0, 0, 0, 0, 0, 0,
            126, 255, 1, 0, 4, 122, 101, 114, 111, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0,
        ]
        XCTAssertEqual(ItemCodec.encode(ItemCodecTests.sample), recorded)
    }
}
