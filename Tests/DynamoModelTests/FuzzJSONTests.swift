import XCTest
@testable import DynamoModel
import TestSupport

/// Property-based fuzzing of the JSON parser and the AttributeValue decoder with fixed seeds:
/// random bytes, truncations and mutations of valid DynamoDB JSON bodies must either parse or
/// throw, never crash; every randomly generated item must round-trip through text.
/// `FUZZ_ITERATIONS=100000 swift test --filter FuzzJSONTests` runs longer.
final class FuzzJSONTests: XCTestCase {
    static let iterations = ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 5000

    /// Parses and, when that succeeds, decodes as an item and as one value. Any outcome but a
    /// crash is acceptable; a value that parses must also print and re-parse to itself.
    func exercise(_ bytes: [UInt8]) {
        exerciseHinted(bytes)
        guard let json = try? JSON.parse(bytes) else { return }
        XCTAssertEqual(try? JSON.parse(json.bytes), json, "re-parse of \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        if let item = try? AttributeValue.decodeItem(json) {
            XCTAssertEqual(try? AttributeValue.decodeItem(try JSON.parse(AttributeValue.json(item).bytes)), item)
        }
        _ = try? AttributeValue.decode(json)
        if case .object(let members) = json {
            for (_, value) in members { _ = try? AttributeValue.decodeItem(value); _ = try? AttributeValue.decode(value) }
        }
    }

    /// Parsing with a hint (`JSON.parse(_:hint:)`) must change nothing but the cost: the same
    /// bytes parse or fail alike, the same tree comes out, and a map decoded while parsing is
    /// exactly what `decodeItem` makes of the tree (which then must not fail).
    func exerciseHinted(_ bytes: [UInt8]) {
        let description = String(decoding: bytes, as: UTF8.self).debugDescription
        for hint in [JSONHint.attributeMap, .members([("Item", .attributeMap)]), .elements(.attributeMap)] {
            let generic = try? JSON.parse(bytes)
            guard let hinted = try? JSON.parse(bytes, hint: hint) else {
                XCTAssertNil(generic, "the hint made \(description) fail to parse")
                continue
            }
            XCTAssertEqual(hinted.tree, generic, description)
            XCTAssertEqual(hinted.bytes, generic?.bytes, description)
            var maps: [(AttributeMap, JSON)] = []
            switch (hinted, generic) {
            case (.attributes(let map), let tree?): maps.append((map, tree))
            case (.object(let members), .object(let trees)?):
                for ((_, value), (_, tree)) in zip(members, trees) { if case .attributes(let map) = value { maps.append((map, tree)) } }
            case (.array(let elements), .array(let trees)?):
                for (value, tree) in zip(elements, trees) { if case .attributes(let map) = value { maps.append((map, tree)) } }
            default: break
            }
            for (map, tree) in maps {
                XCTAssertEqual(try? AttributeValue.decodeItem(tree), map.item, description)
            }
        }
    }

    func testValidItemsAreDecodedWhileParsing() throws {
        var rng = SplitMix64(seed: 6)
        for _ in 0..<Self.iterations {
            let item = Self.randomItem(&rng, depth: 0)
            let text = Self.body(item)
            guard case .attributes(let map) = try JSON.parse(Array(text.utf8), hint: .attributeMap) else {
                return XCTFail("not decoded while parsing: \(text)")
            }
            XCTAssertEqual(map.item, item, text)
            XCTAssertEqual(map.pairs.count, item.count)
        }
    }

