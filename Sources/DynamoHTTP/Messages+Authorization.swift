import AWSSigV4
import DynamoModel

extension Messages {
    static func incompleteSignature(_ error: Authorization.ParseError, header: String) -> String {
        switch error {
        case .unsupportedScheme: return authorizationUnsupportedScheme(header)
        case .missingParameters(let names): return authorizationMissingParameters(names, header: header)
        case .malformedCredential(let credential): return authorizationMalformedCredential(credential)
        }
    }
}
