import XCTest
@testable import AWSSigV4

final class AuthorizationTests: XCTestCase {
    func testParsesTheHeaderTheSDKsSend() throws {
        let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        let parsed = try Authorization.parse(header).get()
        XCTAssertEqual(parsed.credential.accessKeyId, "AKIDEXAMPLE")
        XCTAssertEqual(parsed.credential.date, "20150830")
        XCTAssertEqual(parsed.credential.region, "us-east-1")
        XCTAssertEqual(parsed.credential.service, "dynamodb")
        XCTAssertEqual(parsed.credential.terminator, "aws4_request")
        XCTAssertEqual(parsed.signedHeaders, ["content-type", "host", "x-amz-date"])
        XCTAssertEqual(parsed.signature.count, 64)
    }

    func testAcceptsParametersWithoutSpacesInAnyOrder() throws {
        let parsed = try Authorization.parse("AWS4-HMAC-SHA256 Signature=abc,SignedHeaders=host,Credential=K/d/eu-west-1/dynamodb/aws4_request").get()
        XCTAssertEqual(parsed.credential.region, "eu-west-1")
        XCTAssertEqual(parsed.signature, "abc")
    }

    func testReportsMissingParametersInOrder() {
        XCTAssertEqual(Authorization.parse("AWS4-HMAC-SHA256 SignedHeaders=host"), .failure(.missingParameters(["Credential", "Signature"])))
        XCTAssertEqual(Authorization.parse("AWS4-HMAC-SHA256"), .failure(.missingParameters(["Credential", "Signature", "SignedHeaders"])))
    }

    func testRejectsOtherSchemes() {
        XCTAssertEqual(Authorization.parse("Basic dXNlcjpwYXNz"), .failure(.unsupportedScheme))
        XCTAssertEqual(Authorization.parse("AWS4-HMAC-SHA256X Credential=a"), .failure(.unsupportedScheme))
    }

    func testRejectsCredentialsWithTooFewParts() {
        XCTAssertEqual(Authorization.parse("AWS4-HMAC-SHA256 Credential=AKID/20150830, SignedHeaders=host, Signature=x"),
                       .failure(.malformedCredential("AKID/20150830")))
    }
}
