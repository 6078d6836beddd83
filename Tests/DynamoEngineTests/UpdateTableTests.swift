import XCTest
@testable import DynamoEngine
@testable import DynamoModel
import TestSupport

final class UpdateTableTests: XCTestCase {
    func testNothingToUpdate() throws {
        assertError(try EngineHarness().error("UpdateTable", #"{"TableName": "things"}"#), .validation, Messages.updateTableNothingToUpdate)
    }

    func testThroughputBookkeeping() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        var pt = try h.call("UpdateTable", #"{"TableName": "things", "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 5}}"#)["TableDescription"]?["ProvisionedThroughput"]
        XCTAssertNotNil(pt?["LastIncreaseDateTime"])
        XCTAssertNil(pt?["LastDecreaseDateTime"])
        pt = try h.call("UpdateTable", #"{"TableName": "things", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 5}}"#)["TableDescription"]?["ProvisionedThroughput"]
        XCTAssertNotNil(pt?["LastDecreaseDateTime"])
        XCTAssertEqual(pt?["NumberOfDecreasesToday"], .number("1"))
        XCTAssertEqual(pt?["ReadCapacityUnits"], .number("1"))
        assertError(try h.error("UpdateTable", #"{"TableName": "things", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 5}}"#),
                    .validation, Messages.throughputUnchanged(currentRead: 1, read: 1, currentWrite: 5, write: 5))
    }

    func testBillingModeSwitches() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        var table = try h.call("UpdateTable", #"{"TableName": "things", "BillingMode": "PAY_PER_REQUEST"}"#)["TableDescription"]
        XCTAssertEqual(table?["BillingModeSummary"]?["BillingMode"], .string("PAY_PER_REQUEST"))
        XCTAssertEqual(table?["ProvisionedThroughput"]?["ReadCapacityUnits"], .number("0"))
        assertError(try h.error("UpdateTable", #"{"TableName": "things", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}"#),
                    .validation, Messages.payPerRequestWithThroughput)
        assertError(try h.error("UpdateTable", #"{"TableName": "things", "BillingMode": "PROVISIONED"}"#),
                    .validation, Messages.provisionedNeedsThroughputOnUpdate)
        table = try h.call("UpdateTable", #"{"TableName": "things", "BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 3}}"#)["TableDescription"]
        XCTAssertEqual(table?["BillingModeSummary"]?["BillingMode"], .string("PROVISIONED"))
        XCTAssertNotNil(table?["BillingModeSummary"]?["LastUpdateToPayPerRequestDateTime"])
        XCTAssertEqual(table?["ProvisionedThroughput"]?["WriteCapacityUnits"], .number("3"))
    }

    func testStreams() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        let table = try h.call("UpdateTable", #"{"TableName": "things", "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"}}"#)["TableDescription"]
        guard case .string(let label)? = table?["LatestStreamLabel"] else { return XCTFail("no stream label") }
        XCTAssertEqual(table?["LatestStreamArn"], .string("arn:aws:dynamodb:ddblocal:000000000000:table/things/stream/" + label))
        assertError(try h.error("UpdateTable", #"{"TableName": "things", "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}}"#),
                    .validation, Messages.streamAlreadyEnabled("things"))
        let disabled = try h.call("UpdateTable", #"{"TableName": "things", "StreamSpecification": {"StreamEnabled": false}}"#)["TableDescription"]
        XCTAssertNil(disabled?["StreamSpecification"])
        XCTAssertEqual(disabled?["LatestStreamLabel"], .string(label))
        assertError(try h.error("UpdateTable", #"{"TableName": "things", "StreamSpecification": {"StreamEnabled": false}}"#),
                    .validation, Messages.noStreamToDisable("things"))
        assertError(try h.error("UpdateTable", #"{"TableName": "things", "StreamSpecification": {"StreamEnabled": true}}"#),
                    .validation, Messages.streamEnableNeedsViewType)
    }

    func testDeletionProtectionBlocksDeleteTable() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        let table = try h.call("UpdateTable", #"{"TableName": "things", "DeletionProtectionEnabled": true}"#)["TableDescription"]
        XCTAssertEqual(table?["DeletionProtectionEnabled"], .bool(true))
        assertError(try h.error("DeleteTable", #"{"TableName": "things"}"#), .validation, Messages.deletionProtected)
        assertError(try h.error("UpdateTable", #"{"TableName": "things", "DeletionProtectionEnabled": false, "TableClass": "STANDARD"}"#),
                    .validation, Messages.onlyOperation("TableClass"))
        try h.call("UpdateTable", #"{"TableName": "things", "DeletionProtectionEnabled": false}"#)
        try h.call("DeleteTable", #"{"TableName": "things"}"#)
    }

    func testTableClass() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        let table = try h.call("UpdateTable", #"{"TableName": "things", "TableClass": "STANDARD_INFREQUENT_ACCESS"}"#)["TableDescription"]
        XCTAssertEqual(table?["TableClassSummary"]?["TableClass"], .string("STANDARD_INFREQUENT_ACCESS"))
        assertError(try h.error("UpdateTable", #"{"TableName": "things", "TableClass": "COLD"}"#), .validation, Messages.invalidTableClass)
    }
}

/// Stream labels were formatted with Foundation's DateFormatter; they are computed now (the server
/// links no Foundation). The same text for times from 1970 to 2100, DateFormatter as the reference.
final class StreamLabelTests: XCTestCase {
    func testStreamLabelsAreUTCWithMilliseconds() {
        XCTAssertEqual(TableSettingsRequest.streamLabel(0), "1970-01-01T00:00:00.000")
        XCTAssertEqual(TableSettingsRequest.streamLabel(951_782_400.5), "2000-02-29T00:00:00.500")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        var rng = SplitMix64(seed: 1970)
        for _ in 0..<2000 {
            let seconds = Double(Int.random(in: 0..<4_102_444_800_000, using: &rng)) / 1000
            XCTAssertEqual(TableSettingsRequest.streamLabel(seconds), formatter.string(from: Date(timeIntervalSince1970: seconds)), "\(seconds)")
        }
    }
}
