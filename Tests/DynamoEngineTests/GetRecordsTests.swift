import XCTest
@testable import DynamoEngine
@testable import DynamoModel
@testable import DynamoStorage

/// GetRecords and the Time to Live sweep, without HTTP: iterator expiry and trimming need a clock
/// the Conformance suite cannot wait for.
final class GetRecordsTests: XCTestCase {
    func makeStreamTable(_ h: EngineHarness) throws -> (arn: String, shard: String) {
        try h.call("CreateTable", """
            {"TableName": "events", "BillingMode": "PAY_PER_REQUEST",
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
             "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"}}
            """)
        let arn = try h.call("DescribeTable", #"{"TableName": "events"}"#)["Table"]!["LatestStreamArn"]!.stringValue!
        let shard = try h.call("DynamoDBStreams.DescribeStream", #"{"StreamArn": "\#(arn)"}"#)["StreamDescription"]!["Shards"]![0]!["ShardId"]!.stringValue!
        return (arn, shard)
    }

    func testAnIteratorExpiresAfterFifteenMinutes() throws {
        let h = EngineHarness()
        let (arn, shard) = try makeStreamTable(h)
        let stale = ShardIterator(arn: arn, shardId: shard, position: 1, issued: Date().timeIntervalSince1970 - 16 * 60)
        assertError(try h.error("DynamoDBStreams.GetRecords", #"{"ShardIterator": "\#(stale.text)"}"#), .expiredIterator,
                    "Iterator expired. The iterator was created more than 15 minutes ago.")
        let fresh = ShardIterator(arn: arn, shardId: shard, position: 1, issued: Date().timeIntervalSince1970 - 14 * 60)
        XCTAssertNoThrow(try h.call("DynamoDBStreams.GetRecords", #"{"ShardIterator": "\#(fresh.text)"}"#))
    }

    func testRecordsPastRetentionAreTrimmed() throws {
        let h = EngineHarness()
        let (arn, shard) = try makeStreamTable(h)
        for i in 0..<3 { try h.call("PutItem", #"{"TableName": "events", "Item": {"pk": {"S": "k\#(i)"}}}"#) }
        let iterator = try h.call("DynamoDBStreams.GetShardIterator",
                                  #"{"StreamArn": "\#(arn)", "ShardId": "\#(shard)", "ShardIteratorType": "TRIM_HORIZON"}"#)["ShardIterator"]!.stringValue!
        // A sweep a day later drops every record; the old iterator now points before the oldest one.
        try h.engine.sweepExpiredItems(now: Date().timeIntervalSince1970 + Streams.retention + 60)
        try h.call("PutItem", #"{"TableName": "events", "Item": {"pk": {"S": "late"}}}"#)
        assertError(try h.error("DynamoDBStreams.GetRecords", #"{"ShardIterator": "\#(iterator)"}"#), .trimmedDataAccess,
                    "The operation attempted to read past the oldest stream record in a shard.")
        let fresh = try h.call("DynamoDBStreams.GetShardIterator",
                               #"{"StreamArn": "\#(arn)", "ShardId": "\#(shard)", "ShardIteratorType": "TRIM_HORIZON"}"#)["ShardIterator"]!.stringValue!
        let records = try h.call("DynamoDBStreams.GetRecords", #"{"ShardIterator": "\#(fresh)"}"#)["Records"]!
        XCTAssertEqual(records.arrayValue?.count, 1)
    }

    func testTimeToLiveDeletesOnlyExpiredNumbers() throws {
        let h = EngineHarness()
        _ = try makeStreamTable(h)
        try h.call("UpdateTimeToLive", #"{"TableName": "events", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ttl"}}"#)
        let now = Date().timeIntervalSince1970
        for (pk, ttl) in [("past", #"{"N": "\#(Int(now) - 10)"}"#), ("future", #"{"N": "\#(Int(now) + 1000)"}"#),
                          ("text", #"{"S": "1"}"#), ("ancient", #"{"N": "\#(Int(now) - 6 * 365 * 86400)"}"#)] {
            try h.call("PutItem", #"{"TableName": "events", "Item": {"pk": {"S": "\#(pk)"}, "ttl": \#(ttl)}}"#)
        }
        XCTAssertEqual(try h.engine.sweepExpiredItems(now: now), 1)
        let left = try h.call("Scan", #"{"TableName": "events"}"#)["Items"]!.arrayValue!.map { $0["pk"]!["S"]!.stringValue! }
        XCTAssertEqual(Set(left), ["future", "text", "ancient"])
    }
}

private extension JSON {
    var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    var arrayValue: [JSON]? { if case .array(let a) = tree { return a } else { return nil } }
    subscript(index: Int) -> JSON? { arrayValue.flatMap { index < $0.count ? $0[index] : nil } }
}
