import DynamoModel
import DynamoStorage

/// Turns point-in-time recovery on or off (the setting only; nothing is restorable yet).
enum UpdateContinuousBackups: WholeOperation {
    static let name = "UpdateContinuousBackups"
    static let fields: [Field] = [
        .tableNameMember,
        Field("PointInTimeRecoverySpecification", .structure([
            Field("PointInTimeRecoveryEnabled", .boolean, .notNull),
            Field("RecoveryPeriodInDays", .integer, .min(1), .max(35)),
        ]), .notNull),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = try TableNames.check(request.string("TableName"))
        let specification = Request(request["PointInTimeRecoverySpecification"]!)
        let enabled = specification.bool("PointInTimeRecoveryEnabled")!
        let days = specification.int("RecoveryPeriodInDays")
        if !enabled && days != nil { throw DynamoError.validation(Messages.recoveryPeriodWhenDisabling) }
        let now = context.now
        let table = try context.write { tx in
            var table = try ContinuousBackups.table(tx, name)
            if enabled {
                // Enabling again keeps the restorable window and changes only the period.
                let since = table.settings.pointInTimeRecovery?.enabledDateTime ?? now
                table.settings.pointInTimeRecovery = .init(recoveryPeriodInDays: days ?? 35, enabledDateTime: since)
            } else {
                table.settings.pointInTimeRecovery = nil
            }
            try tx.saveTable(table)
            return table
        }
        return .object([("ContinuousBackupsDescription", ContinuousBackups.render(table, now: now))])
    }
}
