import DynamoModel
import DynamoStorage

/// Enables or disables Time to Live; only the setting is stored (expiry is not implemented yet).
/// The service refuses a second change within about an hour ("Time to live has been modified
/// multiple times within a fixed interval"); like DynamoDB Local 1.13.5, this allows it at once.
enum UpdateTimeToLive: WholeOperation {
    static let name = "UpdateTimeToLive"
    static let fields: [Field] = [
        .tableNameMember,
        Field("TimeToLiveSpecification", .structure([
            Field("AttributeName", .string, .notNull, .minLength(1), .maxLength(255)),
            Field("Enabled", .boolean, .notNull),
        ]), .notNull),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = try TableNames.check(request.string("TableName"))
        let specification = Request(request["TimeToLiveSpecification"]!)
        let attribute = specification.string("AttributeName")!
        let enabled = specification.bool("Enabled")!
        try context.write { tx in
            guard var table = tx.table(name) else { throw DynamoError(.resourceNotFound, Messages.tableNotFound(name)) }
            // Order checked against DynamoDB Local 1.13.5: a different name first, then no change.
            if let current = table.settings.timeToLiveAttribute {
                if current != attribute { throw DynamoError.validation(Messages.timeToLiveOtherAttribute(current)) }
                if enabled { throw DynamoError.validation(Messages.timeToLiveAlreadyEnabled) }
            } else if !enabled {
                throw DynamoError.validation(Messages.timeToLiveAlreadyDisabled)
            }
            table.settings.timeToLiveAttribute = enabled ? attribute : nil
            try tx.saveTable(table)
        }
        return .object([("TimeToLiveSpecification", .object([("Enabled", .bool(enabled)), ("AttributeName", .string(attribute))]))])
    }
}
