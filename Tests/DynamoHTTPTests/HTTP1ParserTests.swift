import XCTest
@testable import DynamoHTTP
import TestSupport

final class HTTP1ParserTests: XCTestCase {
    func parse(_ text: String, scanned: Int = 0, maxBytes: Int = 64 * 1024, maxFields: Int = 100) -> HTTP1Parser.Result {
        Array(text.utf8).withUnsafeBytes {
            HTTP1Parser.parse($0, scanned: scanned, maxHeaderBytes: maxBytes, maxHeaderFields: maxFields)
        }
    }

    func head(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> (RequestHead, Int)? {
        guard case .complete(let head, let length) = parse(text) else {
            XCTFail("not complete: \(parse(text))", file: file, line: line)
            return nil
        }
        return (head, length)
    }

    func assertInvalid(_ text: String, _ error: HTTPParseError = .badRequest, file: StaticString = #filePath, line: UInt = #line) {
        guard case .invalid(let got) = parse(text) else {
            return XCTFail("accepted: \(text.debugDescription)", file: file, line: line)
        }
        XCTAssertEqual(got, error, file: file, line: line)
    }

    func testRequestLineHeadersAndFraming() throws {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target:  DynamoDB_20120810.ListTables \r\nContent-Length: 2\r\n\r\n{}"
        let (head, length) = try XCTUnwrap(head(text))
        XCTAssertEqual(head.method, "POST")
        XCTAssertEqual(head.uri, "/")
        XCTAssertEqual(head.minorVersion, 1)
        XCTAssertEqual(head.framing, .length(2))
        XCTAssertTrue(head.keepAlive)
        XCTAssertFalse(head.expectsContinue)
        // Values lose surrounding whitespace; names keep their case, look-ups ignore it.
        XCTAssertEqual(head.headers.first(name: "x-amz-target"), "DynamoDB_20120810.ListTables")
        XCTAssertEqual(head.headers.map(\.name), ["Host", "X-Amz-Target", "Content-Length"])
        XCTAssertEqual(length, text.utf8.count - 2)
    }

    func testKeepAliveByVersionAndConnectionHeader() throws {
        XCTAssertEqual(head("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")?.0.keepAlive, false)
        XCTAssertEqual(head("GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n")?.0.keepAlive, false)
        XCTAssertEqual(head("GET / HTTP/1.0\r\n\r\n")?.0.keepAlive, false)
        XCTAssertEqual(head("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")?.0.keepAlive, true)
        XCTAssertEqual(head("GET / HTTP/1.1\r\nExpect: 100-Continue\r\n\r\n")?.0.expectsContinue, true)
    }

    func testIncompleteResumesWhereItStopped() {
        let text = "GET / HTTP/1.1\r\nHost: x\r\n"
        guard case .incomplete(let scanned) = parse(text) else { return XCTFail() }
        XCTAssertEqual(scanned, text.utf8.count)
        // Given the rest, a parse that skips the scanned bytes still finds the terminator that
        // straddles them.
        guard case .complete(_, let length) = parse(text + "\r\n", scanned: scanned) else { return XCTFail() }
        XCTAssertEqual(length, text.utf8.count + 2)
        guard case .incomplete = parse("") else { return XCTFail() }
        guard case .incomplete = parse("\r\n") else { return XCTFail() }
    }

    func testLeadingEmptyLinesAreIgnored() throws {
        XCTAssertEqual(head("\r\n\r\nGET / HTTP/1.1\r\n\r\n")?.0.method, "GET")
    }

    func testChunkedFraming() throws {
        XCTAssertEqual(head("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")?.0.framing, .chunked)
        assertInvalid("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")
        assertInvalid("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
    }

    /// Each of these was refused (400) by NIO's llhttp-based decoder, which this parser replaced.
    func testRefusesWhatTheOldDecoderRefused() {
        assertInvalid("\u{0}\u{1}\u{2} garbage\r\n\r\n")
        assertInvalid("get / HTTP/1.1\r\n\r\n")
        assertInvalid("GET / HTTP/9.9\r\n\r\n")
        assertInvalid("PRI * HTTP/2.0\r\n\r\n")
        assertInvalid("GET /a b HTTP/1.1\r\n\r\n")
        assertInvalid("GET / HTTP/1.1\nHost: x\n\n")
        assertInvalid("GET / HTTP/1.1\r\nHost : x\r\n\r\n")
        assertInvalid("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n")
        assertInvalid("GET / HTTP/1.1\r\nHost: x\u{0}y\r\n\r\n")
        assertInvalid("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n")
        assertInvalid("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n")
        assertInvalid("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n")
        assertInvalid("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n")
    }

    func testHeaderLimits() {
        let many = "GET / HTTP/1.1\r\n" + String(repeating: "A: b\r\n", count: 101) + "\r\n"
        assertInvalid(many, .headerTooLarge)
        let long = "GET / HTTP/1.1\r\nA: " + String(repeating: "b", count: 2000) + "\r\n\r\n"
        guard case .invalid(.headerTooLarge) = parse(long, maxBytes: 1024) else { return XCTFail() }
        // Without a terminator, too many bytes are refused before the head ends.
        guard case .invalid(.headerTooLarge) = parse("GET / HTTP/1.1\r\nA: " + String(repeating: "b", count: 2000), maxBytes: 1024) else {
            return XCTFail()
        }
    }

    func read(_ chunks: [String], limit: Int = 100) throws -> (ChunkedBodyReader, [UInt8], consumed: Int) {
        var reader = ChunkedBodyReader(limit: limit, maxLineBytes: 64)
        var body: [UInt8] = []
        var pending: [UInt8] = []
        var consumed = 0
        for chunk in chunks {
            pending += Array(chunk.utf8)
            let n = try pending.withUnsafeBytes { raw in try reader.read(raw, into: &body) }
            pending.removeFirst(n)
            consumed += n
        }
        return (reader, body, consumed)
    }

    func testChunkedBodyInPiecesWithExtensionsAndTrailers() throws {
        let whole = "1\r\n{\r\n1;ext=1\r\n}\r\n0\r\nTrailer: x\r\n\r\n"
        // Any split of the input gives the same body.
        for split in 0...whole.utf8.count {
            let bytes = Array(whole.utf8)
            let (reader, body, consumed) = try read([String(decoding: bytes[..<split], as: UTF8.self),
                                                     String(decoding: bytes[split...], as: UTF8.self)])
            XCTAssertTrue(reader.isDone)
            XCTAssertEqual(String(decoding: body, as: UTF8.self), "{}")
            XCTAssertEqual(consumed, bytes.count)
        }
    }

    func testChunkedBodyOverTheLimitIsCountedNotKept() throws {
        let (reader, body, _) = try read(["a\r\n0123456789\r\n0\r\n\r\n"], limit: 5)
        XCTAssertTrue(reader.isDone)
        XCTAssertTrue(reader.overLimit)
        XCTAssertEqual(body, [])
    }

    func testMalformedChunksAreRefused() {
        for bad in ["zz\r\n", "1\r\nab\r\n", ";x\r\n", "123456789\r\n", String(repeating: "1", count: 3) + String(repeating: " ", count: 70)] {
            XCTAssertThrowsError(try read([bad]), bad.debugDescription)
        }
    }

    /// The two masks hold exactly RFC 9110's tchar set.
    func testTokenBytesAreRFC9110Tchars() {
        let tchars = Set(Array("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8))
        for byte in 0...255 {
            XCTAssertEqual(HTTP1Parser.isTokenByte(UInt8(byte)), tchars.contains(UInt8(byte)), "byte \(byte)")
        }
    }

    /// The eight-byte control-byte test agrees with the byte-by-byte one, and a control byte
    /// anywhere in a long value (or a tab, which is allowed) is judged as before.
    func testControlBytesInValuesEightAtATime() {
        var rng = SplitMix64(seed: 9110)
        for _ in 0..<20_000 {
            var word: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) {
                // Mostly printable bytes, sometimes a control byte, 0x7F or a high byte.
                let pick = rng.next(upTo: 10)
                let byte: UInt64 = pick == 0 ? rng.next(upTo: 0x20) : pick == 1 ? 0x7F : pick == 2 ? 0x80 + rng.next(upTo: 0x80) : 0x20 + rng.next(upTo: 0x5F)
                word |= byte << UInt64(shift)
            }
            let expected = (0..<8).contains { i in
                let byte = UInt8(truncatingIfNeeded: word >> UInt64(8 * i))
                return byte < 0x20 || byte == 0x7F
            }
            XCTAssertEqual(HTTP1Parser.hasControlByte(word), expected, String(word, radix: 16))
        }
        let long = String(repeating: "abcdefgh", count: 8)
        for position in [0, 5, 8, 30, 63] {
            var value = Array(long.utf8)
            value[position] = 0x01
            assertInvalid("GET / HTTP/1.1\r\nX: \(String(decoding: value, as: UTF8.self))\r\n\r\n")
            value[position] = 0x09
            XCTAssertNotNil(head("GET / HTTP/1.1\r\nX: \(String(decoding: value, as: UTF8.self))\r\n\r\n"))
        }
    }
}
