#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import DynamoModel

/// A parsed SigV4 `Authorization` header:
/// `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=a;b, Signature=hex`.
///
/// `check` applies the service's header checks in the service's order (recorded by dynalite against
/// the live service; DynamoDB Local 1.13.5 skips them). Signature verification, key ids and the
/// 15-minute clock window are checked only with `-verifySignatures` (`SigV4.verify`); by default a
/// local server accepts any credentials.
public struct Authorization: Sendable, Equatable {
    public static let algorithm = "AWS4-HMAC-SHA256"
    public static let service = "dynamodb"
    public static let terminator = "aws4_request"

    public struct Credential: Sendable, Equatable {
        public var accessKeyId: String
        public var date: String
        public var region: String
        public var service: String
        public var terminator: String
    }

    public var credential: Credential
    /// The SignedHeaders value in lower case, names separated by ';' (split only for verification).
    var signedHeaderList: String
    public var signature: String

    /// The signed header names, in lower case.
    public var signedHeaders: [String] { signedHeaderList.split(separator: ";").map(String.init) }

    public static func == (a: Authorization, b: Authorization) -> Bool {
        a.credential == b.credential && a.signedHeaders == b.signedHeaders && a.signature == b.signature
    }

    public init(credential: Credential, signedHeaders: [String], signature: String) {
        self.credential = credential
        self.signedHeaderList = signedHeaders.joined(separator: ";")
        self.signature = signature
    }

    init(credential: Credential, signedHeaderList: String, signature: String) {
        self.credential = credential
        self.signedHeaderList = signedHeaderList
        self.signature = signature
    }

    public enum ParseError: Error, Sendable, Equatable {
        /// No header, or a scheme that does not start with `AWS4-` (MissingAuthenticationTokenException).
        case missingToken
        /// Missing parameters (in the order Credential, Signature, SignedHeaders) and whether
        /// neither `X-Amz-Date` nor `Date` was sent (IncompleteSignatureException).
        case missingParameters([String], missingDate: Bool)
        /// `X-Amz-Date` is not `yyyyMMdd'T'HHmmss'Z'` (IncompleteSignatureException).
        case malformedDate(String)
        /// `host` is not among SignedHeaders (InvalidSignatureException).
        case hostNotSigned
        /// An `AWS4-` scheme other than AWS4-HMAC-SHA256 (IncompleteSignatureException).
        case unsupportedAlgorithm(String)
        /// `Credential=` does not have five '/'-separated parts (IncompleteSignatureException).
        case malformedCredential(String)
        /// The credential scope is wrong, each problem in the service's order (InvalidSignatureException).
        case invalidScope([ScopeProblem])
    }

    public enum ScopeProblem: Sendable, Equatable {
        case region(String)
        case service(String)
        case terminator(String)
        /// The scope's date differs from the first 8 characters of `X-Amz-Date`.
        case date(scope: String, amzDate: String)
    }

    /// Parses `header` and checks it together with the request's `X-Amz-Date` and `Date` headers.
    public static func check(_ header: String?, amzDate: String?, date: String?) -> Result<Authorization, ParseError> {
        guard var header else { return .failure(.missingToken) }
        return header.withUTF8 { check(bytes: $0, amzDate: amzDate, date: date) }
    }

    /// `check` over the header's bytes as received (nil: no header), without making it a String
    /// unless it is not ASCII. Every header a client sends is ASCII, and parsing its bytes costs a
    /// fraction of walking Characters.
    public static func check(bytes header: UnsafeBufferPointer<UInt8>?, amzDate: String?, date: String?) -> Result<Authorization, ParseError> {
        guard let header else { return .failure(.missingToken) }
        if let result = checkASCII(header, amzDate: amzDate, date: date) { return result }
        return checkCharacters(String(decoding: header, as: UTF8.self), amzDate: amzDate, date: date)
    }

    /// The reference implementation over Characters; it decides for headers that are not ASCII,
    /// where Unicode whitespace and grapheme clusters matter.
    static func checkCharacters(_ header: String, amzDate: String?, date: String?) -> Result<Authorization, ParseError> {
        let trimmed = header.trimmingSpaces()
        let scheme = trimmed.prefix { !$0.isWhitespace }
        guard scheme.hasPrefix("AWS4-") else { return .failure(.missingToken) }

        // Parameters are separated by commas or whitespace (the service accepts both).
        var parameters: [String: String] = [:]
        for piece in trimmed.dropFirst(scheme.count).split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = String(piece[..<equals])
            if parameters[name] == nil { parameters[name] = String(piece[piece.index(after: equals)...]) }
        }
        let missing = ["Credential", "Signature", "SignedHeaders"].filter { (parameters[$0] ?? "").isEmpty }
        let missingDate = amzDate == nil && date == nil
        guard missing.isEmpty, !missingDate else { return .failure(.missingParameters(missing, missingDate: missingDate)) }

