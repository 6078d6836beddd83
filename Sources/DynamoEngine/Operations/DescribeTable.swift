import DynamoModel
import DynamoStorage

enum DescribeTable: WholeOperation {
    static let name = "DescribeTable"
    static let fields: [Field] = [.tableNameMember]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = try TableNames.check(request.string("TableName"))
        let found = try context.namespace.read { tx in
            try tx.table(name).map { table in (table, try tx.statistics(table), try Tables.indexStatistics(tx, table)) }
        }
        guard let (table, statistics, indexStatistics) = found else {
            // With -delayTransientStatuses a deleted table shows as DELETING for a moment.
            if let deleting = context.deletingTable(name) {
                return .object([("Table", TableDescription.render(deleting, status: "DELETING", statistics: (0, 0)))])
            }
            throw DynamoError(.resourceNotFound, Messages.tableNotFound(name))
        }
        let (status, indexStatuses) = context.reportedStatus(name)
        return .object([("Table", TableDescription.render(table, status: status, statistics: statistics,
                                                           indexStatistics: indexStatistics, indexStatuses: indexStatuses))])
    }
}
