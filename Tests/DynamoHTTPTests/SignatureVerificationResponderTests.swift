import XCTest
@testable import AWSSigV4
@testable import DynamoEngine
@testable import DynamoHTTP
@testable import DynamoModel
@testable import DynamoStorage

/// `-verifySignatures` at the responder: each failure's wire error, and the order of the checks.
final class SignatureVerificationResponderTests: XCTestCase {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    let credentials = ["AKIDEXAMPLE": secret, "SECOND": "another-secret"]

    func responder(verify: Bool = true) -> Responder {
        Responder(engine: Engine(storage: StorageEngine(location: .memory)),
                  options: .init(verifySignatures: verify ? credentials : nil))
    }

    /// A request signed as botocore signs it (content-type;host;x-amz-date;x-amz-target, plus the
    /// token when there is one), with the module's signer, which the AWSSigV4 tests check against
    /// the AWS test suite and botocore.
    func request(_ operation: String, _ body: String, accessKey: String = "AKIDEXAMPLE", secret: String = secret,
                 time: Int64 = Timestamp.now(), extra: [(String, String)] = [], sendBody: String? = nil) -> HTTPRequest {
        let amzDate = Timestamp.formatBasic(time)
        var headers: [(name: String, value: String)] = [
            ("Host", "localhost:8000"), ("Content-Type", "application/x-amz-json-1.0"),
            ("X-Amz-Target", "DynamoDB_20120810.\(operation)"), ("X-Amz-Date", amzDate),
        ] + extra.map { (name: $0.0, value: $0.1) }
        let signed = Array(Set(headers.map { $0.name.lowercased() })).sorted()
        let credential = Authorization.Credential(accessKeyId: accessKey, date: String(amzDate.prefix(8)), region: "us-east-1",
                                                  service: "dynamodb", terminator: "aws4_request")
        let payload = headers.first { $0.name.lowercased() == "x-amz-content-sha256" }?.value ?? SHA256.hash(body).hex
        let canonical = SigV4.canonicalRequest(method: "POST", uri: "/", headers: headers, signedHeaders: signed, payloadHash: payload)
        let stringToSign = SigV4.stringToSign(requestTime: amzDate, credential: credential, canonicalRequest: canonical)
        let signature = SigV4.signature(stringToSign: stringToSign, secret: secret, credential: credential)
        headers.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(credential.date)/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=\(signed.joined(separator: ";")), Signature=\(signature)"))
        return HTTPRequest(method: "POST", uri: "/", headers: headers.map { ($0.name, $0.value) }, body: Array((sendBody ?? body).utf8))
    }

    func error(_ response: HTTPResponse) throws -> (type: String?, message: String?) {
        let json = try JSON.parse(response.body)
        if case .string(let type) = json["__type"], case .string(let message) = json["message"] { return (type, message) }
        if case .string(let type) = json["__type"] { return (type, nil) }
        return (nil, nil)
    }