        if let amzDate, !isBasicISO8601(amzDate) { return .failure(.malformedDate(amzDate)) }
        let signedHeaders = parameters["SignedHeaders"]!.split(separator: ";").map { $0.lowercased() }
        guard signedHeaders.contains("host") else { return .failure(.hostNotSigned) }
        guard scheme == algorithm else { return .failure(.unsupportedAlgorithm(String(scheme))) }

        let credentialText = parameters["Credential"]!
        // Trailing slashes are ignored when counting the parts.
        var scope = Substring(credentialText)
        while scope.last == "/" { scope = scope.dropLast() }
        let parts = scope.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else { return .failure(.malformedCredential(credentialText)) }

        var problems: [ScopeProblem] = []
        // Any region names a local database; only an empty one is refused.
        if parts[2].isEmpty { problems.append(.region(parts[2])) }
        if parts[3] != service { problems.append(.service(parts[3])) }
        if parts[4] != terminator { problems.append(.terminator(parts[4])) }
        if let amzDate, parts[1] != String(amzDate.prefix(8)) { problems.append(.date(scope: parts[1], amzDate: amzDate)) }
        guard problems.isEmpty else { return .failure(.invalidScope(problems)) }

        return .success(Authorization(
            credential: Credential(accessKeyId: parts[0], date: parts[1], region: parts[2], service: parts[3], terminator: parts[4]),
            signedHeaders: signedHeaders,
            signature: parameters["Signature"]!))
    }

    /// `yyyyMMdd'T'HHmmss'Z'`, the form SigV4 signs.
    static func isBasicISO8601(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return false }
            for index in 0..<15 where index != 8 {
                if bytes[index] < UInt8(ascii: "0") || bytes[index] > UInt8(ascii: "9") { return false }
            }
            return true
        }
    }

    /// `check` over the header's UTF-8 bytes, step for step; nil when the header is not ASCII.
    /// For ASCII text the two agree: whitespace is space and \t...\r, and the only multi-byte
    /// Character, "\r\n", is whitespace either way.
    static func checkASCII(_ bytes: UnsafeBufferPointer<UInt8>, amzDate: String?, date: String?) -> Result<Authorization, ParseError>? {
        // Eight bytes at a time: any byte with its top bit set is not ASCII.
        var scan = 0
        if let base = bytes.baseAddress {
            while scan + 8 <= bytes.count {
                if ByteWords.nonASCII(UnsafeRawPointer(base + scan).loadUnaligned(as: UInt64.self)) != 0 { return nil }
                scan += 8
            }
        }
        while scan < bytes.count {
            if bytes[scan] >= 0x80 { return nil }
            scan += 1
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        // The header is ASCII here, so lower-casing is per byte (String.lowercased() is Unicode's).
        func lowercased(_ range: Range<Int>) -> String {
            String(unsafeUninitializedCapacity: range.count) { out in
                // Eight bytes at a time: exact per byte for ASCII (each byte's top bit is set
                // before the subtractions, so no borrow crosses bytes); A-Z get 0x20 added.
                let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
                var start = 0
                while start + 8 <= range.count {
                    let word = UnsafeRawPointer(bytes.baseAddress! + range.lowerBound + start).loadUnaligned(as: UInt64.self)
                    let upper = ((word | high) &- ones &* 0x41) & ((ones &* 0x5A | high) &- word) & high
                    UnsafeMutableRawPointer(out.baseAddress! + start).storeBytes(of: word | (upper >> 2), as: UInt64.self)
                    start += 8
                }
                for i in start..<range.count {
                    let byte = bytes[range.lowerBound + i]
                    out[i] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return range.count
            }
        }
        func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
            range.count == literal.utf8CodeUnitCount && memcmp(bytes.baseAddress! + range.lowerBound, literal.utf8Start, range.count) == 0
        }

        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        var schemeEnd = start
        while schemeEnd < end, !isSpace(bytes[schemeEnd]) { schemeEnd += 1 }
        let scheme = start..<schemeEnd
        guard scheme.count >= 5, equals(start..<start + 5, "AWS4-") else { return .failure(.missingToken) }

        // The first value of each parameter we read; pieces are separated by commas or whitespace.
        var credential: Range<Int>?, signature: Range<Int>?, signed: Range<Int>?
        var index = schemeEnd
        while index < end {
            let pieceStart = index
            // Eight bytes at a time while none can end the piece (a comma, a space, or a byte
            // below 14: \t...\r, or a control byte, which the byte loop then decides); the byte
            // loop here was half of this function's 3,900 instructions per request (callgrind).
            while index + 8 <= end {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if ByteWords.equal(word, UInt8(ascii: ",")) | ByteWords.equal(word, UInt8(ascii: " ")) | ByteWords.below(word, 14) != 0 { break }
                index += 8
            }
            while index < end, bytes[index] != UInt8(ascii: ","), !isSpace(bytes[index]) { index += 1 }
            let piece = pieceStart..<index
            index += 1
            guard let sign = piece.first(where: { bytes[$0] == UInt8(ascii: "=") }) else { continue }
            let name = pieceStart..<sign, value = sign + 1..<piece.upperBound
            if credential == nil, equals(name, "Credential") {
                credential = value
            } else if signature == nil, equals(name, "Signature") {
                signature = value
            } else if signed == nil, equals(name, "SignedHeaders") {
                signed = value
            }
        }
        var missing: [String] = []
        if credential?.isEmpty ?? true { missing.append("Credential") }
        if signature?.isEmpty ?? true { missing.append("Signature") }
        if signed?.isEmpty ?? true { missing.append("SignedHeaders") }
        let missingDate = amzDate == nil && date == nil
        guard missing.isEmpty, !missingDate, let credential, let signature, let signed else {
            return .failure(.missingParameters(missing, missingDate: missingDate))
        }

        if let amzDate, !isBasicISO8601(amzDate) { return .failure(.malformedDate(amzDate)) }
        // The next `byte` in `start..<end`, or `end` (memchr: the byte loops over the ranges
        // below were 900 instructions per request).
        func next(_ byte: UInt8, from start: Int, to end: Int) -> Int {
            guard start < end, let found = memchr(bytes.baseAddress! + start, Int32(byte), end - start) else { return end }
            return UnsafeRawPointer(found) - UnsafeRawPointer(bytes.baseAddress!)
        }
        var hostSigned = false
        var nameStart = signed.lowerBound
        while true {
            let position = next(UInt8(ascii: ";"), from: nameStart, to: signed.upperBound)
            if position - nameStart == 4, bytes[nameStart] | 0x20 == UInt8(ascii: "h"), bytes[nameStart + 1] | 0x20 == UInt8(ascii: "o"),
               bytes[nameStart + 2] | 0x20 == UInt8(ascii: "s"), bytes[nameStart + 3] | 0x20 == UInt8(ascii: "t") {
                hostSigned = true
            }
            if position == signed.upperBound { break }
            nameStart = position + 1
        }
        guard hostSigned else { return .failure(.hostNotSigned) }
        guard equals(scheme, "AWS4-HMAC-SHA256") else { return .failure(.unsupportedAlgorithm(text(scheme))) }

        // Trailing slashes are ignored when counting the parts.
        var scopeEnd = credential.upperBound
        while scopeEnd > credential.lowerBound, bytes[scopeEnd - 1] == UInt8(ascii: "/") { scopeEnd -= 1 }
        var parts: [Range<Int>] = []
        parts.reserveCapacity(6)
        var partStart = credential.lowerBound
        while true {
            let position = next(UInt8(ascii: "/"), from: partStart, to: scopeEnd)
            parts.append(partStart..<position)
            if position == scopeEnd || parts.count > 5 { break }
            partStart = position + 1
        }
        guard parts.count == 5 else { return .failure(.malformedCredential(text(credential))) }

        var problems: [ScopeProblem] = []
        // Any region names a local database; only an empty one is refused.
        if parts[2].isEmpty { problems.append(.region("")) }
        if !equals(parts[3], "dynamodb") { problems.append(.service(text(parts[3]))) }
        if !equals(parts[4], "aws4_request") { problems.append(.terminator(text(parts[4]))) }
        let scopeDate = text(parts[1])
        // amzDate passed isBasicISO8601: 16 ASCII bytes, of which the first 8 are the date.
        if var amzDate, parts[1].count != 8 || amzDate.withUTF8({ memcmp($0.baseAddress!, bytes.baseAddress! + parts[1].lowerBound, 8) }) != 0 {
            problems.append(.date(scope: scopeDate, amzDate: amzDate))
        }
        guard problems.isEmpty else { return .failure(.invalidScope(problems)) }

        return .success(Authorization(
            credential: Credential(accessKeyId: text(parts[0]), date: scopeDate, region: text(parts[2]),
                                   service: service, terminator: terminator),
            signedHeaderList: lowercased(signed),
            signature: text(signature)))
    }
}

extension StringProtocol {
    func trimmingSpaces() -> SubSequence {
        var result = self[...]
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
