import DynamoModel
import DynamoStorage

enum DeleteTable: WholeOperation {
    static let name = "DeleteTable"
    static let fields: [Field] = [.tableNameMember]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = try TableNames.check(request.string("TableName"))
        let (table, statistics, indexStatistics) = try context.write { tx in
            guard let table = tx.table(name) else { throw DynamoError(.resourceNotFound, Messages.tableNotFound(name)) }
            if table.settings.deletionProtectionEnabled == true { throw DynamoError.validation(Messages.deletionProtected) }
            let statistics = try tx.statistics(table)
            let indexStatistics = try Tables.indexStatistics(tx, table)
            try tx.dropTable(table)
            return (table, statistics, indexStatistics)
        }
        // DynamoDB Local shows the table as it was, and drops it at once even with
        // -delayTransientStatuses (checked against DynamoDB Local 1.13.5); the service says DELETING.
        context.beginTransition(name, status: "DELETING", deleted: table)
        return .object([("TableDescription", TableDescription.render(table, status: context.delaysStatuses ? "DELETING" : "ACTIVE",
                                                                      statistics: statistics,
                                                                      indexStatistics: indexStatistics))])
    }
}
