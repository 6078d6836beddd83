/// The buffer JSON text is written into: one allocation that grows by doubling, written through
/// a pointer. Writing a 25-item Query response with `Array<UInt8>.append` spent about a third of
/// the request's instructions (callgrind) in the appends' capacity and uniqueness checks, a call
/// for every few bytes; here an append is a compare and a store, and `reserve` lets a writer
/// that knows its length (a number, a string without escapes) check once.
///
/// Noncopyable: it owns its memory, and `bytes()` hands the text over as an array.
public struct JSONWriter: ~Copyable {
    @usableFromInline var start: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var used: Int

    /// Bytes written so far.
    public var count: Int { used }

    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
        used = 0
    }

    deinit { start.deallocate() }

    /// The text written, as an array (one copy); the writer's memory is freed.
    public consuming func bytes() -> [UInt8] {
        let bytes = [UInt8](UnsafeBufferPointer(start: start, count: used))
        start.deallocate()
        discard self
        return bytes
    }

    /// The text written so far, for tests and checks without consuming the writer.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: start, count: used))
    }

    /// Makes room for `extra` more bytes.
    @inlinable @inline(__always)
    public mutating func reserve(_ extra: Int) {
        if capacity &- used < extra { grow(extra) }
    }

    @usableFromInline @inline(never)
    mutating func grow(_ extra: Int) {
        let newCapacity = max(capacity * 2, used + extra)
        let newStart = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStart.initialize(from: start, count: used)
        start.deallocate()
        start = newStart
        capacity = newCapacity
    }

    /// Takes back the last `count` bytes written.
    public mutating func removeLast(_ count: Int) {
        precondition(count >= 0 && count <= used, "JSONWriter: removing more than was written")
        used -= count
    }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        start[used] = byte
        used &+= 1
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        reserve(bytes.count)
        (start + used).initialize(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        used &+= bytes.count
    }

    @inlinable
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// A literal such as `{"S":`: short ones byte by byte (the loop unrolls when inlined), which
    /// costs less than a call to memcpy.
    @inlinable @inline(__always)
    public mutating func append(_ text: StaticString) {
        let n = text.utf8CodeUnitCount
        reserve(n)
        let source = text.utf8Start
        if n <= 16 {
            for i in 0..<n { start[used &+ i] = source[i] }
        } else {
            (start + used).initialize(from: source, count: n)
        }
        used &+= n
    }

    /// Writes up to `maximum` bytes straight into the buffer; `body` returns how many it wrote.
    @inlinable
    public mutating func write(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) throws -> Int) rethrows {
        reserve(maximum)
        let written = try body(start + used)
        precondition(written <= maximum, "JSONWriter: wrote past the reservation")
        used &+= written
    }
}

// MARK: - JSON strings and numbers

