import XCTest
@testable import DynamoHTTP

final class CRC32Tests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum(Array("{}".utf8)), 2_745_614_147)
        XCTAssertEqual(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)), 0x414F_A339)
    }

    /// Slice-by-8 must agree with the bitwise definition at every length and alignment.
    func testAgreesWithTheBitwiseDefinition() {
        func bitwise(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        var generator = SystemRandomNumberGenerator()
        for length in 0..<100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            XCTAssertEqual(CRC32.checksum(bytes), bitwise(bytes), "length \(length)")
            XCTAssertEqual(CRC32.checksum(bytes.lazy.map { $0 }), bitwise(bytes), "non-contiguous, length \(length)")
            XCTAssertEqual(CRC32.checksum(bytes.dropFirst(min(3, length))), bitwise(Array(bytes.dropFirst(min(3, length)))))
        }
    }
}
