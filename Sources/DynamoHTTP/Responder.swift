import AWSSigV4
import DynamoEngine
import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// One HTTP request as the responder sees it: no sockets, so tests can call it directly.
public struct HTTPRequest: Sendable {
    public var method: String
    public var uri: String
    /// The header fields as received (look-ups ignore the case of names).
    var fields: RequestHeaders
    public var body: [UInt8]
    /// The body was over `Responder.maxBodyBytes` and was dropped while it was read.
    public var bodyTooLarge: Bool
    /// Set by the server from a per-connection generator; nil draws one from the system.
    var requestId: String?

    /// Header names as sent; look-ups ignore case.
    public var headers: [(String, String)] {
        get { fields.map { ($0.name, $0.value) } }
        set { fields = RequestHeaders(newValue) }
    }

    public init(method: String, uri: String, headers: [(String, String)], body: [UInt8], bodyTooLarge: Bool = false) {
        self.init(method: method, uri: uri, fields: RequestHeaders(headers), body: body, bodyTooLarge: bodyTooLarge)
    }

    init(method: String, uri: String, fields: RequestHeaders, body: [UInt8], bodyTooLarge: Bool = false, requestId: String? = nil) {
        self.method = method
        self.uri = uri
        self.fields = fields
        self.body = body
        self.bodyTooLarge = bodyTooLarge || body.count > Responder.maxBodyBytes
        self.requestId = requestId
    }

    public func header(_ name: String) -> String? {
        fields.first(name: name)
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
}

/// The whole wire protocol in one place: CORS, the ordered request checks, dispatch to the
/// engine, and rendering of every response (`x-amz-crc32`, `x-amzn-RequestId`, error envelopes).
///
/// Method and path are ignored, as DynamoDB Local 1.13.5 ignores them (PUT, DELETE and POST /x
/// all run the operation; GET / without credentials is a 400, which health checks rely on).
public struct Responder: Sendable {
    public struct Options: Sendable {
        public var sharedDb: Bool
        /// -cors: "*" or a comma-separated list of allowed origins; nil disables CORS.
        public var cors: String?
        /// -verifySignatures (DynamoLocal's own): check SigV4 signatures against these credentials;
        /// nil accepts any, as DynamoDB Local does.
        public var signatureVerifier: SignatureVerifier?

        public init(sharedDb: Bool = false, cors: String? = "*", verifySignatures credentials: [String: String]? = nil) {
            self.sharedDb = sharedDb
            self.cors = cors
            self.signatureVerifier = credentials.map { SignatureVerifier(credentials: $0) }
        }
    }

    /// 16 MB; a body of exactly this size is accepted (checked against DynamoDB Local 1.13.5).
    public static let maxBodyBytes = 16 * 1024 * 1024
    static let dynamoPrefix = "DynamoDB_20120810."
    static let streamsPrefix = "DynamoDBStreams_20120810."
    static let sharedNamespace = "shared-local-instance"
    static let contentType = "application/x-amz-json-1.0"

    public let engine: Engine
    public let options: Options

    public init(engine: Engine, options: Options) {
        self.engine = engine
        self.options = options
    }

    /// A request read and checked, waiting for the engine: what `EngineThread` runs.
    public final class EngineCall: Sendable {
        /// The operation with its checks passed (`Engine.prepare`).
        let work: Engine.Work
        let requestId: String?
        /// Access-Control-Allow-Origin for the answer, if any.
        let origin: String?

        init(work: Engine.Work, requestId: String?, origin: String?) {
            self.work = work
            self.requestId = requestId
            self.origin = origin
        }
    }

    /// A request after the checks that come before the engine: answered already (413, a CORS
    /// preflight, a request the service refuses before the operation runs), or to be run.
    public enum Prepared: Sendable {
        case answered(HTTPResponse)
        case engine(EngineCall)
    }

    /// The answer to `request`, with the operation's writes committed: the three phases below in
    /// one call (tests; the server runs `run` on an `EngineThread`).
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        switch prepare(request) {
        case .answered(let response):
            return response
        case .engine(let call):
            var (result, pending) = run(call)
            if let pending, let failure = pending.commit() { result = .failure(failure) }
            return finish(call, result)
        }
    }

    /// The first phase, on the event loop: the request's checks, and the operation's checks and
    /// work that need no table (`Engine.prepare`).
    public func prepare(_ request: HTTPRequest) -> Prepared {
        let origin = allowedOrigin(request)
        if request.bodyTooLarge {
            // 413 before anything else, with DynamoDB Local 1.13.5's body.
            return .answered(allowing(origin, render(status: 413, body: Array(Messages.requestTooLargeBody.utf8),
                                                     requestId: request.requestId)))
        }
        if let preflight = preflight(request, origin: origin) { return .answered(preflight) }
        // The checks that need no table run here too, on the event loop (`Engine.prepare`).
        switch check(request).flatMap({ engine.prepare(operation: $0.0, body: $0.1, namespace: $0.2) }) {
        case .success(let work):
            return .engine(EngineCall(work: work, requestId: request.requestId, origin: origin))
        case .failure(let error):
            return .answered(allowing(origin, render(error, requestId: request.requestId)))
        }
    }

    /// The second phase, on the engine thread: the rest of the operation, its writes left in the
    /// namespace's open group. When `pending` is set, the result must wait for `pending.commit()`
    /// (group commit: `Namespace`).
    public func run(_ call: EngineCall) -> (result: Result<JSON, DynamoError>, pending: PendingCommit?) {
        engine.run(call.work, deferringCommit: true)
    }

