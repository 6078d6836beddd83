import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class ListTagsOfResourceTests: XCTestCase {
    func testEmptyListAndCreateTableTags() throws {
        let h = EngineHarness()
        try h.createHashTable("plain")
        XCTAssertEqual(try h.call("ListTagsOfResource", #"{"ResourceArn": "arn:aws:dynamodb:ddblocal:000000000000:table/plain"}"#).text,
                       #"{"Tags":[]}"#)
        try h.call("CreateTable", """
            {"TableName": "tagged", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "Tags": [{"Key": "env", "Value": "dev"}]}
            """)
        // Any region and account: the credentials choose the database, not the ARN.
        XCTAssertEqual(try h.call("ListTagsOfResource", #"{"ResourceArn": "arn:aws:dynamodb:eu-west-1:123456789012:table/tagged"}"#).text,
                       #"{"Tags":[{"Key":"env","Value":"dev"}]}"#)
    }

    func testBadArns() throws {
        let h = EngineHarness()
        let short = "arn:aws:dynamodb:ddblocal:000000000000:table/ab"
        assertError(try h.error("ListTagsOfResource", #"{"ResourceArn": "\#(short)"}"#), .validation, Messages.invalidResourceArn(short))
        let s3 = "arn:aws:s3:::bucket"
        assertError(try h.error("ListTagsOfResource", #"{"ResourceArn": "\#(s3)"}"#), .validation, Messages.notDynamoArn(s3))
    }
}
