import DynamoModel

/// How an item is stored in its row: a format byte, then the item.
///
/// Format 2 (written now) is binary: no JSON text to parse, numbers as their 20 internal bytes,
/// so reading an item costs little more than allocating its values. Format 1 (DynamoDB JSON) is
/// still read, so databases written by earlier builds open unchanged.
///
/// Format 2: item = varint count, then per attribute varint name length, name bytes, value.
/// value = tag byte, then S/B: varint length + bytes; N: 20 bytes; BOOL: 1 byte; NULL: nothing;
/// M: item; L: varint count + values; SS/BS: varint count + (varint length + bytes)*; NS: varint
/// count + 20 bytes each.
enum ItemCodec {
    static let jsonFormat: UInt8 = 1
    static let binaryFormat: UInt8 = 2

    enum Tag: UInt8 {
        case s = 1, n, b, bool, null, m, l, ss, ns, bs
    }

    static func encode(_ item: Item) -> [UInt8] {
        // Reserved before the first byte: an array literal then reserveCapacity allocated twice.
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(binaryFormat)
        writeItem(item, to: &out)
        return out
    }

    static func decode(_ bytes: [UInt8]) throws -> Item {
        try bytes.withUnsafeBytes { try decode($0) }
    }

    static func decode(_ buffer: UnsafeRawBufferPointer) throws -> Item {
        switch buffer.first {
        case binaryFormat?:
            var reader = Reader(buffer: buffer, position: 1)
            let item = try reader.item()
            guard reader.position == buffer.count else { throw StorageError("trailing bytes in a stored item") }
            return item
        case jsonFormat?:
            return try AttributeValue.decodeItem(try JSON.parse(buffer.dropFirst()))
        default:
            throw StorageError("unknown item format \(buffer.first ?? 0)")
        }
    }

    /// Appends the stored item as DynamoDB JSON, the text `AttributeValue.json(item)` writes,
    /// without building the item: a read that returns items unchanged (no filter, no projection)
    /// spent two thirds of its instructions decoding items, building JSON trees and freeing both.
    /// Attributes come out sorted by name bytes, which is `String`'s order for the NFC text
    /// clients send.
    static func writeJSON(_ bytes: [UInt8], to out: inout JSONWriter) throws {
        try bytes.withUnsafeBytes { try writeJSON($0, to: &out) }
    }

    static func writeJSON(_ buffer: UnsafeRawBufferPointer, to out: inout JSONWriter) throws {
        switch buffer.first {
        case binaryFormat?:
            var reader = Reader(buffer: buffer, position: 1)
            try reader.writeItemJSON(to: &out)
            guard reader.position == buffer.count else { throw StorageError("trailing bytes in a stored item") }
        default:
            AttributeValue.writeJSON(try decode(buffer), to: &out)
        }
    }

    // MARK: Writing

    static func writeVarint(_ value: Int, to out: inout [UInt8]) {
        var v = UInt64(value)
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func writeBytes<C: Collection<UInt8>>(_ bytes: C, to out: inout [UInt8]) {
        writeVarint(bytes.count, to: &out)
        out.append(contentsOf: bytes)
    }

    /// A string's bytes with one copy (a native string is contiguous UTF-8).
    static func writeString(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { writeBytes($0, to: &out) }
    }

    /// Names in byte order, so that a read writes the item's JSON in one pass (`writeItemJSON`):
    /// about 700 instructions more per item written (BatchWriteItem +1.3%), 600 fewer per item
    /// read (a 25-item Query -6%; callgrind). Attributes are written in the dictionary's order and
    /// their encodings then moved into order: sorting the dictionary's pairs first (retains,
    /// releases, String comparisons) cost 1,000.
    static func writeItem(_ item: Item, to out: inout [UInt8]) {
        writeVarint(item.count, to: &out)
        let start = out.count
        // Where each attribute's name lies and where its encoding ends; `order`: the attributes
        // by name, filled in by `putInOrder`.
        withUnsafeTemporaryAllocation(of: (name: Range<Int>, end: Int, order: Int).self, capacity: item.count) { spans in
            var count = 0
            for (name, value) in item {
                writeString(name, to: &out)
                let nameEnd = out.count
                writeValue(value, to: &out)
                spans[count] = ((nameEnd - name.utf8.count)..<nameEnd, out.count, 0)
                count += 1
            }
            if count > 1 { putInOrder(&out, from: start, UnsafeMutableBufferPointer(rebasing: spans[0..<count])) }
        }
    }

    /// Attribute names in byte order (DynamoDB's order for them), compared in place: the writer
    /// stores attributes in it and the reader checks it (lexicographicallyPrecedes iterated
    /// generically).
    @inline(__always)
    static func precedes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let common = min(a.count, b.count)
        var i = 0
        while i < common {
            let x = a[i], y = b[i]
            if x != y { return x < y }
            i &+= 1
        }
        return a.count < b.count
    }

