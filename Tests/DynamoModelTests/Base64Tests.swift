import Foundation
import XCTest
@testable import DynamoModel
import TestSupport

final class Base64Tests: XCTestCase {
    func testRFC4648Vectors() {
        let vectors: [(String, String)] = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base64.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(Base64.decode(encoded), Array(plain.utf8))
        }
        XCTAssertEqual(Base64.encode([0xFB, 0xFF, 0xBF]), "+/+/")
        XCTAssertEqual(Base64.decode("+/+/"), [0xFB, 0xFF, 0xBF])
        XCTAssertEqual(Base64.decode("/w=="), [0xFF])
        XCTAssertEqual(Base64.decode("ABCD"), [0x00, 0x10, 0x83])
        XCTAssertEqual(Base64.decode("AAAA"), [0, 0, 0])
    }

    func testRoundTripAgainstFoundation() {
        var rng = SplitMix64(seed: 3)
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let encoded = Base64.encode(bytes)
            XCTAssertEqual(encoded, Data(bytes).base64EncodedString())
            XCTAssertEqual(Base64.decode(encoded), bytes)
        }
        let all = (0...255).map { UInt8($0) }
        XCTAssertEqual(Base64.decode(Base64.encode(all)), all)
        XCTAssertEqual(Base64.decode(Base64.encode(all.reversed())), all.reversed())
    }

    /// The service rejects these (dynalite: a length that is not a multiple of 4, or "Invalid last
    /// non-pad Base64 character dectected" for anything that does not re-encode to itself).
    /// DynamoDB Local 1.13.5 answers HTTP 500 InternalFailure for most of them and accepts some
    /// (marked "DDB Local accepts"), as Jackson's decoder does.
    func testRejected() {
        let cases = [
            "YQ", "YQ=", "YWI", "A", "AB", "ABC", "YWJjZA=", "YWJjZA",       // length
            "=", "==", "====", "Y===", "YQ=a", "Y=Q=", "=+/=", "YQ====",      // misplaced padding
            "-_-_", "_w==", "****", "abcdé", "YWJé",                          // outside the alphabet
            "Y\nQ==", "YQ ==", "YW Jj", "YQ=\n=", "Y Q = =", "YQ\n", "YQ  ", // whitespace inside
            "YR==", "YWJ=", "/x==", "Zm9=", "Zh==", "+/+=",                   // DDB Local accepts: nonzero dropped bits
            "YQ==YQ==", "AB==CD==", "YQ==YQ",                                 // DDB Local accepts the first two: padding inside
            "YQ==\n", " YQ==", "\r\nYQ==", "YQ==\t", "YWJj ", "YWJj\u{0}", "  ", "\n\n\n\n", // DDB Local accepts: outer whitespace
        ]
        for text in cases {
            XCTAssertNil(Base64.decode(text), text.debugDescription)
        }
    }

    func testEveryInvalidByteIsRejected() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for byte in 0...255 where !alphabet.contains(UInt8(byte)) {
            for position in 0..<4 {
                var bytes = Array("QUJD".utf8)
                bytes[position] = UInt8(byte)
                let result = bytes.withUnsafeBufferPointer { Base64.decode($0) }
                XCTAssertNil(result, "byte \(byte) at \(position)")
            }
        }
    }

    func testEmpty() {
        XCTAssertEqual(Base64.decode(""), [])
        XCTAssertEqual(Base64.encode([]), "")
    }
}
