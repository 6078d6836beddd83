/// SigV4 signature verification, as pure functions: the request's parts, the parsed
/// `Authorization`, the secret and the current time in, nil or the failure out.
/// Steps follow "Create a signed AWS API request" (AWS General Reference, SigV4); each was
/// checked against the AWS SigV4 test suite (Tests/AWSSigV4Tests/SignatureVectorTests.swift).
public enum SigV4 {
    /// How far the request time may be from the server's clock. The service says "15 min." in
    /// DynamoDB's skew errors (reports from 2014 to 2024); other services use 5 minutes.
    public static let maxClockSkew: Int64 = 15 * 60
    static let unsignedPayload = "UNSIGNED-PAYLOAD"

    public enum Failure: Error, Sendable, Equatable {
        /// Neither `X-Amz-Date` nor `Date` names a real time (the header checks passed the form).
        case malformedDate(String)
        /// The request time is more than `maxClockSkew` before now; times in basic format.
        case expired(signed: String, earliest: String, now: String)
        /// The request time is more than `maxClockSkew` after now.
        case notYetCurrent(signed: String, latest: String, now: String)
        /// The access key is not in the credentials file.
        case unknownAccessKey
        /// The signature does not match the one computed with the key's secret.
        case signatureMismatch
        /// `x-amz-content-sha256` is neither the body's hash nor UNSIGNED-PAYLOAD.
        case contentSHA256Mismatch
    }

    /// Verifies a request in the service's order: the clock first (the service reports a skewed
    /// request even for an unknown key: Scylla's Alternator tests, run against DynamoDB), then
    /// the key, the signature, and last the body against `x-amz-content-sha256`.
    ///
    /// `uri` is the request target as received (path and query, still percent-encoded);
    /// `secret` is nil for an unknown access key; `now` is seconds since 1970.
    public static func verify<Headers: Sequence<(name: String, value: String)>>(
        method: String, uri: String, headers: Headers, body: [UInt8], authorization: Authorization,
        secret: String?, now: Int64, keys: SigningKeyCache? = nil, normalizePath: Bool = true
    ) -> Failure? {
        let time: (text: String, seconds: Int64)
        switch requestTime(headers) {
        case .success(let found): time = found
        case .failure(let failure): return failure
        }
        if let skewed = checkClock(signed: time.seconds, now: now) { return skewed }
        guard let secret else { return .unknownAccessKey }

        let declared = firstValue(headers, "x-amz-content-sha256")
        var bodyHash: SHA256.Digest?
        let payloadHash: String
        if let declared {
            payloadHash = declared
        } else {
            let digest = SHA256.hash(body)
            bodyHash = digest
            payloadHash = digest.hex
        }

        var hasher = SHA256()
        writeCanonicalRequest(into: &hasher, method: method, uri: uri, headers: headers,
                              signedHeaders: authorization.signedHeaders, payloadHash: payloadHash,
                              normalizePath: normalizePath)
        let credential = authorization.credential
        let key = keys?.key(secret: secret, date: credential.date, region: credential.region, service: credential.service)
            ?? signingKey(secret: secret, date: credential.date, region: credential.region, service: credential.service)
        var message = key.start()
        writeStringToSign(into: &message, requestTime: time.text, credential: credential, canonicalRequestHash: hasher.finalize())
        let matches = key.finish(message).withHex { constantTimeEquals($0, authorization.signature) }
        guard matches else { return .signatureMismatch }

        // The docs define UNSIGNED-PAYLOAD for S3; accepting it here keeps generic signers working.
        if let declared, declared != unsignedPayload {
            let digest = bodyHash ?? SHA256.hash(body)
            guard digest.withHex({ constantTimeEquals($0, declared) }) else { return .contentSHA256Mismatch }
        }
        return nil
    }