    static let mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    func testSignedRequestsRunAndTheKeyStillChoosesTheDatabase() throws {
        let r = responder()
        let create = #"{"TableName": "tab", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}"#
        XCTAssertEqual(r.respond(to: request("CreateTable", create)).status, 200)
        XCTAssertEqual(r.respond(to: request("PutItem", #"{"TableName": "tab", "Item": {"pk": {"S": "a"}}}"#)).status, 200)
        let get = r.respond(to: request("GetItem", #"{"TableName": "tab", "Key": {"pk": {"S": "a"}}}"#))
        XCTAssertEqual(get.status, 200)
        XCTAssertEqual(try JSON.parse(get.body)["Item"], .object([("pk", .object([("S", .string("a"))]))]))
        let other = r.respond(to: request("ListTables", "{}", accessKey: "SECOND", secret: "another-secret"))
        XCTAssertEqual(try JSON.parse(other.body)["TableNames"], .array([]))
    }

    func testOffByDefaultAnySignatureIsAccepted() {
        let r = responder(verify: false)
        XCTAssertEqual(r.respond(to: request("ListTables", "{}", secret: "wrong")).status, 200)
        XCTAssertEqual(r.respond(to: request("ListTables", "{}", accessKey: "NOBODY", time: 0)).status, 200)
    }

    func testWrongSecretIsInvalidSignature() throws {
        let response = responder().respond(to: request("ListTables", "{}", secret: "wrong"))
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self),
                       #"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"\#(Self.mismatch)"}"#)
        XCTAssertEqual(response.headers.first { $0.0 == "x-amz-crc32" }?.1, String(CRC32.checksum(response.body)))
    }

    func testUnknownAccessKeyIsUnrecognizedClient() throws {
        let response = responder().respond(to: request("ListTables", "{}", accessKey: "NOBODY"))
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self),
                       #"{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}"#)
    }

    func testSkewedClocks() throws {
        let now = Timestamp.now()
        let old = try error(responder().respond(to: request("ListTables", "{}", time: now - 20 * 60)))
        XCTAssertEqual(old.type, "com.amazon.coral.service#InvalidSignatureException")
        let signed = Timestamp.formatBasic(now - 20 * 60)
        // "Signature expired: <signed> is now earlier than <now - 15 min> (<now> - 15 min.)"
        let expired = try XCTUnwrap(old.message)
        XCTAssertTrue(expired.hasPrefix("Signature expired: \(signed) is now earlier than "), expired)
        XCTAssertTrue(expired.hasSuffix(" - 15 min.)"), expired)
        XCTAssertEqual(expired.count, "Signature expired: 20260101T000000Z is now earlier than 20260101T000000Z (20260101T000000Z - 15 min.)".count)

        let future = try XCTUnwrap(try error(responder().respond(to: request("ListTables", "{}", time: now + 20 * 60))).message)
        XCTAssertTrue(future.hasPrefix("Signature not yet current: \(Timestamp.formatBasic(now + 20 * 60)) is still later than "), future)
        XCTAssertTrue(future.hasSuffix(" + 15 min.)"), future)

        // Ten minutes either way is within the window.
        XCTAssertEqual(responder().respond(to: request("ListTables", "{}", time: now - 10 * 60)).status, 200)
        XCTAssertEqual(responder().respond(to: request("ListTables", "{}", time: now + 10 * 60)).status, 200)
        // The clock comes before the key.
        XCTAssertTrue(try error(responder().respond(to: request("ListTables", "{}", accessKey: "NOBODY", time: now - 3600)))
                        .message?.hasPrefix("Signature expired") ?? false)
    }

    func testBodyChangedAfterSigning() throws {
        let tampered = request("PutItem", #"{"TableName": "tab", "Item": {"pk": {"S": "a"}}}"#,
                               sendBody: #"{"TableName": "tab", "Item": {"pk": {"S": "b"}}}"#)
        XCTAssertEqual(try error(responder().respond(to: tampered)).message, Self.mismatch)
    }

    func testContentSHA256Header() throws {
        let body = #"{"TableName": "tab"}"#
        let r = responder()
        let right = request("DescribeTable", body, extra: [("X-Amz-Content-Sha256", SHA256.hash(body).hex)])
        XCTAssertEqual(try error(r.respond(to: right)).type, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException")
        let wrong = request("DescribeTable", body, extra: [("X-Amz-Content-Sha256", SHA256.hash("x").hex)])
        let failure = try error(r.respond(to: wrong))
        XCTAssertEqual(failure.type, "com.amazon.coral.service#InvalidSignatureException")
        XCTAssertEqual(failure.message, "The provided 'x-amz-content-sha256' header does not match what was computed.")
    }

    func testSessionTokensAreAcceptedForKnownKeys() {
        let response = responder().respond(to: request("ListTables", "{}", extra: [("X-Amz-Security-Token", "any-token")]))
        XCTAssertEqual(response.status, 200)
    }

    func testRepeatedHeadersAreJoinedInOrder() {
        let r = responder()
        var signed = request("ListTables", "{}", extra: [("X-Custom", "one"), ("x-custom", "two")])
        XCTAssertEqual(r.respond(to: signed).status, 200)
        // Swapping the two values changes the canonical request.
        signed.headers = signed.headers.map { $0.0 == "X-Custom" ? ($0.0, "two") : $0.0 == "x-custom" ? ($0.0, "one") : $0 }
        XCTAssertEqual(r.respond(to: signed).status, 400)
    }

    /// Verification runs after the header checks, which keep their errors and their order:
    /// JSON syntax and the target come first, then the Authorization header, then the signature.
    func testEarlierChecksComeFirst() throws {
        let r = responder()
        let badJSON = request("ListTables", "{", secret: "wrong")
        XCTAssertEqual(try error(r.respond(to: badJSON)).type, "com.amazon.coral.service#SerializationException")
        let noAuth = HTTPRequest(method: "POST", uri: "/", headers: [("X-Amz-Target", "DynamoDB_20120810.ListTables")], body: Array("{}".utf8))
        XCTAssertEqual(try error(r.respond(to: noAuth)).type, "com.amazon.coral.service#MissingAuthenticationTokenException")
        let garbledDate = HTTPRequest(method: "POST", uri: "/", headers: [
            ("X-Amz-Target", "DynamoDB_20120810.ListTables"), ("Date", "soon"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00"),
        ], body: Array("{}".utf8))
        XCTAssertEqual(try error(r.respond(to: garbledDate)).type, "com.amazon.coral.service#IncompleteSignatureException")
        // An empty body is checked after the signature, which covers it.
        XCTAssertEqual(try error(r.respond(to: request("ListTables", "", secret: "wrong"))).message, Self.mismatch)
        XCTAssertEqual(try error(r.respond(to: request("ListTables", ""))).type, "com.amazon.coral.service#SerializationException")
    }
}
