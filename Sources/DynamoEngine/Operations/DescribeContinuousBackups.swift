import DynamoModel
import DynamoStorage

/// Backups are always on and point-in-time recovery is a stored setting. DynamoDB Local 1.13.5 does
/// not serve the continuous-backup operations; this follows the service, which names a missing table
/// with TableNotFoundException, not ResourceNotFoundException.
enum DescribeContinuousBackups: WholeOperation {
    static let name = "DescribeContinuousBackups"
    static let fields: [Field] = [.tableNameMember]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = try TableNames.check(request.string("TableName"))
        let table = try context.namespace.read { tx in try ContinuousBackups.table(tx, name) }
        return .object([("ContinuousBackupsDescription", ContinuousBackups.render(table, now: context.now))])
    }
}

enum ContinuousBackups {
    static func table(_ tx: StorageTransaction, _ name: String) throws(DynamoError) -> TableDefinition {
        guard let table = tx.table(name) else {
            throw DynamoError(.tableNotFound, Messages.continuousBackupsTableNotFound(name))
        }
        return table
    }

    static func render(_ table: TableDefinition, now: Double) -> JSON {
        var recovery: [(String, JSON)]
        if let pitr = table.settings.pointInTimeRecovery {
            // Every second since enabling is restorable here; the service lags about five minutes.
            recovery = [
                ("PointInTimeRecoveryStatus", .string("ENABLED")),
                ("RecoveryPeriodInDays", .number(String(pitr.recoveryPeriodInDays))),
                ("EarliestRestorableDateTime", TableDescription.number(max(pitr.enabledDateTime, now - Double(pitr.recoveryPeriodInDays) * 86_400))),
                ("LatestRestorableDateTime", TableDescription.number(now)),
            ]
        } else {
            recovery = [("PointInTimeRecoveryStatus", .string("DISABLED"))]
        }
        return .object([
            ("ContinuousBackupsStatus", .string("ENABLED")),
            ("PointInTimeRecoveryDescription", .object(recovery)),
        ])
    }
}
