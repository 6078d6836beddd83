import XCTest
@testable import DynamoEngine
@testable import DynamoModel
import TestSupport

/// Decoding AttributeValue maps while parsing (`JSON.parse(_:hint:)`, `Engine.operation(named:)`) must
/// change no outcome: two engines get the same requests, one parsed into trees and one with the
/// operation's hint, and must answer alike (result or error type and message), request by
/// request, over valid requests and mutations of them.
final class ParseHintTests: XCTestCase {
    static let iterations = ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 3000

    static let requests: [(String, String)] = [
        ("PutItem", #"{"TableName":"tab","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"n":{"N":"1.50"},"s":{"SS":["x","y"]},"m":{"M":{"l":{"L":[{"NULL":true},{"BOOL":false},{"B":"AAE="}]}}}},"ConditionExpression":"attribute_not_exists(pk) OR n < :v","ExpressionAttributeValues":{":v":{"N":"9"}}}"#),
        ("BatchWriteItem", #"{"RequestItems":{"tab":[{"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"2"},"p":{"S":"payload"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"a"},"sk":{"N":"1"}}}},{"PutRequest":{"Item":{"pk":{"S":"c"},"sk":{"N":"3"},"ns":{"NS":["1","2"]}}}}]},"ReturnConsumedCapacity":"TOTAL"}"#),
        ("GetItem", ##"{"TableName":"tab","Key":{"pk":{"S":"b"},"sk":{"N":"2"}},"ProjectionExpression":"p, #s","ExpressionAttributeNames":{"#s":"sk"}}"##),
        ("Query", #"{"TableName":"tab","KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b","ExpressionAttributeValues":{":p":{"S":"c"},":a":{"N":"0"},":b":{"N":"9"}},"ExclusiveStartKey":{"pk":{"S":"c"},"sk":{"N":"0"}},"Limit":5}"#),
        ("UpdateItem", #"{"TableName":"tab","Key":{"pk":{"S":"c"},"sk":{"N":"3"}},"UpdateExpression":"SET q = :q ADD ns :n","ExpressionAttributeValues":{":q":{"L":[{"S":"x"}]},":n":{"NS":["5"]}},"ReturnValues":"ALL_NEW"}"#),
        ("BatchGetItem", #"{"RequestItems":{"tab":{"Keys":[{"pk":{"S":"b"},"sk":{"N":"2"}},{"pk":{"S":"c"},"sk":{"N":"3"}}]}}}"#),
        ("DeleteItem", #"{"TableName":"tab","Key":{"pk":{"S":"b"},"sk":{"N":"2"}},"ReturnValues":"ALL_OLD"}"#),
    ]

    static let punctuation = Array(#"{}[]:,"SNBL019 "#.utf8)

    func testHintedParsingAnswersExactlyAsTrees() throws {
        let trees = EngineHarness(), hinted = EngineHarness()
        for harness in [trees, hinted] {
            try harness.call("CreateTable", """
                {"TableName": "tab", "BillingMode": "PAY_PER_REQUEST",
                 "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                 "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}]}
                """)
        }
        let interesting: [[UInt8]] = [#"{"S":1}"#, #"{"N":"x"}"#, #"{"NULL":false}"#, #"{"SS":[]}"#, #"{"SS":["a","a"]}"#,
                                      #"{"B":"!"}"#, #"{}"#, "null", #"{"S":"a","N":"1"}"#, "[", "\\u0053", ":", ",", "\""].map { Array($0.utf8) }
        var rng = SplitMix64(seed: 11)
        var decodedWhileParsing = 0
        for iteration in 0..<Self.iterations {
            let (operation, text) = Self.requests[Int(rng.next(upTo: UInt64(Self.requests.count)))]
            var body = Array(text.utf8)
            // A third of the requests unchanged, the rest with one to three mutations.
            if iteration % 3 != 0 {
                for _ in 0..<(1 + Int(rng.next(upTo: 3))) {
                    let at = Int(rng.next(upTo: UInt64(body.count)))
                    switch rng.next(upTo: 3) {
                    case 0: body.remove(at: at)
                    case 1: body.insert(contentsOf: interesting[Int(rng.next(upTo: UInt64(interesting.count)))], at: at)
                    default: body[at] = Self.punctuation[Int(rng.next(upTo: UInt64(Self.punctuation.count)))]
                    }
                }
            }
            let hint = try XCTUnwrap(hinted.engine.operation(named: operation)?.parseHint)
            let tree = try? JSON.parse(body)
            let fast = try? JSON.parse(body, hint: hint)
            XCTAssertEqual(tree == nil, fast == nil, "parsing \(String(decoding: body, as: UTF8.self))")
            guard let tree, let fast else { continue }
            if Self.hasDecodedMap(fast) { decodedWhileParsing += 1 }
            let expected = trees.engine.handle(operation: operation, body: tree, namespace: trees.namespace)
            let actual = hinted.engine.handle(operation: operation, body: fast, namespace: hinted.namespace)
            XCTAssertEqual(Self.outcome(actual), Self.outcome(expected), "\(operation) \(String(decoding: body, as: UTF8.self))")
        }
        XCTAssertGreaterThan(decodedWhileParsing, Self.iterations / 3, "the fast path was hardly taken")
    }

    static func hasDecodedMap(_ json: JSON) -> Bool {
        switch json {
        case .attributes: return true
        case .object(let members): return members.contains { hasDecodedMap($0.1) }
        case .array(let elements): return elements.contains(where: hasDecodedMap)
        default: return false
        }
    }

    static func outcome(_ result: Result<JSON, DynamoError>) -> String {
        switch result {
        case .success(let json): return json.tree.text
        case .failure(let error): return "\(error.kind) \(error.message ?? "")"
        }
    }

    func testHintsPointAtEveryAttributeValueMap() throws {
        let engine = EngineHarness().engine
        guard case .members(let put)? = engine.operation(named: "PutItem")?.parseHint else { return XCTFail("PutItem has no hint") }
        XCTAssertEqual(Set(put.map(\.0)), ["Item", "ExpressionAttributeValues"])
        guard case .members(let batch)? = engine.operation(named: "BatchWriteItem")?.parseHint,
              case .values(.elements(.members(let writes)))? = batch.first(where: { $0.0 == "RequestItems" })?.1 else {
            return XCTFail("BatchWriteItem's RequestItems has no hint")
        }
        XCTAssertEqual(Set(writes.map(\.0)), ["PutRequest", "DeleteRequest"])
        guard case .members(let query)? = engine.operation(named: "Query")?.parseHint else { return XCTFail("Query has no hint") }
        XCTAssertEqual(Set(query.map(\.0)), ["ExclusiveStartKey", "ExpressionAttributeValues"])
        XCTAssertNil(engine.operation(named: "ListTables")?.parseHint)
        XCTAssertNotNil(engine.operation(named: "ListTables"))
        XCTAssertNotNil(engine.operation(named: "DynamoDBStreams.GetRecords"))
        XCTAssertNil(engine.operation(named: "NoSuchOperation"))
    }
}
