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

    func post(_ responder: Responder, _ operation: String, _ body: String, auth: String? = nil, extra: [(String, String)] = []) -> HTTPResponse {
        var headers: [(String, String)] = [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.\(operation)")]
        headers.append(("Authorization", auth ?? self.auth))
        return responder.respond(to: HTTPRequest(method: "POST", uri: "/", headers: headers + extra, body: Array(body.utf8)))
    }

    func header(_ response: HTTPResponse, _ name: String) -> String? {
        response.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    func testEveryResponseCarriesChecksumAndRequestId() throws {
        let r = responder()
        for response in [post(r, "ListTables", "{}"), post(r, "DescribeTable", #"{"TableName": "missing"}"#)] {
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

    func testMissingAuthorization() throws {
        let r = responder()
        let response = r.respond(to: HTTPRequest(method: "POST", uri: "/", headers: [("X-Amz-Target", "DynamoDB_20120810.ListTables")], body: Array("{}".utf8)))
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(try JSON.parse(response.body)["__type"], .string("com.amazonaws.dynamodb.v20120810#MissingAuthenticationToken"))
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
        XCTAssertEqual(header(any, "Access-Control-Allow-Origin"), "*")
        let listed = responder(cors: "http://a.example")
        XCTAssertEqual(header(post(listed, "ListTables", "{}", extra: [("Origin", "http://a.example")]), "Access-Control-Allow-Origin"), "http://a.example")
        XCTAssertNil(header(post(listed, "ListTables", "{}", extra: [("Origin", "http://b.example")]), "Access-Control-Allow-Origin"))
    }
}
