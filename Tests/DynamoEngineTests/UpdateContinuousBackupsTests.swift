import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class UpdateContinuousBackupsTests: XCTestCase {
    func testPointInTimeRecoveryOnAndOff() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        XCTAssertEqual(try h.call("DescribeContinuousBackups", #"{"TableName": "things"}"#).text,
                       #"{"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED","PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"DISABLED"}}}"#)
        let on = try h.call("UpdateContinuousBackups", #"{"TableName": "things", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}}"#)
        let pitr = on["ContinuousBackupsDescription"]?["PointInTimeRecoveryDescription"]
        XCTAssertEqual(pitr?["PointInTimeRecoveryStatus"], .string("ENABLED"))
        XCTAssertEqual(pitr?["RecoveryPeriodInDays"], .number("35"))
        try h.call("UpdateContinuousBackups", #"{"TableName": "things", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": false}}"#)
        XCTAssertEqual(try h.call("DescribeContinuousBackups", #"{"TableName": "things"}"#)["ContinuousBackupsDescription"]?["PointInTimeRecoveryDescription"],
                       .object([("PointInTimeRecoveryStatus", .string("DISABLED"))]))
    }

    func testErrors() throws {
        let h = EngineHarness()
        assertError(try h.error("DescribeContinuousBackups", #"{"TableName": "nope"}"#), .tableNotFound, "Table not found: nope")
        try h.createHashTable("things")
        assertError(try h.error("UpdateContinuousBackups", #"{"TableName": "things", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": false, "RecoveryPeriodInDays": 3}}"#),
                    .validation, Messages.recoveryPeriodWhenDisabling)
        let error = try h.error("UpdateContinuousBackups", #"{"TableName": "things"}"#)
        XCTAssertEqual(error.message, "1 validation error detected: Value null at 'pointInTimeRecoverySpecification' failed to satisfy constraint: Member must not be null")
    }
}
