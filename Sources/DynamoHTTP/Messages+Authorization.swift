import AWSSigV4
import DynamoModel

extension DynamoError {
    /// The error the service answers for a failed Authorization check.
    init(_ error: Authorization.ParseError, header: String) {
        switch error {
        case .missingToken:
            self.init(.missingAuthenticationToken, Messages.missingAuthenticationToken)
        case .missingParameters(let names, let missingDate):
            self.init(.incompleteSignature, Messages.authorizationMissingParameters(names, missingDate: missingDate, header: header))
        case .malformedDate(let date):
            self.init(.incompleteSignature, Messages.authorizationMalformedDate(date))
        case .hostNotSigned:
            self.init(.invalidSignature, Messages.authorizationHostNotSigned)
        case .unsupportedAlgorithm(let algorithm):
            self.init(.incompleteSignature, Messages.authorizationUnsupportedAlgorithm(algorithm))
        case .malformedCredential(let credential):
            self.init(.incompleteSignature, Messages.authorizationMalformedCredential(credential))
        case .invalidScope(let problems):
            self.init(.invalidSignature, problems.map { problem in
                switch problem {
                case .region(let region): return Messages.credentialScopeRegion(region)
                case .service: return Messages.credentialScopeService
                case .terminator(let terminator): return Messages.credentialScopeTerminator(terminator)
                case .date(let scope, let amzDate): return Messages.credentialScopeDate(scope, amzDate: amzDate)
                }
            }.joined(separator: " "))
        }
    }
}

extension DynamoError {
    /// The error the service answers for a request whose signature does not verify.
    init(_ failure: SigV4.Failure) {
        switch failure {
        case .malformedDate(let date):
            self.init(.incompleteSignature, Messages.authorizationMalformedDate(date))
        case .expired(let signed, let earliest, let now):
            self.init(.invalidSignature, Messages.signatureExpired(signed, earliest: earliest, now: now))
        case .notYetCurrent(let signed, let latest, let now):
            self.init(.invalidSignature, Messages.signatureNotYetCurrent(signed, latest: latest, now: now))
        case .unknownAccessKey:
            self.init(.unrecognizedClient, Messages.unrecognizedClient)
        case .signatureMismatch:
            self.init(.invalidSignature, Messages.signatureMismatch)
        case .contentSHA256Mismatch:
            self.init(.invalidSignature, Messages.contentSHA256Mismatch)
        }
    }
}
