import DynamoModel

extension TableDescription {
    /// The TableDescription members of `TableSettings`, after BillingModeSummary in DynamoDB Local
    /// 1.13.5's order; each appears only once the table has the setting.
    static func settingsMembers(_ table: TableDefinition) -> [(String, JSON)] {
        var members: [(String, JSON)] = []
        let settings = table.settings
        if let viewType = settings.streamViewType {
            members.append(("StreamSpecification", .object([("StreamEnabled", .bool(true)), ("StreamViewType", .string(viewType))])))
        }
        if let label = settings.latestStreamLabel {
            members.append(("LatestStreamLabel", .string(label)))
            members.append(("LatestStreamArn", .string(table.streamArn(label: label))))
        }
        if let tableClass = settings.tableClass {
            var summary: [(String, JSON)] = [("TableClass", .string(tableClass))]
            if let updated = settings.tableClassUpdateDateTime { summary.append(("LastUpdateDateTime", number(updated))) }
            members.append(("TableClassSummary", .object(summary)))
        }
        if let protection = settings.deletionProtectionEnabled {
            members.append(("DeletionProtectionEnabled", .bool(protection)))
        }
        return members
    }
}
