import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class TagResourceTests: XCTestCase {
    let arn = "arn:aws:dynamodb:ddblocal:000000000000:table/things"

    func testTagsAreAddedAndOverwrittenInPlace() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        try h.call("TagResource", #"{"ResourceArn": "\#(arn)", "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": ""}]}"#)
        try h.call("TagResource", #"{"ResourceArn": "\#(arn)", "Tags": [{"Key": "a", "Value": "2"}]}"#)
        let tags = try h.call("ListTagsOfResource", #"{"ResourceArn": "\#(arn)"}"#)
        XCTAssertEqual(tags.text, #"{"Tags":[{"Key":"a","Value":"2"},{"Key":"b","Value":""}]}"#)
    }

    func testTagRules() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        func tagError(_ tags: String) throws -> DynamoError {
            try h.error("TagResource", #"{"ResourceArn": "\#(arn)", "Tags": \#(tags)}"#)
        }
        assertError(try tagError("[]"), .validation, Messages.noTags)
        assertError(try tagError(#"[{"Key": "k"}]"#), .validation, "The Tag Value provided is invalid, Value: null")
        assertError(try tagError(#"[{"Value": "v"}]"#), .validation, "The Tag Key provided is invalid, Key: null")
        assertError(try tagError(#"[{"Key": "a#b", "Value": "v"}]"#), .validation, "The Tag Key provided is invalid, Key: a#b")
        assertError(try tagError(#"[{"Key": "AWS:x", "Value": "v"}]"#), .validation, "Tag Key cannot be prefixed with aws:, Key: AWS:x")
        assertError(try tagError(#"[{"Key": "d", "Value": "1"}, {"Key": "d", "Value": "2"}]"#), .validation,
                    "Duplicate Tag Keys provided as input: Duplicate Tag Key found d")
        let many = (0...50).map { #"{"Key": "k\#($0)", "Value": "v"}"# }.joined(separator: ",")
        assertError(try tagError("[\(many)]"), .validation, Messages.tooManyTags)
        // Letters of any script, spaces and + - = . _ : / @ are allowed.
        try h.call("TagResource", #"{"ResourceArn": "\#(arn)", "Tags": [{"Key": "café ключ", "Value": "a+b-c=d.e_f:g/h@i"}]}"#)
    }

    func testArnChecks() throws {
        let h = EngineHarness()
        assertError(try h.error("TagResource", #"{"Tags": [{"Key": "k", "Value": "v"}]}"#), .validation, "Invalid TableArn")
        assertError(try h.error("TagResource", #"{"ResourceArn": "abcd", "Tags": []}"#), .validation, Messages.arnMustStartWithArn("abcd"))
        let missing = "arn:aws:dynamodb:us-east-1:123456789012:table/nope"
        assertError(try h.error("TagResource", #"{"ResourceArn": "\#(missing)", "Tags": [{"Key": "k", "Value": "v"}]}"#),
                    .resourceNotFound, Messages.resourceArnNotFound(missing))
        let index = arn + "/index/byX"
        assertError(try h.error("TagResource", #"{"ResourceArn": "\#(index)", "Tags": [{"Key": "k", "Value": "v"}]}"#),
                    .validation, Messages.notTableOrStreamArn(index))
    }

    func testCreateTableTagsAreCheckedBeforeTheTableExists() throws {
        let h = EngineHarness()
        let error = try h.error("CreateTable", """
            {"TableName": "things", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "Tags": [{"Key": "aws:x", "Value": "v"}]}
            """)
        assertError(error, .validation, Messages.reservedTagKey("aws:x"))
        assertError(try h.error("DescribeTable", #"{"TableName": "things"}"#), .resourceNotFound, Messages.tableNotFound("things"))
    }
}
