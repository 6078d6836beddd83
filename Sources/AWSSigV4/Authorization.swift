/// A parsed SigV4 `Authorization` header:
/// `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=a;b, Signature=hex`.
///
/// `check` applies the service's header checks in the service's order (recorded by dynalite against
/// the live service; DynamoDB Local 1.13.5 skips them). Signature verification, key ids and the
/// 15-minute clock window are not checked: a local server accepts any credentials.
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
    public var signedHeaders: [String]
    public var signature: String

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
        guard let header else { return .failure(.missingToken) }
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
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return false }
        return (bytes[0..<8] + bytes[9..<15]).allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
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