    /// The signed time: `X-Amz-Date`, or else `Date` (SigV4 prefers X-Amz-Date), with its text
    /// in basic format as it goes into the string to sign.
    static func requestTime<Headers: Sequence<(name: String, value: String)>>(_ headers: Headers) -> Result<(text: String, seconds: Int64), Failure> {
        if let amzDate = firstValue(headers, "x-amz-date") {
            guard let seconds = Timestamp.parseBasic(amzDate) else { return .failure(.malformedDate(amzDate)) }
            return .success((amzDate, seconds))
        }
        if let date = firstValue(headers, "date") {
            guard let seconds = Timestamp.parseHTTPDate(date) ?? Timestamp.parseBasic(date) else { return .failure(.malformedDate(date)) }
            return .success((Timestamp.formatBasic(seconds), seconds))
        }
        return .failure(.malformedDate(""))
    }

    /// Nil when `signed` is within `maxClockSkew` of `now` (the bounds themselves are allowed).
    public static func checkClock(signed: Int64, now: Int64) -> Failure? {
        if signed < now - maxClockSkew {
            return .expired(signed: Timestamp.formatBasic(signed), earliest: Timestamp.formatBasic(now - maxClockSkew),
                            now: Timestamp.formatBasic(now))
        }
        if signed > now + maxClockSkew {
            return .notYetCurrent(signed: Timestamp.formatBasic(signed), latest: Timestamp.formatBasic(now + maxClockSkew),
                                  now: Timestamp.formatBasic(now))
        }
        return nil
    }

    // MARK: The signature's parts

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    public static func signingKey(secret: String, date: String, region: String, service: String) -> HMACKey {
        let kDate = HMACKey(Array(("AWS4" + secret).utf8)).authenticate(date)
        let kRegion = HMACKey(kDate).authenticate(region)
        let kService = HMACKey(kRegion).authenticate(service)
        return HMACKey(HMACKey(kService).authenticate(Authorization.terminator))
    }

    /// The canonical request as text (for tests and diagnostics; `verify` hashes it as it goes).
    public static func canonicalRequest<Headers: Sequence<(name: String, value: String)>>(
        method: String, uri: String, headers: Headers, signedHeaders: [String], payloadHash: String, normalizePath: Bool = true
    ) -> String {
        var collector = ByteCollector()
        writeCanonicalRequest(into: &collector, method: method, uri: uri, headers: headers,
                              signedHeaders: signedHeaders, payloadHash: payloadHash, normalizePath: normalizePath)
        return String(decoding: collector.bytes, as: UTF8.self)
    }

    public static func stringToSign(requestTime: String, credential: Authorization.Credential, canonicalRequest: String) -> String {
        var collector = ByteCollector()
        writeStringToSign(into: &collector, requestTime: requestTime, credential: credential,
                          canonicalRequestHash: SHA256.hash(canonicalRequest))
        return String(decoding: collector.bytes, as: UTF8.self)
    }

    /// The hex signature of a string to sign.
    public static func signature(stringToSign: String, secret: String, credential: Authorization.Credential) -> String {
        signingKey(secret: secret, date: credential.date, region: credential.region, service: credential.service)
            .authenticate(stringToSign).hex
    }

    /// Method, canonical URI, canonical query, canonical headers, signed headers and payload hash,
    /// one per line (the headers block ends with an empty line).
    static func writeCanonicalRequest<Sink: ByteSink, Headers: Sequence<(name: String, value: String)>>(
        into sink: inout Sink, method: String, uri: String, headers: Headers, signedHeaders: [String],
        payloadHash: String, normalizePath: Bool
    ) {
        sink.write(method)
        sink.write(byte: newline)
        withBytes(uri) { target in
            let questionMark = target.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex
            writeCanonicalPath(into: &sink, UnsafeRawBufferPointer(rebasing: target[..<questionMark]), normalize: normalizePath)
            sink.write(byte: newline)
            if questionMark < target.endIndex {
                writeCanonicalQuery(into: &sink, UnsafeRawBufferPointer(rebasing: target[(questionMark + 1)...]))
            }
            sink.write(byte: newline)
        }
        for name in signedHeaders {
            sink.write(name)
            sink.write(byte: UInt8(ascii: ":"))
            var first = true
            // Repeated headers are joined with commas in the order they arrived.
            for header in headers where asciiLowercaseEquals(header.name, name) {
                if !first { sink.write(byte: UInt8(ascii: ",")) }
                first = false
                writeTrimmedValue(into: &sink, header.value)
            }
            sink.write(byte: newline)
        }
        sink.write(byte: newline)
        for (index, name) in signedHeaders.enumerated() {
            if index > 0 { sink.write(byte: UInt8(ascii: ";")) }
            sink.write(name)
        }
        sink.write(byte: newline)
        sink.write(payloadHash)
    }

