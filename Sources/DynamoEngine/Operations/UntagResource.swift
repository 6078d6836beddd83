import DynamoModel
import DynamoStorage

/// Removes tags from a table by key; a key the table does not carry is not an error.
enum UntagResource: WholeOperation {
    static let name = "UntagResource"
    static let fields: [Field] = [
        Field("ResourceArn", .string, .minLength(1), .maxLength(1283)),
        Field("TagKeys", .list(.string)),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let arn = request.string("ResourceArn")
        let name = try Tagging.tableName(arn)
        guard case .array(let elements)? = request["TagKeys"], !elements.isEmpty else {
            throw DynamoError.validation(Messages.noTagKeys)
        }
        var keys: [String] = []
        for element in elements {
            guard case .string(let key) = element, Tagging.isValidKey(key) else {
                if case .string(let key) = element { throw DynamoError.validation(Messages.invalidTagKey(key)) }
                throw DynamoError.validation(Messages.invalidTagKey(nil))
            }
            keys.append(key)
        }
        // The service applies the tag-count limit to the keys of an untag request too.
        if keys.count > Tagging.limit { throw DynamoError.validation(Messages.tooManyTags) }
        try context.write { tx in
            var table = try Tagging.table(tx, arn!, name: name)
            table.settings.tags.removeAll { keys.contains($0.key) }
            try tx.saveTable(table)
        }
        return .object([])
    }
}
