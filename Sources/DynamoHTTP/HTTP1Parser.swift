#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DynamoModel

/// The head of one HTTP/1.x request, parsed from bytes by `HTTP1Parser`.
struct RequestHead {
    var method: String
    var uri: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    var minorVersion: Int
    var headers: RequestHeaders
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool

    var versionText: StaticString { minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1" }
}

enum BodyFraming: Equatable {
    case length(Int)
    case chunked
}

/// Why a request cannot be read; the connection answers with the status and closes.
enum HTTPParseError: Error, Equatable {
    /// 400: not HTTP/1.x, or a head or chunk the server will not guess at.
    case badRequest
    /// 431: a head over `ConnectionLimits.maxHeaderBytes` or `maxHeaderFields`.
    case headerTooLarge
}

/// A strict HTTP/1.1 request-head parser (RFC 9112) over bytes. It replaces NIO's llhttp-based
/// decoder and its three pipeline handlers, which together were ~30% of a GetItem's instructions
/// (callgrind; docs/ARCHITECTURE.md, "Request path"). It refuses what that decoder refused, checked
/// request by request against it: lower-case or unknown-looking methods, spaces in the target,
/// versions other than 1.0 and 1.1, bare LF line ends, obs-fold, whitespace before a colon,
/// control characters in values, a Content-Length that is not digits or appears twice,
/// Transfer-Encoding with Content-Length, and a final transfer coding other than chunked.
enum HTTP1Parser {
    enum Result {
        /// More bytes are needed; `scanned` bytes need not be searched again.
        case incomplete(scanned: Int)
        /// The head fills the first `length` bytes.
        case complete(RequestHead, length: Int)
        case invalid(HTTPParseError)
    }

