import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class UpdateTimeToLiveTests: XCTestCase {
    func testEnableDescribeDisable() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        XCTAssertEqual(try h.call("DescribeTimeToLive", #"{"TableName": "things"}"#).text,
                       #"{"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}}"#)
        let enabled = try h.call("UpdateTimeToLive", #"{"TableName": "things", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ttl"}}"#)
        XCTAssertEqual(enabled.text, #"{"TimeToLiveSpecification":{"Enabled":true,"AttributeName":"ttl"}}"#)
        XCTAssertEqual(try h.call("DescribeTimeToLive", #"{"TableName": "things"}"#).text,
                       #"{"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"ttl"}}"#)
        try h.call("UpdateTimeToLive", #"{"TableName": "things", "TimeToLiveSpecification": {"Enabled": false, "AttributeName": "ttl"}}"#)
        XCTAssertEqual(try h.call("DescribeTimeToLive", #"{"TableName": "things"}"#).text,
                       #"{"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}}"#)
    }

    func testNoChangeAndOtherAttribute() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        func update(_ enabled: Bool, _ name: String) throws -> DynamoError {
            try h.error("UpdateTimeToLive", #"{"TableName": "things", "TimeToLiveSpecification": {"Enabled": \#(enabled), "AttributeName": "\#(name)"}}"#)
        }
        assertError(try update(false, "ttl"), .validation, Messages.timeToLiveAlreadyDisabled)
        try h.call("UpdateTimeToLive", #"{"TableName": "things", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ttl"}}"#)
        assertError(try update(true, "ttl"), .validation, Messages.timeToLiveAlreadyEnabled)
        assertError(try update(true, "other"), .validation, Messages.timeToLiveOtherAttribute("ttl"))
        assertError(try update(false, "other"), .validation, Messages.timeToLiveOtherAttribute("ttl"))
    }

    func testSpecificationConstraintsAndMissingTable() throws {
        let h = EngineHarness()
        let error = try h.error("UpdateTimeToLive", #"{"TableName": "things", "TimeToLiveSpecification": {}}"#)
        XCTAssertTrue(error.message!.hasPrefix("2 validation errors detected: "), error.message!)
        assertError(try h.error("UpdateTimeToLive", #"{"TableName": "things", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "a"}}"#),
                    .resourceNotFound, Messages.tableNotFound("things"))
        assertError(try h.error("DescribeTimeToLive", #"{"TableName": "things"}"#), .resourceNotFound, Messages.tableNotFound("things"))
    }
}