    static func writeStringToSign<Sink: ByteSink>(into sink: inout Sink, requestTime: String, credential: Authorization.Credential,
                                                  canonicalRequestHash: SHA256.Digest) {
        sink.write(Authorization.algorithm)
        sink.write(byte: newline)
        sink.write(requestTime)
        sink.write(byte: newline)
        sink.write(credential.date)
        sink.write(byte: UInt8(ascii: "/"))
        sink.write(credential.region)
        sink.write(byte: UInt8(ascii: "/"))
        sink.write(credential.service)
        sink.write(byte: UInt8(ascii: "/"))
        sink.write(Authorization.terminator)
        sink.write(byte: newline)
        canonicalRequestHash.withHex { sink.write($0) }
    }

    /// The path as received, normalised (empty and "." segments dropped, ".." applied, as for
    /// every service but S3) and URI-encoded once more: clients encode the path for the wire and
    /// again for the canonical request, so the encoded wire form is what gets encoded here.
    static func writeCanonicalPath<Sink: ByteSink>(into sink: inout Sink, _ path: UnsafeRawBufferPointer, normalize: Bool) {
        if path.count == 1, path[0] == UInt8(ascii: "/") { return sink.write(byte: UInt8(ascii: "/")) }
        guard normalize else {
            if path.isEmpty { return sink.write(byte: UInt8(ascii: "/")) }
            return writeEncoded(into: &sink, path, keepSlash: true)
        }
        var segments: [Range<Int>] = []
        var start = 0
        for position in 0...path.count where position == path.count || path[position] == UInt8(ascii: "/") {
            let segment = start..<position
            start = position + 1
            if segment.isEmpty || (segment.count == 1 && path[segment.lowerBound] == UInt8(ascii: ".")) { continue }
            if segment.count == 2, path[segment.lowerBound] == UInt8(ascii: "."), path[segment.lowerBound + 1] == UInt8(ascii: ".") {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        for segment in segments {
            sink.write(byte: UInt8(ascii: "/"))
            writeEncoded(into: &sink, UnsafeRawBufferPointer(rebasing: path[segment]), keepSlash: false)
        }
        if segments.isEmpty || path.last == UInt8(ascii: "/") { sink.write(byte: UInt8(ascii: "/")) }
    }

    /// Parameters decoded and re-encoded (so "%E1%88%B4" and "ሴ" agree), sorted by name, then value.
    static func writeCanonicalQuery<Sink: ByteSink>(into sink: inout Sink, _ query: UnsafeRawBufferPointer) {
        var parameters: [(name: [UInt8], value: [UInt8])] = []
        for piece in query.split(separator: UInt8(ascii: "&")) {
            let equals = piece.firstIndex(of: UInt8(ascii: "=")) ?? piece.endIndex
            let value = equals < piece.endIndex ? piece[(equals + 1)...] : piece[equals...]
            parameters.append((encoded(percentDecoded(piece[..<equals])), encoded(percentDecoded(value))))
        }
        parameters.sort { $0.name != $1.name ? $0.name.lexicographicallyPrecedes($1.name) : $0.value.lexicographicallyPrecedes($1.value) }
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { sink.write(byte: UInt8(ascii: "&")) }
            parameter.name.withUnsafeBytes { sink.write($0) }
            sink.write(byte: UInt8(ascii: "="))
            parameter.value.withUnsafeBytes { sink.write($0) }
        }
    }

    /// A header value without leading or trailing blanks, inner runs of blanks as one space.
    static func writeTrimmedValue<Sink: ByteSink>(into sink: inout Sink, _ value: String) {
        withBytes(value) { bytes in
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            var index = 0
            var wroteAny = false
            while index < bytes.count {
                while index < bytes.count, isBlank(bytes[index]) { index += 1 }
                guard index < bytes.count else { break }
                let start = index
                while index < bytes.count, !isBlank(bytes[index]) { index += 1 }
                if wroteAny { sink.write(byte: 0x20) }
                sink.write(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                wroteAny = true
            }
        }
    }

    // MARK: Bytes

    static let newline = UInt8(ascii: "\n")

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// RFC 3986 encoding with uppercase hex, every byte but the unreserved ones (and '/' in paths).
    static func writeEncoded<Sink: ByteSink>(into sink: inout Sink, _ bytes: UnsafeRawBufferPointer, keepSlash: Bool) {
        var runStart = 0
        for (index, byte) in bytes.enumerated() where !(isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/"))) {
            if runStart < index { sink.write(UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])) }
            let escape = (UInt8(ascii: "%"), upperHex[Int(byte >> 4)], upperHex[Int(byte & 0x0f)])
            withUnsafeBytes(of: escape) { sink.write($0) }
            runStart = index + 1
        }
        if runStart < bytes.count { sink.write(UnsafeRawBufferPointer(rebasing: bytes[runStart...])) }
    }

