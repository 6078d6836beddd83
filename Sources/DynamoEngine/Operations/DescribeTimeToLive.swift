import DynamoModel
import DynamoStorage

/// The table's Time to Live setting. Changes take effect at once, so the status is ENABLED or
/// DISABLED, never ENABLING/DISABLING (as DynamoDB Local 1.13.5).
enum DescribeTimeToLive: WholeOperation {
    static let name = "DescribeTimeToLive"
    static let fields: [Field] = [.tableNameMember]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = try TableNames.check(request.string("TableName"))
        let table = try context.namespace.read { tx in
            guard let table = tx.table(name) else { throw DynamoError(.resourceNotFound, Messages.tableNotFound(name)) }
            return table
        }
        var description: [(String, JSON)] = []
        if let attribute = table.settings.timeToLiveAttribute {
            description = [("TimeToLiveStatus", .string("ENABLED")), ("AttributeName", .string(attribute))]
        } else {
            description = [("TimeToLiveStatus", .string("DISABLED"))]
        }
        return .object([("TimeToLiveDescription", .object(description))])
    }
}