extension JSONWriter {
    /// A JSON string: `"`, the text with '"', '\\' and control characters escaped, `"`.
    public mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { writeString(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Text that needs no escaping (a JSON number's), as it is.
    public mutating func writeUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// `writeString(utf8:)` where `readable` bytes from the text's start may be read (at least
    /// its length; a stored item's strings lie inside the item). With eight, a short string (an
    /// attribute name, most often) is checked and copied as one word, inline: the call, the
    /// byte loop and the reservation were half the cost of writing a short string (callgrind).
    @inlinable @inline(__always)
    public mutating func writeString(utf8: UnsafeRawBufferPointer, readable: Int) {
        let n = utf8.count
        if n < 8 && readable >= 8, let source = utf8.baseAddress {
            // The string's bytes, the rest made spaces (which need no escape).
            let keep: UInt64 = ~0 >> (64 - 8 * UInt64(n))
            let word = UInt64(littleEndian: source.loadUnaligned(as: UInt64.self)) & keep | 0x2020_2020_2020_2020 & ~keep
            if JSON.escapeMask(word) == 0 {
                reserve(10)
                start[used] = UInt8(ascii: "\"")
                UnsafeMutableRawPointer(start + (used &+ 1)).storeBytes(of: word.littleEndian, as: UInt64.self)
                start[used &+ 1 &+ n] = UInt8(ascii: "\"")
                used &+= n &+ 2
                return
            }
        }
        writeString(utf8: utf8)
    }

    /// `writeString` for text that is already UTF-8 bytes (a stored item's).
    ///
    /// Most strings need no escape: they are copied eight bytes at a time, each word checked as
    /// it goes (checking first and then copying, two passes and a memcpy call, was 15% of a
    /// Query's instructions), and the first word with something to escape hands over to
    /// `writeEscaped`.
    public mutating func writeString(utf8: UnsafeRawBufferPointer) {
        let n = utf8.count
        reserve(n &+ 2)
        start[used] = UInt8(ascii: "\"")
        guard let source = utf8.baseAddress else {
            start[used &+ 1] = UInt8(ascii: "\"")
            used &+= 2
            return
        }
        let out = UnsafeMutableRawPointer(start + (used &+ 1))
        var i = 0
        var clean = true
        while i &+ 8 <= n {
            let word = source.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if JSON.escapeMask(word) != 0 { clean = false; break }
            out.storeBytes(of: word, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        if clean && i < n {
            if n >= 8 {
                // The last eight bytes, overlapping what was copied already.
                let word = source.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                if JSON.escapeMask(word) == 0 {
                    out.storeBytes(of: word, toByteOffset: n &- 8, as: UInt64.self)
                    i = n
                } else {
                    clean = false
                }
            } else {
                while i < n {
                    let byte = source.load(fromByteOffset: i, as: UInt8.self)
                    if byte < 0x20 || byte == 0x22 || byte == 0x5C { clean = false; break }
                    out.storeBytes(of: byte, toByteOffset: i, as: UInt8.self)
                    i &+= 1
                }
            }
        }
        used &+= 1 &+ i
        if !clean { writeEscaped(UnsafeRawBufferPointer(rebasing: utf8[i...])) }
        start[used] = UInt8(ascii: "\"")
        used &+= 1
    }

    /// The rest of a string from the first word that needs an escape, byte by byte.
    @usableFromInline @inline(never)
    mutating func writeEscaped(_ utf8: UnsafeRawBufferPointer) {
        for byte in utf8 {
            let escape: UInt8
            switch byte {
            case 0x22: escape = UInt8(ascii: "\"")
            case 0x5C: escape = UInt8(ascii: "\\")
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0D: escape = UInt8(ascii: "r")
            case 0x09: escape = UInt8(ascii: "t")
            case 0x08: escape = UInt8(ascii: "b")
            case 0x0C: escape = UInt8(ascii: "f")
            case 0..<0x20: escape = UInt8(ascii: "u")
            default:
                append(byte)
                continue
            }
            reserve(6)
            start[used] = UInt8(ascii: "\\")
            start[used &+ 1] = escape
            used &+= 2
            if escape == UInt8(ascii: "u") {
                start[used] = UInt8(ascii: "0")
                start[used &+ 1] = UInt8(ascii: "0")
                start[used &+ 2] = JSONWriter.hexDigit(byte >> 4)
                start[used &+ 3] = JSONWriter.hexDigit(byte & 0xF)
                used &+= 4
            }
        }
        reserve(1)  // the closing quote
    }

    @usableFromInline
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 &+ value : UInt8(ascii: "a") &+ value &- 10
    }

    /// Binary as a JSON string of its Base64 (which never needs escaping).
    public mutating func writeBase64String(_ bytes: UnsafeRawBufferPointer) {
        let length = Base64.encodedCount(bytes.count)
        reserve(length &+ 2)
        append(UInt8(ascii: "\""))
        write(maximum: length) { Base64.encode(bytes, into: $0) }
        append(UInt8(ascii: "\""))
    }

    public mutating func writeBase64String(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeBase64String($0) }
    }

    /// A number as a JSON string (`"1.5"`): its text never needs escaping.
    public mutating func writeNumberString(_ number: DynamoNumber) {
        append(UInt8(ascii: "\""))
        number.write(to: &self)
        append(UInt8(ascii: "\""))
    }
}
