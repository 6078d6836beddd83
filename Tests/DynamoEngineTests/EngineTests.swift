import XCTest
@testable import DynamoEngine
@testable import DynamoModel
@testable import DynamoStorage

/// `Engine.handle`'s own answers, before any operation runs.
final class EngineTests: XCTestCase {
    /// Past `-maxNamespaces`, a request for a new access key and region gets the service's answer to
    /// credentials it does not know; namespaces already open are served as before.
    func testANamespaceBeyondTheCapIsAnUnrecognizedClient() throws {
        let engine = Engine(storage: StorageEngine(location: .memory, maxNamespaces: 1))
        let body = try JSON.parse("{}")
        XCTAssertNoThrow(try engine.handle(operation: "ListTables", body: body, namespace: "a_us-east-1").get())
        guard case .failure(let error) = engine.handle(operation: "ListTables", body: body, namespace: "b_us-east-1") else {
            return XCTFail("a second namespace was opened")
        }
        XCTAssertEqual(error.kind, .unrecognizedClient)
        XCTAssertEqual(error.message, "The security token included in the request is invalid.")
        XCTAssertNoThrow(try engine.handle(operation: "ListTables", body: body, namespace: "a_us-east-1").get())
    }
}
