/// `x-amzn-RequestId` values: random version-4 UUIDs in lower case, the form the service sends.
///
/// Foundation's `UUID().uuidString.lowercased()` cost about 1.3% of a GetItem; the server draws
/// ids from a per-connection `RequestIds` instead (seeded from the system, no syscall per id).
struct RequestIds {
    var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// SplitMix64: a full-period generator with well-mixed output, enough for unique ids.
    mutating func next64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> String { Self.format(next64(), next64()) }

    /// One id from the system generator, for callers without a connection (tests, embedders).
    static func random() -> String {
        var system = SystemRandomNumberGenerator()
        return format(system.next(), system.next())
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx` from 128 random bits.
    static func format(_ high: UInt64, _ low: UInt64) -> String {
        let high = (high & ~0xF000) | 0x4000  // version 4
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // variant 10
        return String(unsafeUninitializedCapacity: 36) { out in
            hexDigits.withUnsafeBufferPointer { hex in
                var position = 0
                for nibble in 0..<32 {
                    if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    let word = nibble < 16 ? high : low
                    out[position] = hex[Int((word >> UInt64(60 - 4 * (nibble % 16))) & 0xF)]
                    position += 1
                }
            }
            return 36
        }
    }
}
