import Foundation
import XCTest
@testable import DynamoModel

final class TableSettingsTests: XCTestCase {
    func testCatalogueEntryWithoutSettingsDecodesWithDefaults() throws {
        let definition = TableDefinition(
            name: "t", tableId: "id", keySchema: KeySchema(hash: KeyElement(name: "pk", type: .s)),
            attributeDefinitions: [AttributeDefinition(name: "pk", type: .s)], billingMode: .payPerRequest,
            billingModeExplicit: true, readCapacityUnits: 0, writeCapacityUnits: 0, creationDateTime: 1, storageName: "items_id")
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(definition)) as! [String: Any]
        object["settings"] = nil
        let decoded = try JSONDecoder().decode(TableDefinition.self, from: JSONSerialization.data(withJSONObject: object))
        XCTAssertEqual(decoded.settings, TableSettings())
    }

    func testSettingsRoundTrip() throws {
        var settings = TableSettings()
        settings.tags = [.init(key: "k", value: "v")]
        settings.timeToLiveAttribute = "ttl"
        settings.deletionProtectionEnabled = true
        XCTAssertEqual(try JSONDecoder().decode(TableSettings.self, from: JSONEncoder().encode(settings)), settings)
        XCTAssertEqual(try JSONDecoder().decode(TableSettings.self, from: Data("{}".utf8)), TableSettings())
    }
}