    /// Parses a head at the start of `bytes`. `scanned` is what an earlier call returned, so a
    /// client sending its head a byte at a time costs linear, not quadratic, time.
    static func parse(_ bytes: UnsafeRawBufferPointer, scanned: Int = 0,
                      maxHeaderBytes: Int, maxHeaderFields: Int) -> Result {
        let count = bytes.count
        // RFC 9112 2.2: empty lines before the request line are ignored.
        var start = 0
        while start + 1 < count, bytes[start] == cr, bytes[start + 1] == lf { start += 2 }
        if start == count || (start + 1 == count && bytes[start] == cr) { return .incomplete(scanned: 0) }

        // The end of the head: the first CRLF CRLF. A bare LF is refused at once (as llhttp did)
        // rather than waiting for a terminator that will not come.
        var end = -1
        var i = max(start, scanned)
        let base = bytes.baseAddress!
        while i < count {
            // memchr finds each LF many bytes at a time.
            guard let found = memchr(base + i, Int32(lf), count - i) else { break }
            i = UnsafeRawPointer(found) - base
            guard i > start, bytes[i - 1] == cr else { return .invalid(.badRequest) }
            if i - start >= 3, bytes[i - 2] == lf, bytes[i - 3] == cr { end = i - 3; break }
            i += 1
        }
        if end < 0 {
            if count - start > maxHeaderBytes { return .invalid(.headerTooLarge) }
            return .incomplete(scanned: count)
        }
        if end - start > maxHeaderBytes { return .invalid(.headerTooLarge) }

        // Request line: method SP request-target SP HTTP-version CRLF.
        var p = start
        while p < end, bytes[p] >= upperA, bytes[p] <= upperZ { p += 1 }
        guard p > start, p - start <= 32, p < end, bytes[p] == space else { return .invalid(.badRequest) }
        let method = string(bytes, start, p)
        p += 1
        let targetStart = p
        while p < end, bytes[p] > space, bytes[p] < 0x7F { p += 1 }
        guard p > targetStart, p < end, bytes[p] == space else { return .invalid(.badRequest) }
        let uri = string(bytes, targetStart, p)
        p += 1
        guard p + 10 <= end + 2, matches(bytes, p, "HTTP/1."), bytes[p + 8] == cr, bytes[p + 9] == lf,
              bytes[p + 7] == digit0 || bytes[p + 7] == digit0 + 1 else { return .invalid(.badRequest) }
        let minor = Int(bytes[p + 7] - digit0)
        p += 10

        // Header fields: name ":" OWS value OWS CRLF. Values stay bytes (RequestHeaders).
        var fields: [RequestHeaders.Field] = []
        fields.reserveCapacity(12)
        var contentLength: Int?
        var chunked = false
        var transferEncoding = false
        var close = false, keepAlive = false, expectsContinue = false
        while p < end + 2 {
            let nameStart = p
            while p < end, isTokenByte(bytes[p]) { p += 1 }
            guard p > nameStart, p < end, bytes[p] == colon else { return .invalid(.badRequest) }
            let nameEnd = p
            p += 1
            while p < end, bytes[p] == space || bytes[p] == tab { p += 1 }
            let valueStart = p
            // The value ends at the next CR (memchr: many bytes at a time); then no control byte in it.
            let lineEnd = memchr(base + p, Int32(cr), end + 2 - p).map { UnsafeRawPointer($0) - base } ?? end + 2
            // Eight bytes at a time while none is a control byte (below 0x20, or 0x7F); a word
            // that has one (a tab, or a bad byte) is checked byte by byte.
            while p + 8 <= lineEnd, !hasControlByte(UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)) { p += 8 }
            while p < lineEnd {
                let byte = bytes[p]
                if byte < space || byte == 0x7F, byte != tab { return .invalid(.badRequest) }
                p += 1
            }
            guard p + 1 < count, bytes[p] == cr, bytes[p + 1] == lf else { return .invalid(.badRequest) }
            var valueEnd = p
            while valueEnd > valueStart, bytes[valueEnd - 1] == space || bytes[valueEnd - 1] == tab { valueEnd -= 1 }
            p += 2
            if fields.count == maxHeaderFields { return .invalid(.headerTooLarge) }
            fields.append(RequestHeaders.Field(name: nameStart..<nameEnd, value: valueStart..<valueEnd))

            switch nameEnd - nameStart {
            case 14 where equalsIgnoringCase(bytes, nameStart, "content-length"):
                guard contentLength == nil, valueEnd > valueStart, valueEnd - valueStart <= 18 else { return .invalid(.badRequest) }
                var length = 0
                for q in valueStart..<valueEnd {
                    guard bytes[q] >= digit0, bytes[q] <= digit0 + 9 else { return .invalid(.badRequest) }
                    length = length * 10 + Int(bytes[q] - digit0)
                }
                contentLength = length
            case 17 where equalsIgnoringCase(bytes, nameStart, "transfer-encoding"):
                transferEncoding = true
                // Only the final coding matters: it must be chunked (RFC 9112 6.3).
                let last = tokens(bytes, valueStart..<valueEnd).last ?? valueEnd..<valueEnd
                chunked = last.count == 7 && equalsIgnoringCase(bytes, last.lowerBound, "chunked")
            case 10 where equalsIgnoringCase(bytes, nameStart, "connection"):
                for token in tokens(bytes, valueStart..<valueEnd) {
                    if token.count == 5 && equalsIgnoringCase(bytes, token.lowerBound, "close") { close = true }
                    if token.count == 10 && equalsIgnoringCase(bytes, token.lowerBound, "keep-alive") { keepAlive = true }
                }
            case 6 where equalsIgnoringCase(bytes, nameStart, "expect"):
                if valueEnd - valueStart == 12 && equalsIgnoringCase(bytes, valueStart, "100-continue") { expectsContinue = true }
            default:
                break
            }
        }
        let headers = RequestHeaders(bytes: [UInt8](UnsafeRawBufferPointer(rebasing: bytes[0..<end]).assumingMemoryBound(to: UInt8.self)),
                                     fields: fields)

        let framing: BodyFraming
        if transferEncoding {
            guard chunked, contentLength == nil else { return .invalid(.badRequest) }
            framing = .chunked
        } else {
            framing = .length(contentLength ?? 0)
        }
        let head = RequestHead(method: method, uri: uri, minorVersion: minor, headers: headers, framing: framing,
                               keepAlive: minor == 1 ? !close : (keepAlive && !close), expectsContinue: expectsContinue)
        return .complete(head, length: end + 4)
    }

    static let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, space: UInt8 = 0x20, tab: UInt8 = 0x09, colon: UInt8 = 0x3A
    static let digit0: UInt8 = 0x30, upperA: UInt8 = 0x41, upperZ: UInt8 = 0x5A

    /// Whether any of the eight bytes is below 0x20 or is 0x7F.
    static func hasControlByte(_ word: UInt64) -> Bool {
        ByteWords.below(word, 0x20) | ByteWords.equal(word, 0x7F) != 0
    }

