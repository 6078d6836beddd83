import XCTest
@testable import DynamoEngine
@testable import DynamoModel
@testable import DynamoStorage

/// Runs operations on an in-memory engine, without HTTP.
struct EngineHarness {
    let engine = Engine(storage: StorageEngine(location: .memory))
    var namespace = "test_us-east-1"

    @discardableResult
    func call(_ operation: String, _ body: String, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
        let json = try JSON.parse(body)
        switch engine.handle(operation: operation, body: json, namespace: namespace) {
        case .success(let result): return result
        case .failure(let error):
            XCTFail("\(operation) failed: \(error.kind) \(error.message ?? "")", file: file, line: line)
            throw error
        }
    }

    func error(_ operation: String, _ body: String) throws -> DynamoError {
        let json = try JSON.parse(body)
        switch engine.handle(operation: operation, body: json, namespace: namespace) {
        case .success(let result): throw Unexpected(result: result.text)
        case .failure(let error): return error
        }
    }

    struct Unexpected: Error { let result: String }

    func createHashRangeTable(_ name: String = "messages", rangeType: String = "S") throws {
        try call("CreateTable", """
            {"TableName": "\(name)", "BillingMode": "PAY_PER_REQUEST",
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "\(rangeType)"}]}
            """)
    }

    func createHashTable(_ name: String = "things") throws {
        try call("CreateTable", """
            {"TableName": "\(name)", "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}
            """)
    }
}

func assertError(_ error: DynamoError, _ kind: DynamoError.Kind, _ message: String?, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(error.kind, kind, file: file, line: line)
    XCTAssertEqual(error.message, message, file: file, line: line)
}