    /// What the fast path leaves to the tree, so that the usual checks report it.
    func testMapsThatAreNotPlainAreParsedAsTrees() throws {
        let notPlain = [
            #"{"a":{"S":1}}"#, #"{"a":{"N":"x"}}"#, #"{"a":{"N":"1","S":"x"}}"#, #"{"a":{}}"#, #"{"a":{"S":null}}"#,
            #"{"a":{"NULL":false}}"#, #"{"a":{"SS":[]}}"#, #"{"a":{"SS":["x","x"]}}"#, #"{"a":{"NS":["1","1.0"]}}"#,
            #"{"a":{"BS":["AA==","AA=="]}}"#, #"{"a":{"B":"!"}}"#, #"{"a":{"\u0053":"x"}}"#, #"{"a":{"X":"x"}}"#,
            #"{"a":{"N":"\u0031"}}"#, #"{"a":{"N":"１"}}"#, #"{"a":{"M":[]}}"#, #"{"a":{"L":{}}}"#, #"{"a":"S"}"#,
            #"{"a":{"N":" 1"}}"#, #"{"a":{"BOOL":"true"}}"#, #"{"a":{"S":"x"},"b":{"S":"y","S":"z"}}"#,
        ]
        for text in notPlain {
            let hinted = try JSON.parse(Array(text.utf8), hint: .attributeMap)
            if case .attributes = hinted { XCTFail("decoded while parsing: \(text)") }
            XCTAssertEqual(hinted, try JSON.parse(text), text)
        }
        let plain = #" { "a" : { "S" : "x\n" } , "b":{"N":"1"}, "b":{"N":"2"}, "c":{"L":[{"NULL":true},{"M":{}}]}, "d":{"BS":["AA=="]} } "#
        guard case .attributes(let map) = try JSON.parse(Array(plain.utf8), hint: .attributeMap) else {
            return XCTFail("not decoded while parsing")
        }
        XCTAssertEqual(map.pairs.map(\.0), ["a", "b", "b", "c", "d"], "request order, repeats kept")
        XCTAssertEqual(map.item, ["a": .s("x\n"), "b": .n(2), "c": .l([.null, .m([:])]), "d": .bs([[0]])], "the last repeat wins")
    }