    /// RFC 9110 tchar: digits, letters and !#$%&'*+-.^_`|~, as bits of two masks (a switch
    /// compiled to a chain of range tests, run for every byte of every header name).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        if byte < 64 { return (tokenLow >> UInt64(byte)) & 1 != 0 }
        if byte < 128 { return (tokenHigh >> UInt64(byte - 64)) & 1 != 0 }
        return false
    }

    /// Bit b set: byte b is a tchar (0-63: "0"-"9" and !#$%&'*+-.; 64-127: letters and ^_`|~).
    static let tokenLow: UInt64 = 0x03FF_6CFA_0000_0000
    static let tokenHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    static func string(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> String {
        // A typed view: String(decoding:) copies it whole, a raw one byte by byte.
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[from..<to]).assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// The comma-separated elements of a list value, each without surrounding whitespace.
    static func tokens(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        for i in range.lowerBound...range.upperBound where i == range.upperBound || bytes[i] == 0x2C {
            var a = start, b = i
            while a < b, bytes[a] == space || bytes[a] == tab { a += 1 }
            while b > a, bytes[b - 1] == space || bytes[b - 1] == tab { b -= 1 }
            if a < b { result.append(a..<b) }
            start = i + 1
        }
        return result
    }

    static func matches(_ bytes: UnsafeRawBufferPointer, _ at: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard at + n <= bytes.count else { return false }
        for i in 0..<n where bytes[at + i] != literal.utf8Start[i] { return false }
        return true
    }

    /// `literal` is lower case; ASCII letters in `bytes` compare without case.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ at: Int, _ literal: StaticString) -> Bool {
        for i in 0..<literal.utf8CodeUnitCount {
            var byte = bytes[at + i]
            if byte >= upperA && byte <= upperZ { byte |= 0x20 }
            if byte != literal.utf8Start[i] { return false }
        }
        return true
    }
}

/// Reads a chunked body (RFC 9112 7.1) incrementally: chunk-size [; extensions] CRLF, data CRLF,
/// ..., then 0 CRLF, trailer fields, CRLF. Extensions and trailers are read and dropped.
struct ChunkedBodyReader {
    enum Phase: Equatable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
        case done
    }

    var phase = Phase.size
    /// Body bytes received so far (not kept once over `limit`).
    var received = 0
    let limit: Int
    /// A line (size or trailer) may not be longer than this.
    let maxLineBytes: Int

    init(limit: Int, maxLineBytes: Int) {
        self.limit = limit
        self.maxLineBytes = maxLineBytes
    }

    var isDone: Bool { phase == .done }
    var overLimit: Bool { received > limit }

    /// Consumes what it can of `bytes`, appending body data to `body` (while under `limit`).
    /// Returns the bytes consumed.
    mutating func read(_ bytes: UnsafeRawBufferPointer, into body: inout [UInt8]) throws(HTTPParseError) -> Int {
        var p = 0
        let count = bytes.count
        while p < count {
            switch phase {
            case .size:
                guard let lineEnd = Self.lineEnd(bytes, from: p) else {
                    if count - p > maxLineBytes { throw .badRequest }
                    return p
                }
                var size = 0, digits = 0
                var q = p
                while q < lineEnd, let value = Self.hexValue(bytes[q]) {
                    size = size * 16 + value
                    digits += 1
                    q += 1
                    if digits > 8 { throw .badRequest }
                }
                // After the digits: nothing, or extensions after ';' (optionally after whitespace).
                while q < lineEnd, bytes[q] == HTTP1Parser.space || bytes[q] == HTTP1Parser.tab { q += 1 }
                guard digits > 0, q == lineEnd || bytes[q] == 0x3B else { throw .badRequest }
                p = lineEnd + 2
                phase = size == 0 ? .trailers : .data(remaining: size)
            case .data(let remaining):
                let n = min(remaining, count - p)
                if received + n <= limit {
                    body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[p..<p + n]))
                } else if !body.isEmpty {
                    body = []
                }
                received += n
                p += n
                phase = remaining == n ? .dataEnd : .data(remaining: remaining - n)
            case .dataEnd:
                guard count - p >= 2 else { return p }
                guard bytes[p] == HTTP1Parser.cr, bytes[p + 1] == HTTP1Parser.lf else { throw .badRequest }
                p += 2
                phase = .size
            case .trailers:
                guard let lineEnd = Self.lineEnd(bytes, from: p) else {
                    if count - p > maxLineBytes { throw .badRequest }
                    return p
                }
                // An empty line ends the trailers; trailer fields are dropped.
                let empty = lineEnd == p
                p = lineEnd + 2
                if empty {
                    phase = .done
                    return p
                }
            case .done:
                return p
            }
        }
        return p
    }

    /// The index of the CR of the first CRLF at or after `from`; a bare LF is an error later.
    static func lineEnd(_ bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i + 1 < bytes.count {
            if bytes[i] == HTTP1Parser.cr && bytes[i + 1] == HTTP1Parser.lf { return i }
            i += 1
        }
        return nil
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        default: return nil
        }
    }
}
