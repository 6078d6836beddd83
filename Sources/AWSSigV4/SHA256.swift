/// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), written here rather than taken from
/// swift-crypto, whose BoringSSL build would cost minutes in every CI run for two small
/// functions (docs/ARCHITECTURE.md, "Dependencies"). No Foundation and no allocation per call:
/// blocks are read straight from the caller's buffer and the partial block lives inline.
public struct SHA256: Sendable {
    /// A finished hash: the eight state words, most significant first.
    public struct Digest: Sendable, Hashable {
        var h0, h1, h2, h3, h4, h5, h6, h7: UInt32

        static let initial = Digest(h0: 0x6a09e667, h1: 0xbb67ae85, h2: 0x3c6ef372, h3: 0xa54ff53a,
                                    h4: 0x510e527f, h5: 0x9b05688c, h6: 0x1f83d9ab, h7: 0x5be0cd19)

        /// The 32 digest bytes, for as long as `body` runs.
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            let words = (h0.bigEndian, h1.bigEndian, h2.bigEndian, h3.bigEndian,
                         h4.bigEndian, h5.bigEndian, h6.bigEndian, h7.bigEndian)
            return try Swift.withUnsafeBytes(of: words, body)
        }

        /// The 64 lowercase hex digits, for as long as `body` runs.
        public func withHex<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { hex in
                withUnsafeBytes { bytes in
                    for (i, byte) in bytes.enumerated() {
                        hex[2 * i] = hexDigits[Int(byte >> 4)]
                        hex[2 * i + 1] = hexDigits[Int(byte & 0x0f)]
                    }
                }
                return try body(UnsafeRawBufferPointer(hex))
            }
        }

        public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
        public var hex: String { withHex { String(decoding: $0, as: UTF8.self) } }
    }

    var state = Digest.initial
    /// The pending bytes of an unfinished block (`bufferCount` of them).
    var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    var bufferCount = 0
    /// Bytes hashed so far.
    var length: UInt64 = 0

    public init() {}

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public static func hash(_ bytes: [UInt8]) -> Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    public static func hash(_ text: String) -> Digest {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.finalize()
    }

    public mutating func update(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        update(Array(text.utf8))
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ input: UnsafeRawBufferPointer) {
        guard !input.isEmpty, let base = input.baseAddress else { return }
        // Work on locals: the block buffer and the state are written in one closure.
        var state = self.state
        var buffer = self.buffer
        var pending = bufferCount
        var offset = 0
        let count = input.count
        withUnsafeMutableBytes(of: &buffer) { block in
            if pending > 0 {
                let take = min(64 - pending, count)
                (block.baseAddress! + pending).copyMemory(from: base, byteCount: take)
                pending += take
                offset = take
                guard pending == 64 else { return }
                Self.compress(&state, UnsafeRawPointer(block.baseAddress!))
                pending = 0
            }
            while count - offset >= 64 {
                Self.compress(&state, base + offset)
                offset += 64
            }
            if offset < count {
                block.baseAddress!.copyMemory(from: base + offset, byteCount: count - offset)
                pending = count - offset
            }
        }
        self.state = state
        self.buffer = buffer
        bufferCount = pending
        length &+= UInt64(count)
    }

    public mutating func finalize() -> Digest {
        var state = self.state
        var buffer = self.buffer
        let pending = bufferCount
        let bitLength = length &* 8
        withUnsafeMutableBytes(of: &buffer) { block in
            block[pending] = 0x80
            if pending >= 56 {
                for i in (pending + 1)..<64 { block[i] = 0 }
                Self.compress(&state, UnsafeRawPointer(block.baseAddress!))
                for i in 0..<56 { block[i] = 0 }
            } else {
                for i in (pending + 1)..<56 { block[i] = 0 }
            }
            block.storeBytes(of: bitLength.bigEndian, toByteOffset: 56, as: UInt64.self)
            Self.compress(&state, UnsafeRawPointer(block.baseAddress!))
        }
        return state
    }

    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    @inline(__always)
    static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// One 64-byte block into `state`.
    static func compress(_ state: inout Digest, _ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] &>> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] &>> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = state.h0, b = state.h1, c = state.h2, d = state.h3
            var e = state.h4, f = state.h5, g = state.h6, h = state.h7
            k.withUnsafeBufferPointer { k in
                for i in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ majority
                    h = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
            }
            state.h0 &+= a; state.h1 &+= b; state.h2 &+= c; state.h3 &+= d
            state.h4 &+= e; state.h5 &+= f; state.h6 &+= g; state.h7 &+= h
        }
    }
}

let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

/// An HMAC-SHA256 key with its padded blocks already hashed, so each message costs only the
/// message's blocks and one outer block (RFC 2104; a key over 64 bytes is hashed first).
public struct HMACKey: Sendable {
    var inner: SHA256
    var outer: SHA256

    public init(_ key: UnsafeRawBufferPointer) {
        var padded = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        inner = SHA256()
        outer = SHA256()
        withUnsafeMutableBytes(of: &padded) { block in
            if key.count > 64 {
                SHA256.hash(key).withUnsafeBytes { block.copyMemory(from: $0) }
            } else if !key.isEmpty {
                block.copyMemory(from: key)
            }
            for i in 0..<64 { block[i] ^= 0x36 }
            inner.update(UnsafeRawBufferPointer(block))
            for i in 0..<64 { block[i] ^= 0x36 ^ 0x5c }
            outer.update(UnsafeRawBufferPointer(block))
        }
    }

    public init(_ key: [UInt8]) {
        self = key.withUnsafeBytes { HMACKey($0) }
    }

    public init(_ key: SHA256.Digest) {
        self = key.withUnsafeBytes { HMACKey($0) }
    }

    /// A hasher primed with the inner key block: feed it the message, then call `finish`.
    public func start() -> SHA256 { inner }

    public func finish(_ started: SHA256) -> SHA256.Digest {
        var started = started
        var outer = self.outer
        started.finalize().withUnsafeBytes { outer.update($0) }
        return outer.finalize()
    }

    public func authenticate(_ message: UnsafeRawBufferPointer) -> SHA256.Digest {
        var hasher = inner
        hasher.update(message)
        return finish(hasher)
    }

    public func authenticate(_ message: [UInt8]) -> SHA256.Digest {
        message.withUnsafeBytes { authenticate($0) }
    }

    public func authenticate(_ message: String) -> SHA256.Digest {
        var hasher = inner
        hasher.update(message)
        return finish(hasher)
    }
}
