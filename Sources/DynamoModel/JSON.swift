/// A JSON document as DynamoDB's JSON 1.0 protocol carries it.
///
/// Numbers keep their source text: the protocol only uses JSON numbers for small integers
/// (Limit, Segment, ...), while DynamoDB numbers travel as strings, so nothing is lost to Double.
/// Objects keep their member order, which is also the order we write them back in.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])
    /// A value already encoded as compact JSON text, written out verbatim. Responses carry items
    /// this way (`AttributeValue.json(_: Item)`): building and then walking a JSON tree for every
    /// item was 35% of a Query's instructions. Reading one (==, subscripts) parses it first.
    case raw([UInt8])
    /// A map of AttributeValues (an Item, a Key, ExpressionAttributeValues) decoded as it was
    /// parsed (`parse(_:hint:)`), without a tree. Anything that reads it as JSON (==, subscripts,
    /// an error message that prints it) sees the tree its source text parses to.
    case attributes(AttributeMap)

    /// The value, with `.raw` text or an `.attributes` map's source parsed into a tree.
    public var tree: JSON {
        switch self {
        case .raw(let bytes): return (try? JSON.parse(bytes)) ?? .null
        case .attributes(let map): return map.json
        default: return self
        }
    }

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        if case .raw(let a) = lhs, case .raw(let b) = rhs { return a == b }
        if case .raw = lhs { return lhs.tree == rhs }
        if case .raw = rhs { return lhs == rhs.tree }
        if case .attributes = lhs { return lhs.tree == rhs }
        if case .attributes = rhs { return lhs == rhs.tree }
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// `self == .null`, without the general comparison (requests ask this of every member).
    @inlinable
    public var isNull: Bool {
        switch self {
        case .null: return true
        case .raw: return self == .null
        default: return false  // .attributes: always an object
        }
    }

    /// The member named `key` of an object; the last one wins when a name repeats, as in Jackson.
    public subscript(key: String) -> JSON? {
        switch self {
        case .raw, .attributes: return tree[key]
        default: break
        }
        guard case .object(let members) = self else { return nil }
        // Lengths first: most names differ in length, and String's == is a Unicode comparison
        // (3.7% of a Query's instructions, which looks up each declared member twice).
        let length = key.utf8.count
        for index in members.indices.reversed() where members[index].0.utf8.count == length && members[index].0 == key {
            return members[index].1
        }
        return nil
    }

    /// The JSON type name used in SerializationException messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        case .raw: return tree.typeName
        case .attributes: return "object"
        }
    }
}

public struct JSONParseError: Error, Equatable, Sendable {
    public let offset: Int
    public let reason: String
}

// MARK: - Parsing

extension JSON {
    /// Parses one JSON value that must fill the whole input (surrounding whitespace allowed).
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSON {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSON in
            var parser = JSONParser(buffer)
            return try parser.parseDocument()
        }
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSON {
        try parse(Array(text.utf8))
    }

    /// Parses like `parse(_:)`, decoding the AttributeValue maps that `hint` points at into
    /// `.attributes` as it goes. A map that is anything but plain, valid AttributeValues (a type
    /// mismatch, an invalid number, an empty or repeated set, ...) is parsed into a tree as
    /// before, so that the checks after parsing report it exactly as they always did: the hint
    /// changes the cost of a request, never its outcome.
    public static func parse(_ bytes: [UInt8], hint: JSONHint) throws(JSONParseError) -> JSON {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSON in
            var parser = JSONParser(buffer, source: bytes)
            return try parser.parseDocument(hint)
        }
    }
}

/// Where in a request its AttributeValue maps are (`JSON.parse(_:hint:)`); the engine derives it
/// from an operation's request shape.
public indirect enum JSONHint: Sendable {
    /// This value is a map of AttributeValues.
    case attributeMap
    /// An object whose named members have hints of their own.
    case members([(String, JSONHint)])
    /// An object all of whose members' values have this hint.
    case values(JSONHint)
    /// An array all of whose elements have this hint.
    case elements(JSONHint)

    /// The hint for the member `name` of an object with this hint.
    func member(_ name: String) -> JSONHint? {
        switch self {
        case .members(let members):
            let length = name.utf8.count
            for (candidate, hint) in members where candidate.utf8.count == length && candidate == name { return hint }
            return nil
        case .values(let hint): return hint
        default: return nil
        }
    }
}

/// A recursive-descent parser over UTF-8 bytes. Depth is bounded so that hostile input
/// cannot exhaust the stack.
struct JSONParser {
    static let maxDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0
    /// The array `bytes` points into, kept by the `.attributes` maps a hinted parse makes.
    let source: [UInt8]

    init(_ bytes: UnsafeBufferPointer<UInt8>, source: [UInt8] = []) {
        self.bytes = bytes
        self.source = source
    }

    mutating func parseDocument(_ hint: JSONHint? = nil) throws(JSONParseError) -> JSON {
        skipWhitespace()
        let value = try parseValue(hint)
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected trailing characters") }
        return value
    }

