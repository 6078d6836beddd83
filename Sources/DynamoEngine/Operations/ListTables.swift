import DynamoModel
import DynamoStorage

enum ListTables: WholeOperation {
    static let name = "ListTables"
    static let fields: [Field] = [
        Field("ExclusiveStartTableName", .string, .minLength(3), .maxLength(255), Patterns.tableName),
        Field("Limit", .integer, .min(1), .max(100)),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let limit = request.int("Limit") ?? 100
        var names = try context.namespace.read { tx in tx.tableNames() }
        if let start = request.string("ExclusiveStartTableName") {
            names = names.filter { $0 > start }
        }
        var members: [(String, JSON)] = [("TableNames", .array(names.prefix(limit).map { .string($0) }))]
        if names.count > limit, let last = names.prefix(limit).last {
            members.append(("LastEvaluatedTableName", .string(last)))
        }
        return .object(members)
    }
}
