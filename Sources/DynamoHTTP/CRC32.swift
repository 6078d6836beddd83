import CCRC32

/// CRC-32 (IEEE 802.3), as the `x-amz-crc32` header carries it: the SDKs check it against the body bytes.
public enum CRC32 {
    /// Bodies of 64 bytes or more are folded with carry-less multiplication where the CPU has it
    /// (CCRC32): a 25-item Query's 6 KB body took 12.7k instructions with the tables (5% of the
    /// request), and a 1 MB Scan page 2.9M. The tables finish the last 0–15 bytes, and do it all
    /// elsewhere.
    static let foldAvailable = dynamolocal_crc32_fold_available() != 0

    /// Slice-by-16: table k maps a byte to its CRC contribution k bytes further on, so a step
    /// folds sixteen bytes with sixteen independent look-ups instead of sixteen dependent ones.
    /// (Slice-by-8 took 3.6 instructions a byte, 7% of a 25-item Query's; this takes 2.8.)
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 16 * 256)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            tables[index] = crc
        }
        for table in 1..<16 {
            for index in 0..<256 {
                let previous = tables[(table - 1) * 256 + index]
                tables[table * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        if let crc = bytes.withContiguousStorageIfAvailable({ checksum(buffer: $0) }) { return crc }
        return Array(bytes).withUnsafeBufferPointer { checksum(buffer: $0) }
    }

    static func checksum(buffer bytes: UnsafeBufferPointer<UInt8>, fold: Bool = foldAvailable) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        var index = 0
        if fold, bytes.count >= 64, let base = bytes.baseAddress {
            crc = dynamolocal_crc32_fold(crc, base, bytes.count)
            index = bytes.count & ~15
        }
        tables.withUnsafeBufferPointer { t in
            while bytes.count - index >= 16 {
                let one = crc ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                    | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
                crc = t[15 * 256 + Int(one & 0xFF)] ^ t[14 * 256 + Int((one >> 8) & 0xFF)]
                    ^ t[13 * 256 + Int((one >> 16) & 0xFF)] ^ t[12 * 256 + Int(one >> 24)]
                    ^ t[11 * 256 + Int(bytes[index + 4])] ^ t[10 * 256 + Int(bytes[index + 5])]
                    ^ t[9 * 256 + Int(bytes[index + 6])] ^ t[8 * 256 + Int(bytes[index + 7])]
                    ^ t[7 * 256 + Int(bytes[index + 8])] ^ t[6 * 256 + Int(bytes[index + 9])]
                    ^ t[5 * 256 + Int(bytes[index + 10])] ^ t[4 * 256 + Int(bytes[index + 11])]
                    ^ t[3 * 256 + Int(bytes[index + 12])] ^ t[2 * 256 + Int(bytes[index + 13])]
                    ^ t[1 * 256 + Int(bytes[index + 14])] ^ t[Int(bytes[index + 15])]
                index += 16
            }
            while index < bytes.count {
                crc = t[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