    /// The last phase, on the event loop: the result (with a failed COMMIT as its error) as bytes.
    public func finish(_ call: EngineCall, _ result: Result<JSON, DynamoError>) -> HTTPResponse {
        switch result {
        case .success(let json): return allowing(call.origin, render(status: 200, body: json.bytes, requestId: call.requestId))
        case .failure(let error): return allowing(call.origin, render(error, requestId: call.requestId))
        }
    }

    /// `response` with Access-Control-Allow-Origin when CORS allows `origin`. The service allows
    /// the origin on errors too; DynamoDB Local 1.13.5 only on successes.
    func allowing(_ origin: String?, _ response: HTTPResponse) -> HTTPResponse {
        guard let origin else { return response }
        var response = response
        response.headers.append(("Access-Control-Allow-Origin", origin))
        return response
    }

    /// Everything before the engine: the operation, the body and the namespace, or the error.
    /// The checks come in the order the service applies them (as dynalite recorded it against the
    /// service): JSON syntax, the target, the Authorization header, an empty body, then (in the
    /// engine) the operation's shape. DynamoDB Local 1.13.5 checks the Authorization header first.
    func check(_ request: HTTPRequest) -> Result<(String, JSON, String), DynamoError> {
        let target = request.header("X-Amz-Target") ?? ""
        var operation: String?
        if target.hasPrefix(Self.dynamoPrefix) {
            operation = String(target.utf8.dropFirst(Self.dynamoPrefix.utf8.count))!
        } else if target.hasPrefix(Self.streamsPrefix) {
            // The Streams API shares the endpoint; the engine registers its operations by this name.
            operation = "DynamoDBStreams." + String(target.utf8.dropFirst(Self.streamsPrefix.utf8.count))!
        }

        // The body's syntax is still checked first; the operation only tells the parser where its
        // AttributeValue maps are, so that it decodes them as it goes (`JSON.parse(_:hint:)`).
        let served = operation.flatMap(engine.operation(named:))
        var body: JSON?
        if !request.body.isEmpty {
            do {
                if let hint = served?.parseHint {
                    body = try JSON.parse(request.body, hint: hint)
                } else {
                    body = try JSON.parse(request.body)
                }
            } catch {
                return .failure(DynamoError(.serialization, nil))
            }
        }

        guard let operation, served != nil else { return .failure(DynamoError(.unknownOperation, nil)) }

        let authorization: Authorization
        let amzDate = request.header("X-Amz-Date"), date = request.header("Date")
        switch request.fields.withFirstValue(name: "Authorization", { Authorization.check(bytes: $0, amzDate: amzDate, date: date) }) {
        case .success(let parsed): authorization = parsed
        case .failure(let error): return .failure(DynamoError(error, header: request.header("Authorization") ?? ""))
        }
        if let verifier = options.signatureVerifier,
           let failure = verifier.verify(method: request.method, uri: request.uri, headers: request.fields,
                                         body: request.body, authorization: authorization) {
            return .failure(DynamoError(failure))
        }

        guard let body else { return .failure(DynamoError(.serialization, nil)) }
        let credential = authorization.credential
        let namespace = options.sharedDb ? Self.sharedNamespace : "\(credential.accessKeyId)_\(credential.region)"
        return .success((operation, body, namespace))
    }

    func render(status: Int, body: [UInt8], contentType: Bool = true, requestId: String? = nil) -> HTTPResponse {
        var headers: [(String, String)] = []
        // Room for CORS and the server's Content-Length and Connection without growing.
        headers.reserveCapacity(8)
        if contentType { headers.append(("Content-Type", Self.contentType)) }
        headers.append(("x-amzn-RequestId", requestId ?? RequestIds.random()))
        headers.append(("x-amz-crc32", String(CRC32.checksum(body))))
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// The one place errors become bytes: `{"__type": ..., "message": ...}`.
    func render(_ error: DynamoError, requestId: String? = nil) -> HTTPResponse {
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
        return render(status: error.kind.status, body: JSON.object(members).bytes, requestId: requestId)
    }

    // MARK: CORS (a DynamoDB Local feature: -cors; behaviour checked against DynamoDB Local 1.13.5)

    /// The value of Access-Control-Allow-Origin for this request: the request's Origin itself
    /// (also with "-cors *"), or nil when CORS is off, there is no Origin, or it is not listed.
    func allowedOrigin(_ request: HTTPRequest) -> String? {
        guard let cors = options.cors, let origin = request.header("Origin") else { return nil }
        func trimmed(_ text: Substring) -> Substring {
            var text = text
            while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
            while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
            return text
        }
        if trimmed(cors[...]) == "*" { return origin }
        let allowed = cors.split(separator: ",").map { String(trimmed($0)) }
        return allowed.contains(origin) ? origin : nil
    }

    /// A preflight is OPTIONS with Origin and Access-Control-Request-Method; other OPTIONS
    /// requests are ordinary requests. Access-Control-Request-Headers is required.
    func preflight(_ request: HTTPRequest, origin: String?) -> HTTPResponse? {
        guard request.method == "OPTIONS", options.cors != nil, request.header("Origin") != nil,
              let method = request.header("Access-Control-Request-Method") else { return nil }
        guard let requested = request.header("Access-Control-Request-Headers") else {
            return allowing(origin, render(DynamoError(.validation, Messages.invalidPreflight), requestId: request.requestId))
        }
        var response = render(status: 200, body: [], contentType: false, requestId: request.requestId)
        response.headers += [
            ("Access-Control-Allow-Methods", method),
            ("Access-Control-Allow-Headers", requested),
            ("Access-Control-Max-Age", "1728000"),
        ]
        return allowing(origin, response)
    }

    static func requestId() -> String { RequestIds.random() }
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
