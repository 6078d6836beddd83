import XCTest
@testable import DynamoEngine
@testable import DynamoHTTP
@testable import DynamoModel
@testable import DynamoStorage

final class ResponderTests: XCTestCase {
    let auth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00"

    func responder(sharedDb: Bool = false, cors: String? = "*") -> Responder {
        Responder(engine: Engine(storage: StorageEngine(location: .memory)), options: .init(sharedDb: sharedDb, cors: cors))
    }

    func post(_ responder: Responder, _ operation: String?, _ body: String, auth: String? = nil, extra: [(String, String)] = []) -> HTTPResponse {
        var headers: [(String, String)] = [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Date", "20260101T000000Z")]
        if let operation { headers.append(("X-Amz-Target", "DynamoDB_20120810.\(operation)")) }
        headers.append(("Authorization", auth ?? self.auth))
        return responder.respond(to: HTTPRequest(method: "POST", uri: "/", headers: headers + extra, body: Array(body.utf8)))
    }

    func header(_ response: HTTPResponse, _ name: String) -> String? {
        response.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    func body(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    func testEveryResponseCarriesChecksumAndRequestId() throws {
        let r = responder()
        for response in [post(r, "ListTables", "{}"), post(r, "DescribeTable", #"{"TableName": "missing"}"#), post(r, "Nope", "{")] {
            XCTAssertEqual(header(response, "x-amz-crc32"), String(CRC32.checksum(response.body)))
            XCTAssertEqual(header(response, "Content-Type"), "application/x-amz-json-1.0")
            XCTAssertEqual(header(response, "x-amzn-RequestId")?.count, 36)
        }
    }

    func testErrorEnvelope() throws {
        let response = post(responder(), "DescribeTable", #"{"TableName": "missing"}"#)
        XCTAssertEqual(response.status, 400)
        let json = try JSON.parse(response.body)
        XCTAssertEqual(json["__type"], .string("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"))
        XCTAssertEqual(json["message"], .string("Requested resource not found: Table: missing not found"))
    }

    /// The service's order: JSON syntax, target, Authorization, empty body, shape. The CRC32s are
    /// the ones dynalite recorded from the service for these exact bodies.
    func testChecksComeInTheServicesOrder() {
        let r = responder()
        let badJSON = post(r, nil, "{", auth: "")
        XCTAssertEqual(body(badJSON), #"{"__type":"com.amazon.coral.service#SerializationException"}"#)
        XCTAssertEqual(header(badJSON, "x-amz-crc32"), "3948637019")
        let unknown = post(r, "Nope", "{}", auth: "")
        XCTAssertEqual(body(unknown), #"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#)
        XCTAssertEqual(header(unknown, "x-amz-crc32"), "1368724161")
        XCTAssertEqual(post(r, nil, "{}").status, 400)
        let noAuth = post(r, "ListTables", "", auth: "")
        XCTAssertEqual(body(noAuth), #"{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}"#)
        XCTAssertEqual(header(noAuth, "x-amz-crc32"), "2088342776")
        XCTAssertEqual(body(post(r, "ListTables", "")), #"{"__type":"com.amazon.coral.service#SerializationException"}"#)
        XCTAssertEqual(body(post(r, "ListTables", #"{"Limit": "a"}"#)),
                       #"{"__type":"com.amazon.coral.service#SerializationException","Message":"class java.lang.String can not be converted to an Integer"}"#)
    }

    /// The Streams API shares the endpoint; other targets (and unknown Streams operations) are unknown.
    func testUnknownTargetsAreUnknownOperations() throws {
        let r = responder()
        let streams = post(r, nil, "{}", extra: [("X-Amz-Target", "DynamoDBStreams_20120810.ListStreams")])
        XCTAssertEqual(streams.status, 200)
        XCTAssertEqual(try JSON.parse(streams.body)["Streams"], .array([]))
        for target in ["DynamoDBStreams_20120810.Nope", "DynamoDB_20111205.ListTables", "garbage"] {
            let response = r.respond(to: HTTPRequest(method: "POST", uri: "/", headers: [("X-Amz-Target", target)], body: Array("{}".utf8)))
            XCTAssertEqual(body(response), #"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#, target)
        }
    }

    func testMissingAuthorization() throws {
        let r = responder()
        let response = r.respond(to: HTTPRequest(method: "POST", uri: "/", headers: [("X-Amz-Target", "DynamoDB_20120810.ListTables")], body: Array("{}".utf8)))
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(try JSON.parse(response.body)["__type"], .string("com.amazon.coral.service#MissingAuthenticationTokenException"))
    }

    func testAuthorizationErrors() throws {
        let r = responder()
        let incomplete = r.respond(to: HTTPRequest(method: "POST", uri: "/", headers: [("X-Amz-Target", "DynamoDB_20120810.ListTables"), ("Authorization", "AWS4-")], body: Array("{}".utf8)))
        XCTAssertEqual(header(incomplete, "x-amz-crc32"), "1828866742")
        let scope = post(r, "ListTables", "{}", auth: "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00")
        XCTAssertEqual(try JSON.parse(scope.body)["__type"], .string("com.amazon.coral.service#InvalidSignatureException"))
        XCTAssertEqual(try JSON.parse(scope.body)["message"], .string("Credential should be scoped to correct service: 'dynamodb'."))
    }

    func testBodyOver16MB() {
        let response = responder().respond(to: HTTPRequest(method: "POST", uri: "/", headers: [], body: [], bodyTooLarge: true))
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(body(response), #"{"message":""}"#)
        XCTAssertEqual(header(response, "x-amz-crc32"), String(CRC32.checksum(response.body)))
    }

    func testCredentialsSelectTheDatabaseUnlessShared() throws {
        let other = "AWS4-HMAC-SHA256 Credential=OTHER/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00"
        let create = #"{"TableName": "tab", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}"#
        let separate = responder()
        XCTAssertEqual(post(separate, "CreateTable", create).status, 200)
        XCTAssertEqual(try JSON.parse(post(separate, "ListTables", "{}", auth: other).body)["TableNames"], .array([]))
        let shared = responder(sharedDb: true)
        XCTAssertEqual(post(shared, "CreateTable", create).status, 200)
        XCTAssertEqual(try JSON.parse(post(shared, "ListTables", "{}", auth: other).body)["TableNames"], .array([.string("tab")]))
    }

    func testCorsOriginIsEchoedForAllowedOrigins() {
        let any = post(responder(), "ListTables", "{}", extra: [("Origin", "http://x.example")])
        XCTAssertEqual(header(any, "Access-Control-Allow-Origin"), "http://x.example")
        let listed = responder(cors: "http://a.example, http://b.example")
        XCTAssertEqual(header(post(listed, "ListTables", "{}", extra: [("Origin", "http://b.example")]), "Access-Control-Allow-Origin"), "http://b.example")
        XCTAssertNil(header(post(listed, "ListTables", "{}", extra: [("Origin", "http://c.example")]), "Access-Control-Allow-Origin"))
        XCTAssertEqual(header(post(responder(), "Nope", "{}", extra: [("Origin", "http://x.example")]), "Access-Control-Allow-Origin"), "http://x.example")
        XCTAssertNil(header(post(responder(cors: nil), "ListTables", "{}", extra: [("Origin", "http://x.example")]), "Access-Control-Allow-Origin"))
    }

    func testPreflight() {
        let r = responder()
        let ok = r.respond(to: HTTPRequest(method: "OPTIONS", uri: "/", headers: [
            ("Origin", "http://x.example"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "a, b"),
        ], body: []))
        XCTAssertEqual(ok.status, 200)
        XCTAssertEqual(ok.body, [])
        XCTAssertEqual(header(ok, "Access-Control-Allow-Methods"), "POST")
        XCTAssertEqual(header(ok, "Access-Control-Allow-Headers"), "a, b")
        XCTAssertEqual(header(ok, "Access-Control-Max-Age"), "1728000")
        XCTAssertEqual(header(ok, "Access-Control-Allow-Origin"), "http://x.example")
        let invalid = r.respond(to: HTTPRequest(method: "OPTIONS", uri: "/", headers: [("Origin", "http://x.example"), ("Access-Control-Request-Method", "POST")], body: []))
        XCTAssertEqual(body(invalid), #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Invalid PreFlight Headers"}"#)
        // Without Access-Control-Request-Method, OPTIONS is an ordinary request.
        let plain = r.respond(to: HTTPRequest(method: "OPTIONS", uri: "/", headers: [("Origin", "http://x.example")], body: []))
        XCTAssertEqual(body(plain), #"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#)
    }
}
