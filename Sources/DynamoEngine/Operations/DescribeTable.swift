import DynamoModel
import DynamoStorage

enum DescribeTable: Operation {
    static let name = "DescribeTable"
    static let fields: [Field] = [.tableNameMember]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = try TableNames.check(request.string("TableName"))
        let (table, statistics, indexStatistics) = try context.namespace.read { tx in
            guard let table = tx.table(name) else { throw DynamoError(.resourceNotFound, Messages.tableNotFound(name)) }
            return (table, try tx.statistics(table), try Tables.indexStatistics(tx, table))
        }
        return .object([("Table", TableDescription.render(table, status: "ACTIVE", statistics: statistics,
                                                           indexStatistics: indexStatistics))])
    }
}