    func testRandomBytes() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<Self.iterations {
            let count = Int(rng.next(upTo: 64))
            exercise((0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        }
    }

    func testRandomJSONAlphabet() {
        // Bytes drawn from JSON's own punctuation reach far deeper into the parser than noise.
        let alphabet = Array(#"{}[]:,"\\/ 0123456789-+.eEtrufalsnSNBMLOU\u00ffd8"#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xED, 0xF0, 0x9F]
        var rng = SplitMix64(seed: 2)
        for _ in 0..<Self.iterations {
            let count = Int(rng.next(upTo: 48))
            exercise((0..<count).map { _ in alphabet[Int(rng.next(upTo: UInt64(alphabet.count)))] })
        }
    }

    func testTruncationsOfValidBodies() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<(Self.iterations / 20) {
            let body = Array(Self.body(Self.randomItem(&rng, depth: 0)).utf8)
            for end in 0...body.count { exercise(Array(body[..<end])) }
        }
    }

    func testMutationsOfValidBodies() {
        var rng = SplitMix64(seed: 4)
        let interesting: [[UInt8]] = ["\"", "{", "}", "[", "]", ",", ":", "\\", "\\u", "\\ud800", "1e999999", "-0", "null",
                                      "{\"S\":1}", "{\"N\":\"1e200\"}", "{\"B\":\"!!\"}", "[[[[[[[[", "\u{FEFF}", "\u{0}"].map { Array($0.utf8) }
        for _ in 0..<Self.iterations {
            var body = Array(Self.body(Self.randomItem(&rng, depth: 0)).utf8)
            for _ in 0..<(1 + Int(rng.next(upTo: 4))) {
                let at = Int(rng.next(upTo: UInt64(body.count + 1)))
                switch rng.next(upTo: 5) {
                case 0: if at < body.count { body[at] = UInt8(truncatingIfNeeded: rng.next()) }
                case 1: if at < body.count { body.remove(at: at) }
                case 2: body.insert(contentsOf: interesting[Int(rng.next(upTo: UInt64(interesting.count)))], at: at)
                case 3: if at < body.count { body[at] ^= UInt8(1) << UInt8(rng.next(upTo: 8)) }
                default:
                    let from = Int(rng.next(upTo: UInt64(body.count)))
                    body.insert(contentsOf: body[from..<min(body.count, from + Int(rng.next(upTo: 16)))], at: at)
                }
            }
            exercise(body)
        }
    }

    func testDeepNestingIsRejectedNotACrash() {
        for depth in [511, 512, 513, 10_000, 100_000] {
            exercise(Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth))
            exercise(Array(String(repeating: #"{"a":"#, count: depth).utf8))
            exercise(Array(String(repeating: #"{"M":{"a":"#, count: depth).utf8))
            exercise(Array(String(repeating: #"{"L":["#, count: depth).utf8))
        }
    }

    func testValidItemsRoundTrip() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<Self.iterations {
            let item = Self.randomItem(&rng, depth: 0)
            let text = Self.body(item)
            let json = try JSON.parse(text)
            XCTAssertEqual(try AttributeValue.decodeItem(json), item, text)
            XCTAssertEqual(try JSON.parse(json.bytes), json)
        }
    }

    // MARK: - Generators

    static func body(_ item: Item) -> String { AttributeValue.json(item).text }

    static func randomItem(_ rng: inout SplitMix64, depth: Int) -> Item {
        var item: Item = [:]
        for _ in 0..<rng.next(upTo: 4) { item[randomString(&rng, allowEmpty: false)] = randomValue(&rng, depth: depth) }
        return item
    }

    static func randomValue(_ rng: inout SplitMix64, depth: Int) -> AttributeValue {
        let kinds: UInt64 = depth >= 3 ? 8 : 10
        switch rng.next(upTo: kinds) {
        case 0: return .s(randomString(&rng, allowEmpty: true))
        case 1: return .n(randomNumber(&rng))
        case 2: return .b((0..<rng.next(upTo: 8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case 3: return .bool(rng.next(upTo: 2) == 0)
        case 4: return .null
        case 5: return .ss(Array(Set((0...rng.next(upTo: 3)).map { _ in randomString(&rng, allowEmpty: false) })))
        case 6:
            var seen = Set<String>()
            let numbers = (0...rng.next(upTo: 3)).map { _ in randomNumber(&rng) }.filter { seen.insert($0.description).inserted }
            return .ns(numbers)
        case 7: return .bs(Array(Set((0...rng.next(upTo: 3)).map { _ in (1...rng.next(upTo: 4) + 1).map { _ in UInt8(truncatingIfNeeded: rng.next()) } })))
        case 8: return .m(randomItem(&rng, depth: depth + 1))
        default: return .l((0..<rng.next(upTo: 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        }
    }

    static func randomString(_ rng: inout SplitMix64, allowEmpty: Bool) -> String {
        let pieces = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{01}", "é", "😀", "\u{FFFF}", "\u{10FFFF}", "\u{7F}", "S", "N"]
        let count = Int(rng.next(upTo: 6)) + (allowEmpty ? 0 : 1)
        return (0..<count).map { _ in pieces[Int(rng.next(upTo: UInt64(pieces.count)))] }.joined()
    }

    static func randomNumber(_ rng: inout SplitMix64) -> DynamoNumber {
        let digits = (0...rng.next(upTo: 20)).map { _ in String(rng.next(upTo: 10)) }.joined()
        let text = (rng.next(upTo: 2) == 0 ? "-" : "") + digits + (rng.next(upTo: 3) == 0 ? "E\(Int(rng.next(upTo: 80)) - 40)" : "")
        return (try? DynamoNumber(parsing: text)) ?? (try! DynamoNumber(parsing: "7"))
    }
}

extension SplitMix64 {
    /// Uniform enough in `0..<bound` for fuzzing (`SplitMix64` lives in DynamoNumberTests.swift).
    mutating func next(upTo bound: UInt64) -> UInt64 { next() % max(bound, 1) }
}
