import XCTest
@testable import AWSSigV4

final class SHA256Tests: XCTestCase {
    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
    func testNISTVectors() {
        let vectors: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ]
        for (message, digest) in vectors {
            XCTAssertEqual(SHA256.hash(message).hex, digest, message)
            XCTAssertEqual(SHA256.hash(Array(message.utf8)).hex, digest, message)
        }
    }

    func testOneMillionAs() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        XCTAssertEqual(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex, expected)
        // The same in uneven pieces, so partial blocks are carried between updates.
        var hasher = SHA256()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        var fed = 0
        var size = 1
        while fed < 1_000_000 {
            let take = min(size, piece.count, 1_000_000 - fed)
            piece[0..<take].withUnsafeBytes { hasher.update($0) }
            fed += take
            size = size % 997 + 7
        }
        XCTAssertEqual(hasher.finalize().hex, expected)
    }

    /// Every length around the padding boundaries, split at every point, agrees with one update.
    func testPaddingBoundariesAndSplits() {
        let bytes = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 200] {
            let whole = SHA256.hash(Array(bytes[0..<length]))
            for split in 0...length {
                var hasher = SHA256()
                hasher.update(Array(bytes[0..<split]))
                hasher.update(Array(bytes[split..<length]))
                XCTAssertEqual(hasher.finalize(), whole, "length \(length) split \(split)")
            }
        }
        // Python's hashlib.sha256(bytes(range(64))).hexdigest()
        XCTAssertEqual(SHA256.hash((0..<64).map { UInt8($0) }).hex,
                       "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108")
    }

    /// RFC 4231, test cases 1-7 (case 5 is compared on its first 128 bits, as the RFC does).
    func testRFC4231HMACVectors() {
        let cases: [(key: [UInt8], data: [UInt8], mac: String)] = [
            ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (Array(1...25), [UInt8](repeating: 0xcd, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            ([UInt8](repeating: 0x0c, count: 20), Array("Test With Truncation".utf8),
             "a3b6167473100ee06e0c796c2955552b"),
            ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            ([UInt8](repeating: 0xaa, count: 131),
             Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for (number, test) in cases.enumerated() {
            let mac = HMACKey(test.key).authenticate(test.data).hex
            XCTAssertEqual(String(mac.prefix(test.mac.count)), test.mac, "RFC 4231 case \(number + 1)")
        }
        // A key of exactly one block is used as it is, not hashed.
        let blockKey = HMACKey([UInt8](repeating: 0x61, count: 64))
        // Python: hmac.new(b"a" * 64, b"abc", hashlib.sha256).hexdigest()
        XCTAssertEqual(blockKey.authenticate("abc").hex, "6608ac82dca1cb1fddbb5d81e3d9877642b744f565cd9697ac27daa250c80d28")
    }

    func testDigestBytesAndHexAgree() {
        let digest = SHA256.hash("abc")
        XCTAssertEqual(digest.bytes.count, 32)
        let hex = digest.bytes.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        XCTAssertEqual(hex, digest.hex)
    }
}
