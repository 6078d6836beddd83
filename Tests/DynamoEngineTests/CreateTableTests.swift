import XCTest
@testable import DynamoEngine
@testable import DynamoModel

final class CreateTableTests: XCTestCase {
    func testDescribesTheNewTable() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        let table = try h.call("DescribeTable", #"{"TableName": "things"}"#)["Table"]!
        XCTAssertEqual(table["TableStatus"], .string("ACTIVE"))
        XCTAssertEqual(table["TableArn"], .string("arn:aws:dynamodb:ddblocal:000000000000:table/things"))
        XCTAssertEqual(table["ItemCount"], .number("0"))
        XCTAssertEqual(table["ProvisionedThroughput"]?["ReadCapacityUnits"], .number("5"))
        XCTAssertNil(table["BillingModeSummary"])
    }

    func testExistingTableIsInUse() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        let error = try h.error("CreateTable", """
            {"TableName": "things", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}
            """)
        assertError(error, .resourceInUse, "Table already exists: things")
    }

    func testConstraintViolationsAreReportedTogether() throws {
        let error = try EngineHarness().error("CreateTable", #"{"TableName": "abc", "KeySchema": [], "AttributeDefinitions": [], "BillingMode": "X"}"#)
        XCTAssertEqual(error.kind, .validation)
        XCTAssertTrue(error.message!.hasPrefix("2 validation errors detected: "), error.message!)
    }

    func testTableNameIsCheckedByTheOperation() throws {
        let h = EngineHarness()
        for name in ["ab", "a b", String(repeating: "a", count: 256)] {
            assertError(try h.error("CreateTable", #"{"TableName": "\#(name)", "KeySchema": [], "AttributeDefinitions": []}"#),
                        .validation, Messages.validationErrors(["Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1"]))
            assertError(try h.error("DescribeTable", #"{"TableName": "\#(name)"}"#), .validation, Messages.invalidTableName)
            assertError(try h.error("DeleteTable", #"{"TableName": "\#(name)"}"#), .validation, Messages.invalidTableName)
        }
        assertError(try h.error("DescribeTable", "{}"), .validation, Messages.parameterRequired("TableName"))
    }

    func testDeleteTableShowsTheTableAsItWas() throws {
        let h = EngineHarness()
        try h.createHashTable("things")
        let description = try h.call("DeleteTable", #"{"TableName": "things"}"#)["TableDescription"]!
        XCTAssertEqual(description["TableStatus"], .string("ACTIVE"))
        assertError(try h.error("DescribeTable", #"{"TableName": "things"}"#), .resourceNotFound, Messages.tableNotFound("things"))
    }

    func testWrongJSONTypeIsASerializationException() throws {
        let error = try EngineHarness().error("CreateTable", #"{"TableName": 5}"#)
        assertError(error, .serialization, "class java.lang.Short can not be converted to an String")
    }

    func testKeySchemaRules() throws {
        let h = EngineHarness()
        let error = try h.error("CreateTable", """
            {"TableName": "things", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "RANGE"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}
            """)
        assertError(error, .validation, Messages.firstKeyNotHash)
        let unused = try h.error("CreateTable", """
            {"TableName": "things", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "x", "AttributeType": "S"}]}
            """)
        assertError(unused, .validation, Messages.keySchemaDefinitionCountMismatch)
    }

    func testListTablesPages() throws {
        let h = EngineHarness()
        for name in ["ccc", "aaa", "bbb"] { try h.createHashTable(name) }
        let first = try h.call("ListTables", #"{"Limit": 2}"#)
        XCTAssertEqual(first["TableNames"], .array([.string("aaa"), .string("bbb")]))
        XCTAssertEqual(first["LastEvaluatedTableName"], .string("bbb"))
        let rest = try h.call("ListTables", #"{"ExclusiveStartTableName": "bbb"}"#)
        XCTAssertEqual(rest["TableNames"], .array([.string("ccc")]))
        XCTAssertNil(rest["LastEvaluatedTableName"])
    }

    func testNamespacesAreSeparate() throws {
        var h = EngineHarness()
        try h.createHashTable("things")
        h.namespace = "other_us-east-1"
        XCTAssertEqual(try h.call("ListTables", "{}")["TableNames"], .array([]))
    }
}
