import DynamoModel
import DynamoStorage

enum DeleteTable: Operation {
    static let name = "DeleteTable"
    static let fields: [Field] = [.tableName()]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = request.string("TableName")!
        let (table, statistics) = try context.namespace.write { tx in
            guard let table = tx.table(name) else { throw DynamoError(.resourceNotFound, Messages.tableNotFound(name)) }
            let statistics = try tx.statistics(table)
            try tx.dropTable(table)
            return (table, statistics)
        }
        return .object([("TableDescription", TableDescription.render(table, status: "DELETING", statistics: statistics))])
    }
}