    /// Reorders the encoded attributes after `start` (ending at `spans[i].end`) by name bytes.
    static func putInOrder(_ out: inout [UInt8], from start: Int, _ spans: UnsafeMutableBufferPointer<(name: Range<Int>, end: Int, order: Int)>) {
        out.withUnsafeMutableBytes { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!)
            func precedes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
                ItemCodec.precedes(UnsafeRawBufferPointer(start: base + a.lowerBound, count: a.count),
                                   UnsafeRawBufferPointer(start: base + b.lowerBound, count: b.count))
            }
            var inOrder = true
            for i in 0..<spans.count {
                var j = i
                while j > 0, precedes(spans[i].name, spans[spans[j - 1].order].name) {
                    spans[j].order = spans[j - 1].order
                    j -= 1
                }
                spans[j].order = i
                if j != i { inOrder = false }
            }
            if inOrder { return }
            let length = bytes.count - start
            withUnsafeTemporaryAllocation(byteCount: length, alignment: 1) { copy in
                copy.baseAddress!.copyMemory(from: base + start, byteCount: length)
                var at = start
                for k in 0..<spans.count {
                    let i = spans[k].order
                    let begin = i == 0 ? start : spans[i - 1].end
                    (bytes.baseAddress! + at).copyMemory(from: copy.baseAddress! + (begin - start), byteCount: spans[i].end - begin)
                    at += spans[i].end - begin
                }
            }
        }
    }

    static func writeValue(_ value: AttributeValue, to out: inout [UInt8]) {
        switch value {
        case .s(let s):
            out.append(Tag.s.rawValue)
            writeString(s, to: &out)
        case .n(let n):
            out.append(Tag.n.rawValue)
            n.appendStorageBytes(to: &out)
        case .b(let b):
            out.append(Tag.b.rawValue)
            writeBytes(b, to: &out)
        case .bool(let b):
            out.append(Tag.bool.rawValue)
            out.append(b ? 1 : 0)
        case .null:
            out.append(Tag.null.rawValue)
        case .m(let m):
            out.append(Tag.m.rawValue)
            writeItem(m, to: &out)
        case .l(let l):
            out.append(Tag.l.rawValue)
            writeVarint(l.count, to: &out)
            for element in l { writeValue(element, to: &out) }
        case .ss(let set):
            out.append(Tag.ss.rawValue)
            writeVarint(set.count, to: &out)
            for s in set { writeString(s, to: &out) }
        case .ns(let set):
            out.append(Tag.ns.rawValue)
            writeVarint(set.count, to: &out)
            for n in set { n.appendStorageBytes(to: &out) }
        case .bs(let set):
            out.append(Tag.bs.rawValue)
            writeVarint(set.count, to: &out)
            for b in set { writeBytes(b, to: &out) }
        }
    }

    // MARK: Reading

    struct Reader {
        let buffer: UnsafeRawBufferPointer
        var position: Int

        static let corrupt = StorageError("corrupt stored item")

        @inline(__always)
        mutating func byte() throws(StorageError) -> UInt8 {
            guard position < buffer.count else { throw Self.corrupt }
            defer { position += 1 }
            return buffer[position]
        }

        /// Lengths and counts under 128, nearly all of them, take one byte: read without the loop
        /// (the loop was 3.5% of a Query's instructions, callgrind).
        @inline(__always)
        mutating func varint() throws(StorageError) -> Int {
            if position < buffer.count {
                let b = buffer[position]
                if b < 0x80 && Int(b) <= buffer.count &* 8 &+ 64 {
                    position &+= 1
                    return Int(b)
                }
            }
            return try longVarint()
        }

        mutating func longVarint() throws(StorageError) -> Int {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
                guard shift < 64 else { throw Self.corrupt }
            }
            guard result <= UInt64(buffer.count) * 8 + 64 else { throw Self.corrupt }
            return Int(result)
        }

        mutating func slice() throws(StorageError) -> UnsafeRawBufferPointer {
            let count = try varint()
            guard count <= buffer.count - position else { throw Self.corrupt }
            defer { position += count }
            return UnsafeRawBufferPointer(rebasing: buffer[position..<position + count])
        }

        // Typed views: String(decoding:) and Array(_:) copy those whole, raw ones byte by byte.
        mutating func string() throws(StorageError) -> String { String(decoding: try slice().assumingMemoryBound(to: UInt8.self), as: UTF8.self) }

        mutating func bytes() throws(StorageError) -> [UInt8] { [UInt8](try slice().assumingMemoryBound(to: UInt8.self)) }

        mutating func number() throws(StorageError) -> DynamoNumber {
            let size = DynamoNumber.storageByteCount
            guard size <= buffer.count - position else { throw Self.corrupt }
            defer { position += size }
            guard let n = DynamoNumber(storageBytes: UnsafeRawBufferPointer(rebasing: buffer[position..<position + size])) else {
                throw Self.corrupt
            }
            return n
        }

        // MARK: JSON without decoding

        mutating func writeItemJSON(to out: inout JSONWriter) throws(StorageError) {
            let count = try varint()
            // Items are stored with their names in byte order (`writeItem`): one pass writes them.
            // Rows written before that are sorted first.
            let (start, written) = (position, out.count)
            if try writeAttributesInStoredOrder(count, to: &out) { return }
            position = start
            out.removeLast(out.count - written)
            // Where each attribute's name and value lie, on the stack for the usual few attributes:
            // an array per item (and per map) was one malloc and free each, 4% of a Query.
            try withUnsafeTemporaryAllocation(of: (name: Range<Int>, value: Int).self, capacity: count) {
                (spans) throws(StorageError) in
                for index in 0..<count {
                    let name = try slice()
                    let start = name.baseAddress! - buffer.baseAddress!
                    (spans.baseAddress! + index).initialize(to: (start..<start + name.count, position))
                    try skipValue()
                }
                let end = position
                let base = buffer
                func name(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: base[range]) }
                // Insertion sort: items have few attributes, and it allocates nothing.
                for i in 1..<max(count, 1) {
                    let span = spans[i]
                    var j = i
                    while j > 0, ItemCodec.precedes(name(span.name), name(spans[j - 1].name)) {
                        spans[j] = spans[j - 1]
                        j -= 1
                    }
                    spans[j] = span
                }
                out.append(UInt8(ascii: "{"))
                for i in 0..<count {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    writeString(name(spans[i].name), to: &out)
                    out.append(UInt8(ascii: ":"))
                    position = spans[i].value
                    try writeValueJSON(to: &out)
                }
                out.append(UInt8(ascii: "}"))
                position = end
            }
        }

        /// Writes the attributes as they are stored; false, with part of them written, at the
        /// first name out of byte order. Finding where each one lies and sorting them first was a
        /// quarter of the instructions of writing an item (callgrind, Query).
        mutating func writeAttributesInStoredOrder(_ count: Int, to out: inout JSONWriter) throws(StorageError) -> Bool {
            out.append(UInt8(ascii: "{"))
            var previous = UnsafeRawBufferPointer(start: nil, count: 0)
            for index in 0..<count {
                let name = try slice()
                if index > 0 {
                    guard ItemCodec.precedes(previous, name) else { return false }
                    out.append(UInt8(ascii: ","))
                }
                writeString(name, to: &out)
                out.append(UInt8(ascii: ":"))
                try writeValueJSON(to: &out)
                previous = name
            }
            out.append(UInt8(ascii: "}"))
            return true
        }

        /// A string of the item as a JSON string; the item's bytes after it may be read too.
        @inline(__always)
        func writeString(_ text: UnsafeRawBufferPointer, to out: inout JSONWriter) {
            let readable = text.baseAddress.map { buffer.count - (UnsafeRawPointer($0) - buffer.baseAddress!) } ?? 0
            out.writeString(utf8: text, readable: readable)
        }

        mutating func skipValue() throws(StorageError) {
            guard let tag = Tag(rawValue: try byte()) else { throw Self.corrupt }
            switch tag {
            case .s, .b: _ = try slice()
            case .n: try skip(DynamoNumber.storageByteCount)
            case .bool: try skip(1)
            case .null: break
            case .m:
                let count = try varint()
                for _ in 0..<count {
                    _ = try slice()
                    try skipValue()
                }
            case .l:
                let count = try varint()
                for _ in 0..<count { try skipValue() }
            case .ss, .bs:
                let count = try varint()
                for _ in 0..<count { _ = try slice() }
            case .ns:
                let count = try varint()
                guard count <= buffer.count else { throw Self.corrupt }
                try skip(count * DynamoNumber.storageByteCount)
            }
        }

        mutating func skip(_ count: Int) throws(StorageError) {
            guard count <= buffer.count - position else { throw Self.corrupt }
            position += count
        }

        mutating func writeValueJSON(to out: inout JSONWriter) throws(StorageError) {
            guard let tag = Tag(rawValue: try byte()) else { throw Self.corrupt }
            switch tag {
            case .s: out.append(#"{"S":"#); writeString(try slice(), to: &out)
            case .n: out.append(#"{"N":"#); out.writeNumberString(try number())
            case .b: out.append(#"{"B":"#); out.writeBase64String(try slice())
            case .bool: try byte() != 0 ? out.append(#"{"BOOL":true"#) : out.append(#"{"BOOL":false"#)
            case .null: out.append(#"{"NULL":true"#)
            case .m: out.append(#"{"M":"#); try writeItemJSON(to: &out)
            case .l, .ss, .ns, .bs:
                switch tag {
                case .l: out.append(#"{"L":["#)
                case .ss: out.append(#"{"SS":["#)
                case .ns: out.append(#"{"NS":["#)
                default: out.append(#"{"BS":["#)
                }
                let count = try varint()
                for i in 0..<count {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    switch tag {
                    case .l: try writeValueJSON(to: &out)
                    case .ss: writeString(try slice(), to: &out)
                    case .ns: out.writeNumberString(try number())
                    default: out.writeBase64String(try slice())
                    }
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "}"))
        }

        mutating func item() throws(StorageError) -> Item {
            let count = try varint()
            var item = Item(minimumCapacity: count)
            for _ in 0..<count {
                let name = try string()
                item[name] = try value()
            }
            return item
        }

        mutating func value() throws(StorageError) -> AttributeValue {
            guard let tag = Tag(rawValue: try byte()) else { throw Self.corrupt }
            switch tag {
            case .s: return .s(try string())
            case .n: return .n(try number())
            case .b: return .b(try bytes())
            case .bool: return .bool(try byte() != 0)
            case .null: return .null
            case .m: return .m(try item())
            case .l:
                let count = try varint()
                var list: [AttributeValue] = []
                list.reserveCapacity(count)
                for _ in 0..<count { list.append(try value()) }
                return .l(list)
            case .ss:
                let count = try varint()
                var set: [String] = []
                set.reserveCapacity(count)
                for _ in 0..<count { set.append(try string()) }
                return .ss(set)
            case .ns:
                let count = try varint()
                var set: [DynamoNumber] = []
                set.reserveCapacity(count)
                for _ in 0..<count { set.append(try number()) }
                return .ns(set)
            case .bs:
                let count = try varint()
                var set: [[UInt8]] = []
                set.reserveCapacity(count)
                for _ in 0..<count { set.append(try bytes()) }
                return .bs(set)
            }
        }
    }
}
