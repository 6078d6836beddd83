import XCTest
@testable import DynamoHTTP

final class CRC32Tests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum(Array("{}".utf8)), 2_745_614_147)
        XCTAssertEqual(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)), 0x414F_A339)
    }

    /// The carry-less-multiplication fold must agree with the tables at every length from 64 on
    /// (four blocks at once, single blocks, a tail of 0–15 bytes) and at every alignment.
    func testTheFoldAgreesWithTheTables() throws {
        try XCTSkipUnless(CRC32.foldAvailable, "this CPU has no PCLMULQDQ")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBufferPointer { all in
            for length in Array(0..<600) + [4_095, 4_096, 65_536, 69_999] {
                for offset in [0, 1, 7] where offset + length <= all.count {
                    let slice = UnsafeBufferPointer(rebasing: all[offset..<offset + length])
                    XCTAssertEqual(CRC32.checksum(buffer: slice, fold: true), CRC32.checksum(buffer: slice, fold: false),
                                   "length \(length), offset \(offset)")
                }
            }
        }
        let zeros = [UInt8](repeating: 0, count: 1_000), ones = [UInt8](repeating: 0xFF, count: 1_000)
        for block in [zeros, ones] {
            block.withUnsafeBufferPointer {
                XCTAssertEqual(CRC32.checksum(buffer: $0, fold: true), CRC32.checksum(buffer: $0, fold: false))
            }
        }
    }

    /// Slice-by-16 must agree with the bitwise definition at every length and alignment.
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
