/// A map of AttributeValues decoded straight from a request's bytes (`JSON.parse(_:hint:)`), with
/// no JSON tree in between. Building that tree, checking its types, decoding it and freeing it
/// was 40% of a 25-item BatchWriteItem's instructions (callgrind); see docs/ARCHITECTURE.md.
///
/// A class: one reference keeps `JSON` as small as before (every tree holds many of them).
public final class AttributeMap: Sendable {
    /// The members in request order, repeats kept.
    public let pairs: [(String, AttributeValue)]
    /// The request body and where the map lies in it: `json` parses it again when something needs
    /// the tree (an error message that prints the request, ==). Sharing the body costs one retain.
    let source: [UInt8]
    let range: Range<Int>

    init(pairs: [(String, AttributeValue)], source: [UInt8], range: Range<Int>) {
        self.pairs = pairs
        self.source = source
        self.range = range
    }

    /// The map as a JSON tree, exactly as `JSON.parse` gives it.
    public var json: JSON { (try? JSON.parse(source[range])) ?? .null }

    /// The map as an item: when a name repeats, the last one wins (as `decodeItem` and Jackson do).
    public var item: Item { Self.item(pairs) }

    /// An item (or an M value's map) from decoded pairs, the last of a repeated name winning.
    static func item(_ pairs: [(String, AttributeValue)]) -> Item {
        var item = Item(minimumCapacity: pairs.count)
        for (name, value) in pairs { item[name] = value }
        return item
    }
}

extension JSONParser {
    /// Reports a map that is not plain, valid AttributeValues; `attributeMap()` then parses it as
    /// a tree instead, and the usual checks report what is wrong with it.
    struct NotPlain: Error {}

    /// The AttributeValue map at `index` (at a '{'), or nil with `index` and `depth` unchanged.
    ///
    /// It succeeds only where parsing a tree, `ShapeChecker`'s type checks and
    /// `AttributeValue.decode` would all succeed with the same values: each value an object with
    /// exactly one member, of a known type and the right JSON type; numbers and blobs that
    /// decode; NULL true; sets non-empty without repeats. Everything else (including any syntax
    /// error, or nesting past `maxDepth`) falls back to the tree. FuzzJSONTests compares the two.
    mutating func attributeMap() -> AttributeMap? {
        let start = index, startDepth = depth
        do throws(NotPlain) {
            let pairs = try attributePairs()
            return AttributeMap(pairs: pairs, source: source, range: start..<index)
        } catch {
            index = start
            depth = startDepth
            return nil
        }
    }

    @inline(__always)
    var next: UInt8? { index < bytes.count ? bytes[index] : nil }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(NotPlain) {
        skipWhitespace()
        guard next == byte else { throw NotPlain() }
        index += 1
        skipWhitespace()
    }

    mutating func enterPlain() throws(NotPlain) {
        depth += 1
        if depth > JSONParser.maxDepth { throw NotPlain() }
    }

