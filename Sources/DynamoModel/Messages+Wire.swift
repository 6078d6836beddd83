extension Messages {
    // Request framework and SigV4 header checks. DynamoDB Local 1.13.5 answers these differently
    // (Conformance/DIVERGENCES.md); the texts are the service's, as dynalite recorded them.
    public static let missingAuthenticationToken = "Request is missing Authentication Token"

    /// IncompleteSignatureException for missing Authorization parameters and date headers.
    public static func authorizationMissingParameters(_ names: [String], missingDate: Bool, header: String) -> String {
        var text = names.map { "Authorization header requires '\($0)' parameter. " }.joined()
        if missingDate { text += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " }
        return text + "Authorization=\(header)"
    }

    public static func authorizationMalformedDate(_ date: String) -> String {
        "Date must be in ISO-8601 'basic format'. Got '\(date)'. See http://en.wikipedia.org/wiki/ISO_8601"
    }

    public static let authorizationHostNotSigned = "'Host' must be a 'SignedHeader' in the AWS Authorization."

    public static func authorizationUnsupportedAlgorithm(_ algorithm: String) -> String {
        "Unsupported AWS 'algorithm': '\(algorithm)' (only AWS4-HMAC-SHA256 for now). "
    }

    public static func authorizationMalformedCredential(_ credential: String) -> String {
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'"
    }

    public static func credentialScopeRegion(_ region: String) -> String {
        "Credential should be scoped to a valid region, not '\(region)'."
    }

    public static let credentialScopeService = "Credential should be scoped to correct service: 'dynamodb'."

    public static func credentialScopeTerminator(_ terminator: String) -> String {
        "Credential should be scoped with a valid terminator: 'aws4_request', not '\(terminator)'."
    }

    public static func credentialScopeDate(_ scope: String, amzDate: String) -> String {
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scope)' != '\(amzDate.prefix(8))', from '\(amzDate)'."
    }

    // Signature verification (-verifySignatures). The service's texts, as SDK users quote them in
    // bug reports (aws-sdk-js #254, boto3 #509, jcabi-dynamo #101, PHP clients' raw bodies).

    /// UnrecognizedClientException: the access key is not known.
    public static let unrecognizedClient = "The security token included in the request is invalid."

    /// InvalidSignatureException: the signature does not match.
    public static let signatureMismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    /// InvalidSignatureException: the request time is more than 15 minutes before the server's
    /// clock. DynamoDB says "15 min." (2014-2024 reports); services with a 5-minute window say "5 min.".
    public static func signatureExpired(_ signed: String, earliest: String, now: String) -> String {
        "Signature expired: \(signed) is now earlier than \(earliest) (\(now) - 15 min.)"
    }

    /// InvalidSignatureException: the request time is more than 15 minutes after the server's clock.
    public static func signatureNotYetCurrent(_ signed: String, latest: String, now: String) -> String {
        "Signature not yet current: \(signed) is still later than \(latest) (\(now) + 15 min.)"
    }

    /// InvalidSignatureException for a body whose hash is not the signed `x-amz-content-sha256`.
    /// Unverified for DynamoDB, whose SDKs never send the header; the text is S3's
    /// (XAmzContentSHA256Mismatch).
    public static let contentSHA256Mismatch = "The provided 'x-amz-content-sha256' header does not match what was computed."

    /// The body of a 413 for requests over 16 MB (checked against DynamoDB Local 1.13.5).
    public static let requestTooLargeBody = #"{"message":""}"#

    /// A CORS preflight without Access-Control-Request-Headers (checked against DynamoDB Local 1.13.5).
    public static let invalidPreflight = "Invalid PreFlight Headers"
}
