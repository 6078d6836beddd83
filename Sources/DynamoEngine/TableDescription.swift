import DynamoModel
import DynamoStorage

/// Renders a table definition as the service's TableDescription.
enum TableDescription {
    /// ARNs use DynamoDB Local's region and account (checked against DynamoDB Local 1.13.5).
    static let arnPrefix = "arn:aws:dynamodb:ddblocal:000000000000:table/"

    static func arn(_ tableName: String) -> String { arnPrefix + tableName }

    static func render(_ table: TableDefinition, status: String, statistics: (count: Int, bytes: Int)) -> JSON {
        var members: [(String, JSON)] = [
            ("AttributeDefinitions", .array(table.attributeDefinitions.map {
                .object([("AttributeName", .string($0.name)), ("AttributeType", .string($0.type.rawValue))])
            })),
            ("TableName", .string(table.name)),
            ("KeySchema", table.keySchema.json),
            ("TableStatus", .string(status)),
            ("CreationDateTime", number(table.creationDateTime)),
            ("ProvisionedThroughput", provisionedThroughput(table)),
            ("TableSizeBytes", .number(String(statistics.bytes))),
            ("ItemCount", .number(String(statistics.count))),
            ("TableArn", .string(arn(table.name))),
            ("TableId", .string(table.tableId)),
        ]
        if table.billingModeExplicit || table.billingMode == .payPerRequest {
            var summary: [(String, JSON)] = [("BillingMode", .string(table.billingMode.rawValue))]
            if table.billingMode == .payPerRequest {
                summary.append(("LastUpdateToPayPerRequestDateTime", number(table.creationDateTime)))
            }
            members.append(("BillingModeSummary", .object(summary)))
        }
        return .object(members)
    }

    static func provisionedThroughput(_ table: TableDefinition) -> JSON {
        var members: [(String, JSON)] = []
        if let t = table.lastIncreaseDateTime { members.append(("LastIncreaseDateTime", number(t))) }
        if let t = table.lastDecreaseDateTime { members.append(("LastDecreaseDateTime", number(t))) }
        members += [
            ("NumberOfDecreasesToday", .number(String(table.numberOfDecreasesToday))),
            ("ReadCapacityUnits", .number(String(table.readCapacityUnits))),
            ("WriteCapacityUnits", .number(String(table.writeCapacityUnits))),
        ]
        return .object(members)
    }

    /// Epoch seconds with millisecond precision, as the SDKs parse them.
    static func number(_ seconds: Double) -> JSON {
        let millis = Int((seconds * 1000).rounded())
        let fraction = millis % 1000
        return .number("\(millis / 1000)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction))
    }
}
