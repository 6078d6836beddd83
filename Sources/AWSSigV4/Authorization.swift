/// A parsed SigV4 `Authorization` header:
/// `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=a;b, Signature=hex`.
///
/// Parsing only; verification is a later, opt-in feature.
public struct Authorization: Sendable, Equatable {
    public static let algorithm = "AWS4-HMAC-SHA256"

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
        /// The header does not start with the SigV4 algorithm name.
        case unsupportedScheme
        /// Required parameters are missing (names in the order Credential, Signature, SignedHeaders).
        case missingParameters([String])
        /// `Credential=` does not have the five '/'-separated parts.
        case malformedCredential(String)
    }

    public static func parse(_ header: String) -> Result<Authorization, ParseError> {
        let trimmed = header.drop(while: { $0 == " " })
        guard trimmed.hasPrefix(algorithm) else { return .failure(.unsupportedScheme) }
        let rest = trimmed.dropFirst(algorithm.count)
        guard rest.isEmpty || rest.first == " " else { return .failure(.unsupportedScheme) }

        var parameters: [String: String] = [:]
        for part in rest.split(separator: ",") {
            let piece = part.trimmingSpaces()
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = String(piece[..<equals])
            if parameters[name] == nil { parameters[name] = String(piece[piece.index(after: equals)...]) }
        }

        let missing = ["Credential", "Signature", "SignedHeaders"].filter { (parameters[$0] ?? "").isEmpty }
        guard missing.isEmpty else { return .failure(.missingParameters(missing)) }

        let credentialText = parameters["Credential"]!
        let parts = credentialText.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, !parts[0].isEmpty, !parts[2].isEmpty else {
            return .failure(.malformedCredential(credentialText))
        }
        return .success(Authorization(
            credential: Credential(accessKeyId: parts[0], date: parts[1], region: parts[2], service: parts[3], terminator: parts[4]),
            signedHeaders: parameters["SignedHeaders"]!.split(separator: ";").map(String.init),
            signature: parameters["Signature"]!))
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result = result.dropFirst() }
        while result.last == " " || result.last == "\t" { result = result.dropLast() }
        return result
    }
}
