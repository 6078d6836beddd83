import XCTest
@testable import AWSSigV4

final class AuthorizationTests: XCTestCase {
    let date = "20150830T123600Z"

    func check(_ header: String?, amzDate: String? = "20150830T123600Z", date: String? = nil) -> Result<Authorization, Authorization.ParseError> {
        Authorization.check(header, amzDate: amzDate, date: date)
    }

    func testParsesTheHeaderTheSDKsSend() throws {
        let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        let parsed = try check(header).get()
        XCTAssertEqual(parsed.credential.accessKeyId, "AKIDEXAMPLE")
        XCTAssertEqual(parsed.credential.date, "20150830")
        XCTAssertEqual(parsed.credential.region, "us-east-1")
        XCTAssertEqual(parsed.credential.service, "dynamodb")
        XCTAssertEqual(parsed.credential.terminator, "aws4_request")
        XCTAssertEqual(parsed.signedHeaders, ["content-type", "host", "x-amz-date"])
        XCTAssertEqual(parsed.signature.count, 64)
    }

    func testAcceptsCommasOrSpacesInAnyOrder() throws {
        let commas = try check("AWS4-HMAC-SHA256 Signature=abc,SignedHeaders=host,Credential=K/20150830/eu-west-1/dynamodb/aws4_request").get()
        XCTAssertEqual(commas.credential.region, "eu-west-1")
        XCTAssertEqual(commas.signature, "abc")
        let spaces = try check("AWS4-HMAC-SHA256 Credential=K/20150830/localhost/dynamodb/aws4_request/ SignedHeaders=Host Signature=abc").get()
        XCTAssertEqual(spaces.credential.region, "localhost")
    }

    func testTheDateHeaderStandsInForXAmzDate() {
        XCTAssertNoThrow(try check("AWS4-HMAC-SHA256 Credential=K/20991231/r/dynamodb/aws4_request, SignedHeaders=host, Signature=x",
                                   amzDate: nil, date: "Sun, 30 Aug 2015 12:36:00 GMT").get())
    }

    func testNoHeaderOrAnotherSchemeIsAMissingToken() {
        for header in [nil, "", "Basic dXNlcjpwYXNz", "AWS4", "AWS AKID:sig"] {
            XCTAssertEqual(check(header), .failure(.missingToken), header ?? "nil")
        }
    }

    func testReportsMissingParametersAndDateInOrder() {
        XCTAssertEqual(check("AWS4-HMAC-SHA256 SignedHeaders=host"), .failure(.missingParameters(["Credential", "Signature"], missingDate: false)))
        XCTAssertEqual(check("AWS4-", amzDate: nil), .failure(.missingParameters(["Credential", "Signature", "SignedHeaders"], missingDate: true)))
        XCTAssertEqual(check("AWS4-HMAC-SHA256 Credential=K/20150830/r/dynamodb/aws4_request, SignedHeaders=host, Signature=x", amzDate: nil),
                       .failure(.missingParameters([], missingDate: true)))
    }

    func testLaterChecksInTheServicesOrder() {
        let credential = "Credential=K/20150830/r/dynamodb/aws4_request"
        XCTAssertEqual(check("AWS4-HMAC-SHA256 \(credential), SignedHeaders=host, Signature=x", amzDate: "2015-08-30"), .failure(.malformedDate("2015-08-30")))
        XCTAssertEqual(check("AWS4-HMAC-SHA25 \(credential), SignedHeaders=x-amz-date, Signature=x"), .failure(.hostNotSigned))
        XCTAssertEqual(check("AWS4-HMAC-SHA25 \(credential), SignedHeaders=host, Signature=x"), .failure(.unsupportedAlgorithm("AWS4-HMAC-SHA25")))
        XCTAssertEqual(check("AWS4-HMAC-SHA256 Credential=AKID/20150830, SignedHeaders=host, Signature=x"), .failure(.malformedCredential("AKID/20150830")))
    }

    func testCredentialScope() {
        XCTAssertEqual(check("AWS4-HMAC-SHA256 Credential=K/20150829//s3/aws4, SignedHeaders=host, Signature=x"),
                       .failure(.invalidScope([.region(""), .service("s3"), .terminator("aws4"), .date(scope: "20150829", amzDate: date)])))
    }

    func testBasicISO8601() {
        XCTAssertTrue(Authorization.isBasicISO8601("20260101T000000Z"))
        XCTAssertFalse(Authorization.isBasicISO8601("20260101T000000"))
        XCTAssertFalse(Authorization.isBasicISO8601("2026-01-01T00:00:00Z"))
    }

    /// The byte-wise parser must agree with the Character-based one on every ASCII header.
    func testByteParserAgreesWithCharacterParser() {
        let pieces = ["AWS4-HMAC-SHA256", "AWS4-HMAC-SHA25", "AWS4-", "aws4-x", " ", "\t", "\r\n", "\u{0B}", ",", ", ", "=", "/",
                      "Credential=K/20150830/us-east-1/dynamodb/aws4_request", "Credential=K/20150830/r/dynamodb/aws4_request//",
                      "Credential=", "Credential=K/20150829//s3/aws4", "Credential=AKID/20150830", "Credential=///",
                      "Credential=a/b/c/d/e/f", "SignedHeaders=host", "SignedHeaders=Host;x-amz-date", "SignedHeaders=;;HOST;",
                      "SignedHeaders=", "SignedHeaders=x", "Signature=abc", "Signature=", "Signature==x", "Other=1", "noequals",
                      // Past eight bytes, for the word-at-a-time scans: letters around A-Z's edges
                      // (lower-casing), control bytes and long runs without a delimiter.
                      "SignedHeaders=Content-Type;HOST;X-Amz-Date;@AZ[`az{", "SignedHeaders=host;\u{01}\u{1F}\u{7F}ABCDEFGHIJ",
                      "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", "\u{01}", "\u{1F}",
                      "Credential=AKIDEXAMPLEAKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...8, using: &generator)
            let header = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for (amzDate, date) in [("20150830T123600Z", nil), (nil, nil), (nil, "x"), ("2015-08-30", nil), ("20150829T000000Z", "y")] as [(String?, String?)] {
                let bytes = Array(header.utf8)
                let fast = bytes.withUnsafeBufferPointer { Authorization.checkASCII($0, amzDate: amzDate, date: date) }
                XCTAssertEqual(fast, Authorization.checkCharacters(header, amzDate: amzDate, date: date), header.debugDescription)
            }
        }
        // Non-ASCII headers take the Character path (U+00A0 is whitespace there).
        XCTAssertNil(Array("AWS4-HMAC-SHA256\u{A0}Credential=x".utf8).withUnsafeBufferPointer { Authorization.checkASCII($0, amzDate: nil, date: nil) })
        XCTAssertEqual(check("AWS4-HMAC-SHA256\u{A0}Credential=K/20150830/r/dynamodb/aws4_request\u{A0}SignedHeaders=host\u{A0}Signature=x").map(\.signature), .success("x"))
    }
}
