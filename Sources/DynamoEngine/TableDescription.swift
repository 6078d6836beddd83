import DynamoModel
import DynamoStorage

/// Renders a table definition as the service's TableDescription.
enum TableDescription {
    static func render(_ table: TableDefinition, status: String, statistics: (count: Int, bytes: Int),
                       indexStatistics: [String: (count: Int, bytes: Int)] = [:], indexStatuses: [String: String] = [:]) -> JSON {
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
            ("TableArn", .string(table.arn)),
            ("TableId", .string(table.tableId)),
        ]
        if table.billingModeExplicit || table.billingMode == .payPerRequest {
            var summary: [(String, JSON)] = [("BillingMode", .string(table.billingMode.rawValue))]
            if table.billingMode == .payPerRequest || table.settings.lastUpdateToPayPerRequestDateTime != nil {
                summary.append(("LastUpdateToPayPerRequestDateTime",
                                number(table.settings.lastUpdateToPayPerRequestDateTime ?? table.creationDateTime)))
            }
            members.append(("BillingModeSummary", .object(summary)))
        }
        members += indexes(table, indexStatistics, indexStatuses)
        members += settingsMembers(table)
        return .object(members)
    }

    /// LocalSecondaryIndexes and GlobalSecondaryIndexes as DynamoDB Local 1.13.5 lists them: an LSI
    /// has no IndexStatus or ProvisionedThroughput; sizes are of the projected entries.
    static func indexes(_ table: TableDefinition, _ statistics: [String: (count: Int, bytes: Int)],
                        _ statuses: [String: String] = [:]) -> [(String, JSON)] {
        func render(_ index: SecondaryIndex) -> JSON {
            var projection: [(String, JSON)] = [("ProjectionType", .string(index.projectionType.rawValue))]
            if index.projectionType == .include { projection.append(("NonKeyAttributes", .array(index.nonKeyAttributes.map(JSON.string)))) }
            var members: [(String, JSON)] = [
                ("IndexName", .string(index.name)),
                ("KeySchema", index.keySchema.json),
                ("Projection", .object(projection)),
            ]
            if index.kind == .global {
                let status = statuses[index.name] ?? "ACTIVE"
                members.append(("IndexStatus", .string(status)))
                // A building index shows Backfilling while it is CREATING (DynamoDB Local 1.13.5 shows false).
                if status == "CREATING" { members.append(("Backfilling", .bool(false))) }
                members.append(("ProvisionedThroughput", .object([
                    ("NumberOfDecreasesToday", .number("0")),
                    ("ReadCapacityUnits", .number(String(index.readCapacityUnits))),
                    ("WriteCapacityUnits", .number(String(index.writeCapacityUnits))),
                ])))
            }
            let stats = statistics[index.name] ?? (0, 0)
            members.append(("IndexSizeBytes", .number(String(stats.bytes))))
            members.append(("ItemCount", .number(String(stats.count))))
            members.append(("IndexArn", .string(table.indexArn(index.name))))
            return .object(members)
        }
        var members: [(String, JSON)] = []
        if !table.localIndexes.isEmpty { members.append(("LocalSecondaryIndexes", .array(table.localIndexes.map(render)))) }
        if !table.globalIndexes.isEmpty { members.append(("GlobalSecondaryIndexes", .array(table.globalIndexes.map(render)))) }
        return members
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
