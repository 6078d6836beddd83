extension Messages {
    // Authentication (checked against DynamoDB Local 1.13.5; Conformance/PROTOCOL_NOTES.md)
    public static let missingAuthenticationToken = "Request must contain either a valid (registered) AWS access key ID or X.509 certificate."

    /// IncompleteSignatureException for missing Authorization parameters.
    public static func authorizationMissingParameters(_ names: [String], header: String) -> String {
        names.map { "Authorization header requires '\($0)' parameter." }.joined(separator: " ") + " Authorization=\(header)"
    }

    public static func authorizationUnsupportedScheme(_ header: String) -> String {
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=\(header)"
    }

    public static func authorizationMalformedCredential(_ credential: String) -> String {
        "Credential should be scoped to a valid region. "
    }

    public static let requestTooLarge = "Request size exceeded 16777216 bytes"
}
