import AWSSigV4
import DynamoEngine
import DynamoModel
import Foundation

/// One HTTP request as the responder sees it: no sockets, so tests can call it directly.
public struct HTTPRequest: Sendable {
    public var method: String
    public var uri: String
    /// Header names as sent; look-ups ignore case.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, uri: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
}

/// The whole wire protocol in one place: CORS, the ordered request checks, dispatch to the
/// engine, and rendering of every response (`x-amz-crc32`, `x-amzn-RequestId`, error envelopes).
public struct Responder: Sendable {
    public struct Options: Sendable {
        public var sharedDb: Bool
        /// -cors: "*" or a comma-separated list of allowed origins; nil disables CORS.
        public var cors: String?

        public init(sharedDb: Bool = false, cors: String? = "*") {
            self.sharedDb = sharedDb
            self.cors = cors
        }
    }

    public static let maxBodyBytes = 16 * 1024 * 1024
    static let dynamoPrefix = "DynamoDB_20120810."
    static let streamsPrefix = "DynamoDBStreams_20120810."
    static let sharedNamespace = "shared-local-instance"

    public let engine: Engine
    public let options: Options

    public init(engine: Engine, options: Options) {
        self.engine = engine
        self.options = options
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let corsHeaders = corsHeaders(for: request)
        if request.method == "OPTIONS", options.cors != nil {
            return HTTPResponse(status: 200, headers: corsHeaders + preflightHeaders(request), body: [])
        }
        var response: HTTPResponse
        switch dispatch(request) {
        case .success(let json): response = render(status: 200, body: json.bytes)
        case .failure(let error): response = render(error)
        }
        response.headers += corsHeaders
        return response
    }

    /// The checks in the order the service applies them; the first failure is the answer.
    func dispatch(_ request: HTTPRequest) -> Result<JSON, DynamoError> {
        guard let authorization = request.header("Authorization") else {
            return .failure(DynamoError(.missingAuthenticationToken, Messages.missingAuthenticationToken))
        }
        let credential: Authorization.Credential
        switch Authorization.parse(authorization) {
        case .success(let parsed): credential = parsed.credential
        case .failure(let error):
            return .failure(DynamoError(.incompleteSignature, Messages.incompleteSignature(error, header: authorization)))
        }

        let target = request.header("X-Amz-Target") ?? ""
        guard target.hasPrefix(Self.dynamoPrefix) else {
            return .failure(DynamoError(.unknownOperation, nil))
        }
        let operation = String(target.dropFirst(Self.dynamoPrefix.count))
        guard engine.supports(operation) else { return .failure(DynamoError(.unknownOperation, nil)) }

        if request.body.count > Self.maxBodyBytes {
            return .failure(DynamoError(.requestEntityTooLarge, Messages.requestTooLarge))
        }
        let body: JSON
        do {
            body = try JSON.parse(request.body)
        } catch {
            return .failure(DynamoError(.serialization, nil))
        }
        let namespace = options.sharedDb ? Self.sharedNamespace : "\(credential.accessKeyId)_\(credential.region)"
        return engine.handle(operation: operation, body: body, namespace: namespace)
    }

    func render(status: Int, body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: [
            ("Content-Type", "application/x-amz-json-1.0"),
            ("x-amzn-RequestId", Self.requestId()),
            ("x-amz-crc32", String(CRC32.checksum(body))),
        ], body: body)
    }

    /// The one place errors become bytes: `{"__type": ..., "message": ...}`.
    func render(_ error: DynamoError) -> HTTPResponse {
        var members: [(String, JSON)] = [("__type", .string(error.kind.wireType))]
        if let message = error.message {
            members.append((error.kind.messageKey, .string(message)))
        }
        if let item = error.item { members.append(("Item", AttributeValue.json(item))) }
        if let reasons = error.cancellationReasons {
            members.append(("CancellationReasons", .array(reasons.map { reason in
                var entry: [(String, JSON)] = []
                if let item = reason.item { entry.append(("Item", AttributeValue.json(item))) }
                entry.append(("Code", .string(reason.code)))
                if let message = reason.message { entry.append(("Message", .string(message))) }
                return .object(entry)
            })))
        }
        return render(status: error.kind.status, body: JSON.object(members).bytes)
    }

    func corsHeaders(for request: HTTPRequest) -> [(String, String)] {
        guard let cors = options.cors, let origin = request.header("Origin") else { return [] }
        if cors == "*" { return [("Access-Control-Allow-Origin", "*")] }
        let allowed = cors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return allowed.contains(origin) ? [("Access-Control-Allow-Origin", origin)] : []
    }

    func preflightHeaders(_ request: HTTPRequest) -> [(String, String)] {
        var headers: [(String, String)] = [("Access-Control-Allow-Methods", "GET,POST,PUT,DELETE,OPTIONS"), ("Access-Control-Max-Age", "172800")]
        if let requested = request.header("Access-Control-Request-Headers") {
            headers.append(("Access-Control-Allow-Headers", requested))
        }
        return headers
    }

    static func requestId() -> String { UUID().uuidString.lowercased() }
}

extension DynamoError.Kind {
    /// The service spells the member "Message" for the request framework's own errors.
    var messageKey: String {
        switch self {
        case .serialization, .unknownOperation: return "Message"
        default: return "message"
        }
    }
}
