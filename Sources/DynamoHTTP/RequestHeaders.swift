/// A request's header fields, kept as the bytes of its head plus where each name and value lies.
/// A String is made only for a value somebody asks for: building a String for every name and
/// value of every request was 10% of a GetItem's instructions (callgrind).
///
/// Look-ups compare names ASCII case-insensitively (header names are tokens); fields keep their
/// order, and repeated fields are all kept, as SigV4's canonical request needs them.
public struct RequestHeaders: Sendable, Sequence {
    struct Field: Sendable {
        var name: Range<Int>
        var value: Range<Int>
    }

    let bytes: [UInt8]
    var fields: [Field]

    init(bytes: [UInt8], fields: [Field]) {
        self.bytes = bytes
        self.fields = fields
    }

    /// Fields given as text (tests and embedders).
    public init(_ pairs: [(String, String)]) {
        var bytes: [UInt8] = []
        var fields: [Field] = []
        for (name, value) in pairs {
            let nameStart = bytes.count
            bytes += name.utf8
            let valueStart = bytes.count
            bytes += value.utf8
            fields.append(Field(name: nameStart..<valueStart, value: valueStart..<bytes.count))
        }
        self.init(bytes: bytes, fields: fields)
    }

    public var count: Int { fields.count }

    /// The first value of the field `name` (any case), or nil.
    public func first(name: String) -> String? {
        var name = name
        return name.withUTF8 { wanted -> String? in
            for field in fields where matches(field.name, wanted) { return string(field.value) }
            return nil
        }
    }

    public func contains(name: String) -> Bool { first(name: name) != nil }

    /// Calls `body` with the bytes of the first value of the field `name` (any case), or nil,
    /// for a reader that needs no String (the Authorization header, ~200 bytes, on every request).
    func withFirstValue<R>(name: String, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        var name = name
        let field = name.withUTF8 { wanted in fields.first { matches($0.name, wanted) } }
        guard let field else { return body(nil) }
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[field.value])) }
    }

    public func makeIterator() -> AnyIterator<(name: String, value: String)> {
        var index = 0
        return AnyIterator {
            guard index < fields.count else { return nil }
            defer { index += 1 }
            return (string(fields[index].name), string(fields[index].value))
        }
    }

    func matches(_ range: Range<Int>, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == wanted.count else { return false }
        var i = range.lowerBound
        for byte in wanted {
            var a = bytes[i], b = byte
            if a >= 0x41 && a <= 0x5A { a |= 0x20 }
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if a != b { return false }
            i += 1
        }
        return true
    }

    func string(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }
}
