import Dispatch
import XCTest
@testable import AWSSigV4

typealias Header = (name: String, value: String)

/// A request as the test suite writes it: request line, headers (folded lines joined with a
/// space), an empty line and the body.
struct SuiteRequest {
    var method: String
    var target: String
    var headers: [Header]
    var body: [UInt8]

    init(_ text: String) {
        let parts = text.components(separatedBy: "\n\n")
        let head = parts[0].components(separatedBy: "\n")
        body = Array(parts.dropFirst().joined(separator: "\n\n").utf8)
        let requestLine = head[0]
        let firstSpace = requestLine.firstIndex(of: " ")!
        method = String(requestLine[..<firstSpace])
        // The target may contain spaces (get-space); the protocol is the last word.
        let lastSpace = requestLine.lastIndex(of: " ")!
        target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        headers = []
        for line in head.dropFirst() {
            if line.first == " " || line.first == "\t" {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            let colon = line.firstIndex(of: ":")!
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The Authorization header, parsed without the server's DynamoDB-only scope checks.
    var authorization: Authorization {
        let text = header("Authorization")!
        var parameters: [String: String] = [:]
        for piece in text.dropFirst("AWS4-HMAC-SHA256 ".count).components(separatedBy: ", ") {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            parameters[pair[0]] = pair[1]
        }
        let scope = parameters["Credential"]!.split(separator: "/").map(String.init)
        return Authorization(
            credential: .init(accessKeyId: scope[0], date: scope[1], region: scope[2], service: scope[3], terminator: scope[4]),
            signedHeaders: parameters["SignedHeaders"]!.split(separator: ";").map(String.init),
            signature: parameters["Signature"]!)
    }
}

let exampleSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

final class SignatureVerificationTests: XCTestCase {
    let suiteTime = Timestamp.parseBasic("20150830T123600Z")!

    func payloadHash(_ request: SuiteRequest) -> String {
        request.header("x-amz-content-sha256") ?? SHA256.hash(request.body).hex
    }

    func testTheSuitesCanonicalRequestsStringsToSignAndSignatures() {
        XCTAssertEqual(signatureTestSuite.count, 38)
        for test in signatureTestSuite {
            let request = SuiteRequest(test.signedRequest)
            let authorization = request.authorization
            let canonical = SigV4.canonicalRequest(method: request.method, uri: request.target, headers: request.headers,
                                                   signedHeaders: authorization.signedHeaders, payloadHash: payloadHash(request),
                                                   normalizePath: test.normalize)
            XCTAssertEqual(canonical, test.canonicalRequest, test.name)
            let stringToSign = SigV4.stringToSign(requestTime: request.header("X-Amz-Date")!, credential: authorization.credential,
                                                  canonicalRequest: canonical)
            XCTAssertEqual(stringToSign, test.stringToSign, test.name)
            XCTAssertEqual(SigV4.signature(stringToSign: stringToSign, secret: exampleSecret, credential: authorization.credential),
                           test.signature, test.name)
            XCTAssertEqual(authorization.signature, test.signature, test.name)
        }
    }

    func testTheSuitesSignedRequestsVerify() {
        for test in signatureTestSuite {
            let request = SuiteRequest(test.signedRequest)
            let result = SigV4.verify(method: request.method, uri: request.target, headers: request.headers, body: request.body,
                                      authorization: request.authorization, secret: exampleSecret, now: suiteTime,
                                      normalizePath: test.normalize)
            XCTAssertNil(result, test.name)
        }
    }

    /// Any change to what is signed, or a wrong secret, is a mismatch.
    func testTamperedSuiteRequestsDoNotVerify() {
        for test in signatureTestSuite {
            let request = SuiteRequest(test.signedRequest)
            func verify(_ changed: SuiteRequest, secret: String = exampleSecret, authorization: Authorization? = nil) -> SigV4.Failure? {
                SigV4.verify(method: changed.method, uri: changed.target, headers: changed.headers, body: changed.body,
                             authorization: authorization ?? request.authorization, secret: secret, now: suiteTime,
                             normalizePath: test.normalize)
            }
            XCTAssertEqual(verify(request, secret: exampleSecret + "x"), .signatureMismatch, test.name)
            var method = request
            method.method = method.method == "GET" ? "POST" : "GET"
            XCTAssertEqual(verify(method), .signatureMismatch, test.name)
            var path = request
            path.target = "/other" + path.target
            XCTAssertEqual(verify(path), .signatureMismatch, test.name)
            var host = request
            host.headers = host.headers.map { $0.name == "Host" ? ($0.name, "example.org") : $0 }
            XCTAssertEqual(verify(host), .signatureMismatch, test.name)
            var signature = request.authorization
            signature.signature = String(signature.signature.dropLast()) + (signature.signature.last == "0" ? "1" : "0")
            XCTAssertEqual(verify(request, authorization: signature), .signatureMismatch, test.name)
            // Headers that are not signed may change.
            var unsigned = request
            unsigned.headers.append(("User-Agent", "anything"))
            XCTAssertNil(verify(unsigned), test.name)
        }
    }

    // MARK: Requests botocore 1.43 signed for DynamoDB (Tests data generated with botocore's SigV4Auth)

    struct BotocoreCase {
        var target: String
        var headers: [Header]
        var body: String
        var canonicalRequest: String
    }

    static let getItemBody = #"{"TableName": "messages", "Key": {"pk": {"S": "conv#1"}, "sk": {"S": "2025-01-01T10:00:00Z"}}, "ConsistentRead": true}"#

    let botocore: [BotocoreCase] = [
        BotocoreCase(
            target: "/",
            headers: [("Host", "localhost:8000"), ("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.GetItem"),
                      ("User-Agent", "Boto3/1.40 md/Botocore#1.40  ua/2.1 os/linux"), ("X-Amz-Date", "20260101T000000Z"),
                      ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=8f01c75dcacb6ec5302fb6c708415025e1b18c16c267b4a7c540498c756bb4aa")],
            body: getItemBody,
            canonicalRequest: """
                POST
                /

                content-type:application/x-amz-json-1.0
                host:localhost:8000
                x-amz-date:20260101T000000Z
                x-amz-target:DynamoDB_20120810.GetItem

                content-type;host;x-amz-date;x-amz-target
                d88db52ce2316b4411d9fe7cad348e9eddf70f52794c5c46af6229cbd7b04ee6
                """),
        BotocoreCase(
            target: "/",
            headers: [("Host", "localhost:8000"), ("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.GetItem"),
                      ("User-Agent", "Boto3/1.40 md/Botocore#1.40  ua/2.1 os/linux"), ("X-Amz-Date", "20260101T000000Z"),
                      ("X-Amz-Security-Token", "FQoGZXIvYXdzEXAMPLETOKEN//////////wEaDA=="),
                      ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=f9e44efe692ebfe53716fcea0687ef4225e2afdb7c7939db62d4fe88f674e584")],
            body: getItemBody,
            canonicalRequest: """
                POST
                /

                content-type:application/x-amz-json-1.0
                host:localhost:8000
                x-amz-date:20260101T000000Z
                x-amz-security-token:FQoGZXIvYXdzEXAMPLETOKEN//////////wEaDA==
                x-amz-target:DynamoDB_20120810.GetItem

                content-type;host;x-amz-date;x-amz-security-token;x-amz-target
                d88db52ce2316b4411d9fe7cad348e9eddf70f52794c5c46af6229cbd7b04ee6
                """),
        // The wire path is encoded again for the canonical request; the query is decoded and re-encoded.
        BotocoreCase(
            target: "/a%20b/../c%2Fd?z=1&a=%E1%88%B4",
            headers: [("Host", "localhost:8000"), ("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.GetItem"),
                      ("User-Agent", "Boto3/1.40 md/Botocore#1.40  ua/2.1 os/linux"), ("X-Amz-Date", "20260101T000000Z"),
                      ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=feff839407fef60feb46d66e16c6840a6e12a0cd3555d43f605bb4ed68e62768")],
            body: "",
            canonicalRequest: """
                POST
                /c%252Fd
                a=%E1%88%B4&z=1
                content-type:application/x-amz-json-1.0
                host:localhost:8000
                x-amz-date:20260101T000000Z
                x-amz-target:DynamoDB_20120810.GetItem

                content-type;host;x-amz-date;x-amz-target
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """),
    ]

    func testRequestsBotocoreSignedForDynamoDB() throws {
        let now = Timestamp.parseBasic("20260101T000100Z")!
        for test in botocore {
            let authorization = try Authorization.check(test.headers.first { $0.name == "Authorization" }?.value,
                                                        amzDate: "20260101T000000Z", date: nil).get()
            let body = Array(test.body.utf8)
            XCTAssertEqual(SigV4.canonicalRequest(method: "POST", uri: test.target, headers: test.headers,
                                                  signedHeaders: authorization.signedHeaders, payloadHash: SHA256.hash(body).hex),
                           test.canonicalRequest, test.target)
            XCTAssertNil(SigV4.verify(method: "POST", uri: test.target, headers: test.headers, body: body,
                                      authorization: authorization, secret: exampleSecret, now: now), test.target)
            XCTAssertEqual(SigV4.verify(method: "POST", uri: test.target, headers: test.headers, body: body + [0x20],
                                        authorization: authorization, secret: exampleSecret, now: now), .signatureMismatch, test.target)
        }
    }

    // MARK: Failures, in the service's order

    /// Signs a request the way an SDK does, with the module's own parts (checked above).
    func sign(_ headers: [Header], body: String, time: String = "20260101T000000Z", secret: String = exampleSecret,
              accessKey: String = "AKIDEXAMPLE") -> (headers: [Header], authorization: Authorization) {
        let credential = Authorization.Credential(accessKeyId: accessKey, date: String(time.prefix(8)), region: "us-east-1",
                                                  service: "dynamodb", terminator: "aws4_request")
        var headers = headers
        if !headers.contains(where: { $0.name.lowercased() == "date" }) { headers.append(("X-Amz-Date", time)) }
        let signed = headers.map { $0.name.lowercased() }.sorted()
        let payload = headers.first { $0.name.lowercased() == "x-amz-content-sha256" }?.value ?? SHA256.hash(body).hex
        let canonical = SigV4.canonicalRequest(method: "POST", uri: "/", headers: headers, signedHeaders: signed, payloadHash: payload)
        let stringToSign = SigV4.stringToSign(requestTime: time, credential: credential, canonicalRequest: canonical)
        let signature = SigV4.signature(stringToSign: stringToSign, secret: secret, credential: credential)
        return (headers, Authorization(credential: credential, signedHeaders: signed, signature: signature))
    }

    let base: [Header] = [("Host", "localhost:8000"), ("Content-Type", "application/x-amz-json-1.0"),
                          ("X-Amz-Target", "DynamoDB_20120810.ListTables")]

    func verify(_ signed: (headers: [Header], authorization: Authorization), body: String, secret: String? = exampleSecret,
                now: String = "20260101T000000Z") -> SigV4.Failure? {
        SigV4.verify(method: "POST", uri: "/", headers: signed.headers, body: Array(body.utf8), authorization: signed.authorization,
                     secret: secret, now: Timestamp.parseBasic(now)!)
    }

    func testClockSkewOfFifteenMinutesEitherWay() {
        let request = sign(base, body: "{}")
        XCTAssertNil(verify(request, body: "{}", now: "20260101T001500Z"))
        XCTAssertNil(verify(request, body: "{}", now: "20251231T234500Z"))
        XCTAssertEqual(verify(request, body: "{}", now: "20260101T001501Z"),
                       .expired(signed: "20260101T000000Z", earliest: "20260101T000001Z", now: "20260101T001501Z"))
        XCTAssertEqual(verify(request, body: "{}", now: "20251231T234459Z"),
                       .notYetCurrent(signed: "20260101T000000Z", latest: "20251231T235959Z", now: "20251231T234459Z"))
    }

    func testTheClockIsCheckedBeforeTheKeyAndTheKeyBeforeTheSignature() {
        let request = sign(base, body: "{}", secret: "wrong")
        XCTAssertEqual(verify(request, body: "{}", secret: nil, now: "20260102T000000Z"),
                       .expired(signed: "20260101T000000Z", earliest: "20260101T234500Z", now: "20260102T000000Z"))
        XCTAssertEqual(verify(request, body: "{}", secret: nil), .unknownAccessKey)
        XCTAssertEqual(verify(request, body: "{}"), .signatureMismatch)
    }

    func testTheDateHeaderStandsInForXAmzDate() {
        let request = sign(base + [("Date", "Thu, 01 Jan 2026 00:00:00 GMT")], body: "{}")
        XCTAssertNil(verify(request, body: "{}"))
        XCTAssertEqual(verify(request, body: "{}", now: "20260101T001501Z"),
                       .expired(signed: "20260101T000000Z", earliest: "20260101T000001Z", now: "20260101T001501Z"))
        var garbled = request
        garbled.headers = garbled.headers.map { $0.name == "Date" ? ($0.name, "yesterday") : $0 }
        XCTAssertEqual(verify(garbled, body: "{}"), .malformedDate("yesterday"))
        // X-Amz-Date that has the form but names no real time.
        XCTAssertEqual(verify(sign(base, body: "{}", time: "20261341T000000Z"), body: "{}"), .malformedDate("20261341T000000Z"))
    }

    func testContentSHA256MustBeTheBodysHash() {
        let body = #"{"TableName": "t"}"#
        let right = sign(base + [("X-Amz-Content-Sha256", SHA256.hash(body).hex)], body: body)
        XCTAssertNil(verify(right, body: body))
        // The header is signed, so the signature holds; the body is what changed.
        XCTAssertEqual(verify(right, body: body + " "), .contentSHA256Mismatch)
        let wrong = sign(base + [("X-Amz-Content-Sha256", SHA256.hash("other").hex)], body: body)
        XCTAssertEqual(verify(wrong, body: body), .contentSHA256Mismatch)
        // UNSIGNED-PAYLOAD leaves the body out of the signature.
        let unsigned = sign(base + [("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")], body: body)
        XCTAssertNil(verify(unsigned, body: "{}"))
        // Without the header, a changed body changes the canonical request.
        XCTAssertEqual(verify(sign(base, body: body), body: body + " "), .signatureMismatch)
    }

    func testHeaderValuesAreTrimmedAndRepeatsJoinedInOrder() {
        let headers = base + [("X-Custom", "  a   b  "), ("x-custom", "c"), ("X-CUSTOM", "\td\t")]
        let canonical = SigV4.canonicalRequest(method: "POST", uri: "/", headers: headers, signedHeaders: ["host", "x-custom"],
                                               payloadHash: "h")
        XCTAssertEqual(canonical, "POST\n/\n\nhost:localhost:8000\nx-custom:a b,c,d\n\nhost;x-custom\nh")
        // A signed header the request lacks is signed as empty (and so never matches a real signature).
        XCTAssertEqual(SigV4.canonicalRequest(method: "GET", uri: "", headers: [Header](), signedHeaders: ["host"], payloadHash: "h"),
                       "GET\n/\n\nhost:\n\nhost\nh")
    }

    func testCanonicalPaths() {
        func path(_ uri: String, normalize: Bool = true) -> String {
            SigV4.canonicalRequest(method: "GET", uri: uri, headers: [Header](), signedHeaders: [], payloadHash: "")
                .split(separator: "\n", omittingEmptySubsequences: false)[1].description
        }
        XCTAssertEqual(path("/"), "/")
        XCTAssertEqual(path(""), "/")
        XCTAssertEqual(path("?a=b"), "/")
        XCTAssertEqual(path("/a/./b/../c/"), "/a/c/")
        XCTAssertEqual(path("/a/b/../../.."), "/")
        XCTAssertEqual(path("/%41%2F"), "/%2541%252F")
        XCTAssertEqual(path("/a+b=c:d"), "/a%2Bb%3Dc%3Ad")
    }

    func testCanonicalQueries() {
        func query(_ uri: String) -> String {
            SigV4.canonicalRequest(method: "GET", uri: uri, headers: [Header](), signedHeaders: [], payloadHash: "")
                .split(separator: "\n", omittingEmptySubsequences: false)[2].description
        }
        XCTAssertEqual(query("/?b=2&a=1&a=0"), "a=0&a=1&b=2")
        XCTAssertEqual(query("/?flag&x="), "flag=&x=")
        XCTAssertEqual(query("/?a%20b=c+d&%zz=%4"), "%25zz=%254&a%20b=c%2Bd")
        XCTAssertEqual(query("/?&&a=1&"), "a=1")
    }

    // MARK: Keys and the verifier

    func testSigningKeyMatchesTheDocumentedExample() {
        // The SigV4 documentation's example: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
        // 20150830/us-east-1/iam gives this signing key.
        let kDate = HMACKey(Array("AWS4\(exampleSecret)".utf8)).authenticate("20150830")
        let kRegion = HMACKey(kDate).authenticate("us-east-1")
        let kService = HMACKey(kRegion).authenticate("iam")
        let documented = "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        XCTAssertEqual(HMACKey(kService).authenticate("aws4_request").hex, documented)
        let bytes = stride(from: 0, to: 64, by: 2).map { offset -> UInt8 in
            let start = documented.index(documented.startIndex, offsetBy: offset)
            return UInt8(documented[start..<documented.index(start, offsetBy: 2)], radix: 16)!
        }
        XCTAssertEqual(SigV4.signingKey(secret: exampleSecret, date: "20150830", region: "us-east-1", service: "iam").authenticate("m"),
                       HMACKey(bytes).authenticate("m"))
    }

    func testTheCacheIsBoundedAndSharedSafely() {
        let cache = SigningKeyCache(limit: 3)
        let regions = ["us-east-1", "eu-west-1", "ap-south-1", "local", "us-west-2"]
        let expected = regions.map { SigV4.signingKey(secret: "s", date: "20260101", region: $0, service: "dynamodb").authenticate("m") }
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for i in 0..<500 {
                let index = (i + thread) % regions.count
                let key = cache.key(secret: "s", date: "20260101", region: regions[index], service: "dynamodb")
                XCTAssertEqual(key.authenticate("m"), expected[index])
            }
        }
        XCTAssertLessThanOrEqual(cache.count, 3)
        _ = cache.key(secret: "s", date: "20260101", region: "us-east-1", service: "dynamodb")
        XCTAssertGreaterThanOrEqual(cache.count, 1)
    }

    func testTheVerifierLooksUpTheSecretByAccessKey() {
        let verifier = SignatureVerifier(credentials: ["AKIDEXAMPLE": exampleSecret, "OTHER": "other"])
        let now = Timestamp.parseBasic("20260101T000000Z")!
        let good = sign(base, body: "{}")
        XCTAssertNil(verifier.verify(method: "POST", uri: "/", headers: good.headers, body: Array("{}".utf8),
                                     authorization: good.authorization, now: now))
        let other = sign(base, body: "{}", accessKey: "OTHER")
        XCTAssertEqual(verifier.verify(method: "POST", uri: "/", headers: other.headers, body: Array("{}".utf8),
                                       authorization: other.authorization, now: now), .signatureMismatch)
        let unknown = sign(base, body: "{}", accessKey: "NOBODY")
        XCTAssertEqual(verifier.verify(method: "POST", uri: "/", headers: unknown.headers, body: Array("{}".utf8),
                                       authorization: unknown.authorization, now: now), .unknownAccessKey)
    }

    // MARK: Timestamps

    func testTimestamps() {
        XCTAssertEqual(Timestamp.parseBasic("19700101T000000Z"), 0)
        XCTAssertEqual(Timestamp.parseBasic("20150830T123600Z"), 1_440_938_160)
        XCTAssertEqual(Timestamp.parseBasic("20240229T235959Z"), 1_709_251_199)
        XCTAssertEqual(Timestamp.parseBasic("20000229T000000Z"), 951_782_400)
        for invalid in ["20230229T000000Z", "21000229T000000Z", "20261301T000000Z", "20260100T000000Z", "20260101T240000Z",
                        "20260101T000000", "2026-01-01T00:00:00Z", ""] {
            XCTAssertNil(Timestamp.parseBasic(invalid), invalid)
        }
        for seconds: Int64 in [0, 951_782_400, 1_440_938_160, 1_709_251_199, 4_102_444_800, 253_402_300_799, -1] {
            XCTAssertEqual(Timestamp.parseBasic(Timestamp.formatBasic(seconds)), seconds, "\(seconds)")
        }
        XCTAssertEqual(Timestamp.formatBasic(4_102_444_800), "21000101T000000Z")
        XCTAssertEqual(Timestamp.formatBasic(-1), "19691231T235959Z")
        XCTAssertEqual(Timestamp.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 GMT"), 1_440_938_160)
        XCTAssertNil(Timestamp.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 PST"))
        XCTAssertNil(Timestamp.parseHTTPDate("Sun, 31 Sep 2015 12:36:00 GMT"))
        XCTAssertLessThan(abs(Timestamp.now() - Int64(Date().timeIntervalSince1970)), 5)
    }
}
