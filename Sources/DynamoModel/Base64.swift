/// Standard Base64 (RFC 4648 alphabet, '=' padding), as DynamoDB carries B and BS values.
///
/// Decoding is strict, as the service is (dynalite's recordings): the length must be a multiple
/// of 4, only the alphabet is allowed, '=' only as the last one or two characters, and the bits
/// the padding drops must be zero ("YR==" is rejected: "Invalid last non-pad Base64 character").
///
/// DynamoDB Local 1.13.5 differs (Jackson's decoder): it accepts characters <= 0x20 before each
/// 4-character group and at the end (" YQ==", "YQ==\n", "YWJj\u{0}"), padding inside the text
/// ("YQ==YQ==" is "aa") and nonzero dropped bits ("YR==" is "a"); what it rejects ("YQ", "YQ=",
/// "YQ ==", "-_-_", "Y===", "YQ=a", "abcdé") fails with HTTP 500 InternalFailure, "The request
/// processing has failed because of an unknown error, exception or failure.".
public enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Byte -> 6-bit value; 0xFF for anything outside the alphabet (including '=').
    static let decoding: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        let length = encodedCount(bytes.count)
        if length == 0 { return "" }
        return bytes.withUnsafeBytes { input in
            String(unsafeUninitializedCapacity: length) { encode(input, into: $0.baseAddress!) }
        }
    }

    /// The length of the encoding of `count` bytes.
    public static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Writes the encoding of `input` at `out` (`encodedCount` bytes), and returns its length.
    public static func encode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
        alphabet.withUnsafeBufferPointer { table in
            var i = 0, k = 0
            let full = input.count - input.count % 3
            while i < full {
                let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                out[k] = table[Int(v >> 18)]
                out[k + 1] = table[Int(v >> 12 & 63)]
                out[k + 2] = table[Int(v >> 6 & 63)]
                out[k + 3] = table[Int(v & 63)]
                i += 3; k += 4
            }
            switch input.count - full {
            case 1:
                let v = UInt32(input[i]) << 16
                out[k] = table[Int(v >> 18)]
                out[k + 1] = table[Int(v >> 12 & 63)]
                out[k + 2] = UInt8(ascii: "=")
                out[k + 3] = UInt8(ascii: "=")
                k += 4
            case 2:
                let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
                out[k] = table[Int(v >> 18)]
                out[k + 1] = table[Int(v >> 12 & 63)]
                out[k + 2] = table[Int(v >> 6 & 63)]
                out[k + 3] = UInt8(ascii: "=")
                k += 4
            default:
                break
            }
            return k
        }
    }

    /// The bytes, or nil when DynamoDB rejects the text (see the type's comment).
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    public static func decode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = input.count
        if n == 0 { return [] }
        guard n % 4 == 0 else { return nil }
        let pad = input[n - 1] == UInt8(ascii: "=") ? (input[n - 2] == UInt8(ascii: "=") ? 2 : 1) : 0
        let outCount = n / 4 * 3 - pad
        return decoding.withUnsafeBufferPointer { table -> [UInt8]? in
            var valid = true
            let result = [UInt8](unsafeUninitializedCapacity: outCount) { out, initialized in
                var i = 0, k = 0
                let fullEnd = pad == 0 ? n : n - 4
                var bad: UInt8 = 0
                while i < fullEnd {
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                    let c = table[Int(input[i + 2])], d = table[Int(input[i + 3])]
                    bad |= a | b | c | d  // 0xFF marks a character outside the alphabet
                    let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out[k] = UInt8(truncatingIfNeeded: v >> 16)
                    out[k + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    out[k + 2] = UInt8(truncatingIfNeeded: v)
                    i += 4; k += 3
                }
                if bad & 0xC0 != 0 { valid = false; initialized = k; return }
                if pad > 0 {
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                    if pad == 2 {
                        // "xx==": 12 bits, the low 4 must be zero.
                        if (a | b) & 0xC0 != 0 || b & 0x0F != 0 { valid = false; initialized = k; return }
                        out[k] = a << 2 | b >> 4
                        k += 1
                    } else {
                        // "xxx=": 18 bits, the low 2 must be zero.
                        let c = table[Int(input[i + 2])]
                        if (a | b | c) & 0xC0 != 0 || c & 0x03 != 0 { valid = false; initialized = k; return }
                        out[k] = a << 2 | b >> 4
                        out[k + 1] = b << 4 | c >> 2
                        k += 2
                    }
                }
                initialized = k
            }
            return valid ? result : nil
        }
    }
}
