/// Finds one HTTP/1.1 response in received bytes, without copying them: the status, where the
/// body is and how many bytes the response took. The load loop reads only these; NIO's HTTP
/// client codec (llhttp, a `HTTPHeaders` of Strings per answer, `NIOAny` boxes) cost the client
/// ~25 µs of CPU per request, as much as the server it measured (docs/BENCHMARKS.md, session 6).
enum ResponseReader {
    enum Result: Equatable {
        /// Not all of the response has arrived yet.
        case incomplete
        /// The bytes are not a response this client can read (why, for the run's error line).
        case malformed(String)
        /// A whole response: its status, its body's bytes (de-chunked if it was chunked) and the
        /// number of bytes it took, head included.
        case response(status: Int, body: ResponseBody, length: Int)
    }

    /// Where the body is: a range of the bytes given (Content-Length), or its chunks joined.
    enum ResponseBody: Equatable {
        case range(Range<Int>)
        case joined([UInt8])
    }

    /// Heads longer than this are refused rather than waited for.
    static let maxHeadBytes = 64 * 1024

    static func read(_ bytes: UnsafeRawBufferPointer) -> Result {
        guard let headEnd = find(crlfcrlf: bytes) else {
            return bytes.count > maxHeadBytes ? .malformed("a response head longer than \(maxHeadBytes) bytes") : .incomplete
        }
        // "HTTP/1.1 200 OK": the status is the three digits after the first space.
        guard bytes.count >= 12, bytes[8] == UInt8(ascii: " "),
              let status = digits(bytes, 9..<12) else {
            return .malformed("not an HTTP/1.1 status line")
        }
        var contentLength: Int?
        var chunked = false
        var line = lineEnd(bytes, from: 0, limit: headEnd)! + 2
        while line < headEnd {
            let end = lineEnd(bytes, from: line, limit: headEnd) ?? headEnd
            if let colon = (line..<end).first(where: { bytes[$0] == UInt8(ascii: ":") }) {
                let value = trimmed(bytes, colon + 1..<end)
                if equalsIgnoringCase(bytes, line..<colon, "content-length") {
                    guard let length = digits(bytes, value) else { return .malformed("a bad Content-Length") }
                    contentLength = length
                } else if equalsIgnoringCase(bytes, line..<colon, "transfer-encoding") {
                    chunked = equalsIgnoringCase(bytes, value, "chunked")
                }
            }
            line = end + 2
        }
        let bodyStart = headEnd + 4
        if chunked { return readChunks(bytes, from: bodyStart, status: status) }
        guard let contentLength else {
            return .malformed("a response without Content-Length or chunked encoding")
        }
        guard bytes.count >= bodyStart + contentLength else { return .incomplete }
        return .response(status: status, body: .range(bodyStart..<bodyStart + contentLength), length: bodyStart + contentLength)
    }

    /// Chunks: a hex size line, the data and CRLF, until a chunk of size 0 (trailers not expected).
    private static func readChunks(_ bytes: UnsafeRawBufferPointer, from start: Int, status: Int) -> Result {
        var body: [UInt8] = []
        var position = start
        while true {
            guard let end = lineEnd(bytes, from: position, limit: bytes.count) else { return .incomplete }
            var size = 0
            for index in position..<end {
                let byte = bytes[index]
                guard let digit = hexValue(byte) else {
                    if byte == UInt8(ascii: ";") { break } // a chunk extension
                    return .malformed("a bad chunk size")
                }
                guard size < 1 << 40 else { return .malformed("a chunk too large") }
                size = size << 4 | digit
            }
            let data = end + 2
            if size == 0 {
                guard bytes.count >= data + 2 else { return .incomplete }
                guard bytes[data] == 13, bytes[data + 1] == 10 else { return .malformed("trailers after the last chunk") }
                return .response(status: status, body: .joined(body), length: data + 2)
            }
            guard bytes.count >= data + size + 2 else { return .incomplete }
            body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[data..<data + size]))
            position = data + size + 2
        }
    }

    private static func find(crlfcrlf bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = 0
        while index <= bytes.count - 4 {
            if bytes[index + 3] != 10 {
                index += 1
            } else if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13 {
                return index
            } else {
                index += 1
            }
        }
        return nil
    }

    /// The index of the CR of the next CRLF at or after `from`, before `limit` + 2.
    private static func lineEnd(_ bytes: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int? {
        var index = from
        while index + 1 < bytes.count, index <= limit {
            if bytes[index] == 13, bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, bytes[lower] == 32 || bytes[lower] == 9 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 32 || bytes[upper - 1] == 9 { upper -= 1 }
        return lower..<upper
    }

    private static func digits(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - 48
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// `name` is lower-case ASCII.
    private static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for (offset, index) in range.enumerated() where bytes[index] | 0x20 != expected[offset] {
            return false
        }
        return true
    }
}