    static func encoded(_ bytes: [UInt8]) -> [UInt8] {
        var collector = ByteCollector()
        bytes.withUnsafeBytes { writeEncoded(into: &collector, $0, keepSlash: false) }
        return collector.bytes
    }

    /// `%XX` escapes decoded; anything else (including '+' and a malformed escape) kept as it is.
    static func percentDecoded(_ bytes: Slice<UnsafeRawBufferPointer>) -> [UInt8] {
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                result.append(high << 4 | low)
                index += 3
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func firstValue<Headers: Sequence<(name: String, value: String)>>(_ headers: Headers, _ lowercaseName: String) -> String? {
        for header in headers where asciiLowercaseEquals(header.name, lowercaseName) { return header.value }
        return nil
    }

    /// Whether `name`, lowercased as ASCII, is `lowercase`.
    static func asciiLowercaseEquals(_ name: String, _ lowercase: String) -> Bool {
        // The count of a native string's UTF-8 view is stored, so most names are told apart here.
        guard name.utf8.count == lowercase.utf8.count else { return false }
        var name = name.utf8.makeIterator()
        for expected in lowercase.utf8 {
            guard var byte = name.next() else { return false }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 0x20 }
            if byte != expected { return false }
        }
        return name.next() == nil
    }

    /// Compares the computed hex with the provided text in time that depends only on the length,
    /// so a client cannot find the signature byte by byte.
    static func constantTimeEquals(_ computed: UnsafeRawBufferPointer, _ provided: String) -> Bool {
        withBytes(provided) { provided in
            guard provided.count == computed.count else { return false }
            var difference: UInt8 = 0
            for i in 0..<computed.count { difference |= computed[i] ^ provided[i] }
            return difference == 0
        }
    }
}

/// Where the canonical request and the string to sign are written: straight into a hasher on
/// the request path, into an array for tests.
protocol ByteSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer)
}

extension ByteSink {
    mutating func write(byte: UInt8) {
        withUnsafeBytes(of: byte) { write($0) }
    }

    mutating func write(_ text: String) {
        withBytes(text) { write($0) }
    }
}

extension SHA256: ByteSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer) { update(bytes) }
}

struct ByteCollector: ByteSink {
    var bytes: [UInt8] = []
    mutating func write(_ bytes: UnsafeRawBufferPointer) { self.bytes.append(contentsOf: bytes) }
}

/// The UTF-8 bytes of `text` without copying when it is stored contiguously (native strings are).
func withBytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
    return Array(text.utf8).withUnsafeBytes(body)
}