    func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(_ hint: JSONHint? = nil) throws(JSONParseError) -> JSON {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            if case .attributeMap? = hint, let map = attributeMap() { return .attributes(map) }
            return try parseObject(hint)
        case UInt8(ascii: "["): return try parseArray(hint)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end of input") }
        let start = literal.utf8Start
        for i in 0..<count where bytes[index + i] != start[i] { throw fail("invalid literal") }
        index += count
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("nesting too deep") }
    }

    mutating func parseObject(_ hint: JSONHint? = nil) throws(JSONParseError) -> JSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(String, JSON)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            let member = try parseMember(hint)
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            // Most objects (an AttributeValue, a request wrapper) have one member: one exact
            // allocation. Larger ones get room for several, not three growths for an item's four.
            if members.isEmpty {
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object([member]) }
                members.reserveCapacity(8)
            }
            members.append(member)
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    @inline(__always)
    mutating func parseMember(_ hint: JSONHint?) throws(JSONParseError) -> (String, JSON) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        index += 1
        skipWhitespace()
        guard let hint else { return (key, try parseValue()) }
        return (key, try parseValue(hint.member(key)))
    }

    mutating func parseArray(_ hint: JSONHint? = nil) throws(JSONParseError) -> JSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            let element: JSON
            if case .elements(let inner)? = hint { element = try parseValue(inner) } else { element = try parseValue() }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            if elements.isEmpty {
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array([element]) }
                elements.reserveCapacity(8)
            }
            elements.append(element)
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        var ascii = true
        // Eight plain bytes (printable ASCII, no quote or backslash) at a time, then byte by byte.
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count,
                  !JSONParser.hasSpecialByte(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                // ASCII needs no validation; String(validating:) is generic and looked up type
                // metadata at run time, 5% of a PutItem's instructions (callgrind).
                if ascii, let name = JSONParser.commonName(slice) { return name }
                return ascii ? String(decoding: slice, as: UTF8.self) : try decodeUTF8(slice)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("control character in string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        var scratch = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try scratch.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> String in
                    try decodeUTF8(buffer)
                }
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw fail("unexpected end of input") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): scratch.append(0x22)
                case UInt8(ascii: "\\"): scratch.append(0x5C)
                case UInt8(ascii: "/"): scratch.append(0x2F)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        // A high surrogate must be followed by an escaped low surrogate.
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                              bytes[index + 1] == UInt8(ascii: "u") else { throw fail("lone surrogate") }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("lone surrogate")
                    }
                    appendUTF8(scalar, to: &scratch)
                default:
                    throw fail("invalid escape")
                }
            default:
                if byte < 0x20 { throw fail("control character in string") }
                scratch.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string")
    }

    /// Member names that every item repeats (AttributeValue types, a batch's wrappers), as
    /// constants: making each a String from its bytes cost more than parsing it.
    @inline(__always)
    static func commonName(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        switch bytes.count {
        case 1:
            switch bytes[0] {
            case UInt8(ascii: "S"): return "S"
            case UInt8(ascii: "N"): return "N"
            case UInt8(ascii: "M"): return "M"
            case UInt8(ascii: "L"): return "L"
            case UInt8(ascii: "B"): return "B"
            default: return nil
            }
        case 4:
            if equal(bytes, "Item") { return "Item" }
            if equal(bytes, "BOOL") { return "BOOL" }
            if equal(bytes, "NULL") { return "NULL" }
            return nil
        case 10:
            return equal(bytes, "PutRequest") ? "PutRequest" : nil
        default:
            return nil
        }
    }

    @inline(__always)
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let start = text.utf8Start
        for i in 0..<bytes.count where bytes[i] != start[i] { return false }
        return true
    }

    /// Whether any of eight bytes is '"', '\\', a control character or not ASCII.
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        ByteWords.nonASCII(word) | JSON.escapeMask(word) != 0
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("unexpected end of input") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("invalid unicode escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    func decodeUTF8(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> String {
        guard let string = String(validating: buffer, as: UTF8.self) else { throw fail("invalid UTF-8") }
        return string
    }

    func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

// MARK: - Writing

extension JSON {
    /// The compact UTF-8 encoding of this value.
    public var bytes: [UInt8] {
        if case .raw(let bytes) = self { return bytes }  // a response written as text already
        var out = JSONWriter()
        write(to: &out)
        return out.bytes()
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public func write(to out: inout JSONWriter) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): value ? out.append("true") : out.append("false")
        case .number(let text): out.writeUTF8(text)
        case .string(let string): out.writeString(string)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.writeString(member.0)
                out.append(UInt8(ascii: ":"))
                member.1.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .raw(let bytes):
            out.append(bytes)
        case .attributes(let map):
            // The compact text of its tree, as before it was decoded (TransactWriteItems
            // fingerprints a request by its text).
            map.json.write(to: &out)
        }
    }

    /// Nonzero when one of eight bytes needs escaping in a JSON string: a control character,
    /// '"' or '\\'.
    @inlinable @inline(__always)
    @usableFromInline static func escapeMask(_ word: UInt64) -> UInt64 {
        ByteWords.below(word, 0x20) | ByteWords.equal(word, 0x22) | ByteWords.equal(word, 0x5C)
    }
}
