import XCTest
@testable import dynamo_bench

final class ResponseReaderTests: XCTestCase {
    private func read(_ text: String) -> ResponseReader.Result {
        Array(text.utf8).withUnsafeBytes { ResponseReader.read($0) }
    }

    /// The result for the first `count` bytes of `text` ("\r\n" is one Character, so not `prefix`).
    private func read(_ text: String, bytes count: Int) -> ResponseReader.Result {
        Array(text.utf8.prefix(count)).withUnsafeBytes { ResponseReader.read($0) }
    }

    private func body(_ text: String, _ result: ResponseReader.Result) -> String? {
        guard case .response(_, let body, _) = result else { return nil }
        switch body {
        case .range(let range): return String(decoding: Array(text.utf8)[range], as: UTF8.self)
        case .joined(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// `result` is a whole response of `status` that took `length` bytes of `text`, with this body.
    private func assertResponse(_ result: ResponseReader.Result, in text: String, status: Int, length: Int, body expected: String,
                                line: UInt = #line) {
        guard case .response(status, _, let taken) = result else { return XCTFail("\(result)", line: line) }
        XCTAssertEqual(taken, length, line: line)
        XCTAssertEqual(body(text, result), expected, line: line)
    }

    func testAResponseWithContentLength() {
        let text = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n\r\n{}"
        assertResponse(read(text), in: text, status: 200, length: text.utf8.count, body: "{}")
    }

    func testEveryPrefixIsIncompleteAndExtraBytesAreLeft() {
        let first = "HTTP/1.1 400 Bad Request\r\ncontent-length: 5\r\nx-amz-crc32: 1\r\n\r\nerror"
        let text = first + "HTTP/1.1 200 OK\r\n"
        for end in 0..<first.utf8.count {
            XCTAssertEqual(read(first, bytes: end), .incomplete, "prefix of \(end) bytes")
        }
        assertResponse(read(text), in: text, status: 400, length: first.utf8.count, body: "error")
    }

    func testHeaderNamesIgnoreCaseAndValuesAreTrimmed() {
        let text = "HTTP/1.1 200 OK\r\nCONTENT-LENGTH:   3 \r\n\r\nabc"
        XCTAssertEqual(body(text, read(text)), "abc")
    }

    func testChunkedBodiesAreJoined() {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nA;x=y\r\n0123456789\r\n0\r\n\r\n"
        assertResponse(read(text), in: text, status: 200, length: text.utf8.count, body: "abc0123456789")
        for end in 0..<text.utf8.count {
            XCTAssertEqual(read(text, bytes: end), .incomplete, "prefix of \(end) bytes")
        }
    }

    func testAnEmptyBody() {
        let text = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        XCTAssertEqual(read(text), .response(status: 200, body: .range(text.utf8.count..<text.utf8.count), length: text.utf8.count))
    }

    func testWhatItCannotReadIsMalformed() {
        for text in ["HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"] {
            guard case .malformed = read(text) else { return XCTFail("\(text.debugDescription): \(read(text))") }
        }
        guard case .malformed = read(String(repeating: "x", count: ResponseReader.maxHeadBytes + 1)) else {
            return XCTFail("an endless head is refused")
        }
    }
}
