import XCTest
@testable import DynamoEngine
@testable import DynamoModel
@testable import DynamoStorage

final class DescribeLimitsTests: XCTestCase {
    func testDefaultQuotas() throws {
        XCTAssertEqual(try EngineHarness().call("DescribeLimits", "{}").text,
                       #"{"AccountMaxReadCapacityUnits":80000,"AccountMaxWriteCapacityUnits":80000,"TableMaxReadCapacityUnits":40000,"TableMaxWriteCapacityUnits":40000}"#)
    }

    func testDescribeEndpointsNamesThisServer() throws {
        XCTAssertEqual(try EngineHarness().call("DescribeEndpoints", "{}").text,
                       #"{"Endpoints":[{"Address":"localhost","CachePeriodInMinutes":1440}]}"#)
        let engine = Engine(storage: StorageEngine(location: .memory), options: .init(port: 8123))
        guard case .success(let result) = engine.handle(operation: "DescribeEndpoints", body: .object([]), namespace: "n") else {
            return XCTFail("DescribeEndpoints failed")
        }
        XCTAssertEqual(result.text, #"{"Endpoints":[{"Address":"localhost:8123","CachePeriodInMinutes":1440}]}"#)
    }
}
