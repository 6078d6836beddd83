import DynamoModel
import DynamoStorage

/// Adds tags to a table. DynamoDB Local 1.13.5 answers every tagging operation with
/// UnknownOperationException "Tagging is not currently supported in DynamoDB Local."; this follows
/// the service. The service applies tags a few seconds later; here they are visible at once.
enum TagResource: WholeOperation {
    static let name = "TagResource"
    static let fields: [Field] = [
        Field("ResourceArn", .string, .minLength(1), .maxLength(1283)),
        Field("Tags", .list(.structure([Field("Key", .string), Field("Value", .string)]))),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let arn = request.string("ResourceArn")
        let name = try Tagging.tableName(arn)
        guard case .array(let elements)? = request["Tags"], !elements.isEmpty else {
            throw DynamoError.validation(Messages.noTags)
        }
        let tags = try Tagging.tags(request["Tags"])
        try context.write { tx in
            var table = try Tagging.table(tx, arn!, name: name)
            table.settings.tags = try Tagging.merge(table.settings.tags, tags)
            try tx.saveTable(table)
        }
        return .object([])
    }
}
