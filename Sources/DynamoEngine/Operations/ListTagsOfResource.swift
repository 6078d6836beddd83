import DynamoModel
import DynamoStorage

/// Lists a table's tags. A table carries at most 50 tags, which fit one page, so no NextToken is
/// returned; a NextToken sent anyway is accepted and the whole list returned.
enum ListTagsOfResource: WholeOperation {
    static let name = "ListTagsOfResource"
    static let fields: [Field] = [
        Field("ResourceArn", .string, .minLength(1), .maxLength(1283)),
        Field("NextToken", .string),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let arn = request.string("ResourceArn")
        let name = try Tagging.tableName(arn)
        let table = try context.namespace.read { tx in try Tagging.table(tx, arn!, name: name) }
        return .object([("Tags", Tagging.render(table.settings.tags))])
    }
}