    /// `{ "name": value, ... }`
    mutating func attributePairs() throws(NotPlain) -> [(String, AttributeValue)] {
        try enterPlain()
        index += 1  // '{'
        skipWhitespace()
        var pairs: [(String, AttributeValue)] = []
        if next == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return pairs
        }
        pairs.reserveCapacity(4)
        while true {
            let name = try plainString()  // checks for the opening quote
            try expect(UInt8(ascii: ":"))
            pairs.append((name, try attributeValue()))
            skipWhitespace()
            switch next {
            case UInt8(ascii: ",")?:
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}")?:
                index += 1
                depth -= 1
                return pairs
            default:
                throw NotPlain()
            }
        }
    }

    enum TypeTag { case s, n, b, bool, null, m, l, ss, ns, bs }

    /// `{ "T": value }` with T one of the ten type names.
    mutating func attributeValue() throws(NotPlain) -> AttributeValue {
        guard next == UInt8(ascii: "{") else { throw NotPlain() }
        try enterPlain()
        index += 1
        skipWhitespace()
        let tag = try typeTag()
        try expect(UInt8(ascii: ":"))
        let value: AttributeValue
        switch tag {
        case .s:
            value = .s(try plainString())
        case .n:
            value = .n(try number())
        case .b:
            value = .b(try blob())
        case .bool, .null:
            let truth: Bool
            switch next {
            case UInt8(ascii: "t")?: truth = true
            case UInt8(ascii: "f")?: truth = false
            default: throw NotPlain()
            }
            do { try expectLiteral(truth ? "true" : "false") } catch { throw NotPlain() }
            if tag == .bool {
                value = .bool(truth)
            } else {
                guard truth else { throw NotPlain() }  // "NULL": false is a ValidationException
                value = .null
            }
        case .m:
            guard next == UInt8(ascii: "{") else { throw NotPlain() }
            value = .m(AttributeMap.item(try attributePairs()))
        case .l:
            var list: [AttributeValue] = []
            try elements { (parser) throws(NotPlain) in list.append(try parser.attributeValue()) }
            value = .l(list)
        case .ss:
            var strings: [String] = []
            try elements { (parser) throws(NotPlain) in strings.append(try parser.plainString()) }
            guard !strings.isEmpty, !AttributeValue.hasRepeatedStrings(strings) else { throw NotPlain() }
            value = .ss(strings)
        case .ns:
            var numbers: [DynamoNumber] = []
            try elements { (parser) throws(NotPlain) in numbers.append(try parser.number()) }
            guard !numbers.isEmpty, !AttributeValue.hasRepeats(numbers) else { throw NotPlain() }
            value = .ns(numbers)
        case .bs:
            var blobs: [[UInt8]] = []
            try elements { (parser) throws(NotPlain) in blobs.append(try parser.blob()) }
            guard !blobs.isEmpty, !AttributeValue.hasRepeats(blobs) else { throw NotPlain() }
            value = .bs(blobs)
        }
        skipWhitespace()
        guard next == UInt8(ascii: "}") else { throw NotPlain() }
        index += 1
        depth -= 1
        return value
    }

    /// `[ element, ... ]`, each read by `element`.
    mutating func elements(_ element: (inout JSONParser) throws(NotPlain) -> Void) throws(NotPlain) {
        guard next == UInt8(ascii: "[") else { throw NotPlain() }
        try enterPlain()
        index += 1
        skipWhitespace()
        if next == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            switch next {
            case UInt8(ascii: ",")?:
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]")?:
                index += 1
                depth -= 1
                return
            default:
                throw NotPlain()
            }
        }
    }

    /// A quoted type name, read from its bytes (an escaped one is not plain).
    mutating func typeTag() throws(NotPlain) -> TypeTag {
        guard next == UInt8(ascii: "\"") else { throw NotPlain() }
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            guard bytes[end] >= 0x41, bytes[end] <= 0x5A else { throw NotPlain() }  // A-Z only
            end += 1
        }
        guard end < bytes.count else { throw NotPlain() }
        let name = UnsafeBufferPointer(rebasing: bytes[start..<end])
        index = end + 1
        switch name.count {
        case 1:
            switch name[0] {
            case UInt8(ascii: "S"): return .s
            case UInt8(ascii: "N"): return .n
            case UInt8(ascii: "B"): return .b
            case UInt8(ascii: "M"): return .m
            case UInt8(ascii: "L"): return .l
            default: throw NotPlain()
            }
        case 2:
            guard name[1] == UInt8(ascii: "S") else { throw NotPlain() }
            switch name[0] {
            case UInt8(ascii: "S"): return .ss
            case UInt8(ascii: "N"): return .ns
            case UInt8(ascii: "B"): return .bs
            default: throw NotPlain()
            }
        case 4:
            if JSONParser.equal(name, "BOOL") { return .bool }
            if JSONParser.equal(name, "NULL") { return .null }
            throw NotPlain()
        default:
            throw NotPlain()
        }
    }

    /// A JSON string, through the tree parser's own string reader (same escapes, same checks).
    mutating func plainString() throws(NotPlain) -> String {
        guard next == UInt8(ascii: "\"") else { throw NotPlain() }
        do { return try parseString() } catch { throw NotPlain() }
    }

    /// The bytes of a string without escapes, quotes dropped (numbers and base64 never need any).
    mutating func unescapedBytes() throws(NotPlain) -> UnsafeBufferPointer<UInt8> {
        guard next == UInt8(ascii: "\"") else { throw NotPlain() }
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            guard bytes[end] >= 0x20, bytes[end] < 0x80, bytes[end] != UInt8(ascii: "\\") else { throw NotPlain() }
            end += 1
        }
        guard end < bytes.count else { throw NotPlain() }
        index = end + 1
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// A number's string, parsed from its bytes: no String is made for it.
    mutating func number() throws(NotPlain) -> DynamoNumber {
        guard case .success(let number) = DynamoNumber.parse(try unescapedBytes()) else { throw NotPlain() }
        return number
    }

    mutating func blob() throws(NotPlain) -> [UInt8] {
        guard let bytes = Base64.decode(try unescapedBytes()) else { throw NotPlain() }
        return bytes
    }
}
