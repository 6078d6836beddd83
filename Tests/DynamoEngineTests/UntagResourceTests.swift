import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class UntagResourceTests: XCTestCase {
    let arn = "arn:aws:dynamodb:ddblocal:000000000000:table/things"

    func testRemovesKeysAndIgnoresAbsentOnes() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        try h.call("TagResource", #"{"ResourceArn": "\#(arn)", "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}"#)
        try h.call("UntagResource", #"{"ResourceArn": "\#(arn)", "TagKeys": ["a", "zzz"]}"#)
        XCTAssertEqual(try h.call("ListTagsOfResource", #"{"ResourceArn": "\#(arn)"}"#).text, #"{"Tags":[{"Key":"b","Value":"2"}]}"#)
    }

    func testKeyRules() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        assertError(try h.error("UntagResource", #"{"ResourceArn": "\#(arn)", "TagKeys": []}"#), .validation, Messages.noTagKeys)
        assertError(try h.error("UntagResource", #"{"ResourceArn": "\#(arn)", "TagKeys": [""]}"#), .validation, Messages.invalidTagKey(""))
        let many = (0...50).map { #""k\#($0)""# }.joined(separator: ",")
        assertError(try h.error("UntagResource", #"{"ResourceArn": "\#(arn)", "TagKeys": [\#(many)]}"#), .validation, Messages.tooManyTags)
    }
}
