import DynamoExpressions
import DynamoModel
import DynamoStorage

/// UpdateItem: read-modify-write of one item in one transaction. The item is created from its
/// key when absent. The service's check order (dynalite test/updateItem.js, recorded against
/// it): the request's shape, Key's values, the expressions (or AttributeUpdates) completely,
/// then the table, the key against the schema, updates of key attributes, the condition on the
/// old item, the update itself, and the new item's size. DynamoDB Local 1.13.5 looks up the
/// table and checks the key before the expressions.
enum UpdateItem: Operation {
    static let name = "UpdateItem"
    // In the order the service reports constraint violations (dynalite test/updateItem.js).
    static let fields: [Field] = [
        .expectedMap,
        Field("AttributeUpdates", .map(.structure([
            Field("Value", .attributeValue),
            Field("Action", .string, .oneOf(["ADD", "PUT", "DELETE"])),
        ]))),
        .returnConsumedCapacity,
        .requiredTableNameMember,
        .returnItemCollectionMetrics,
        Field("ReturnValues", .string, .oneOf(["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"])),
        .keyMap,
        .conditionalOperator,
        Field("ConditionExpression", .string),
        Field("UpdateExpression", .string),
        .expressionAttributeNames,
        .expressionAttributeValues,
        Field("ReturnValuesOnConditionCheckFailure", .string, .oneOf(["ALL_OLD", "NONE"])),
    ]

    /// The request's checks and its expressions, on the event loop; the write on the engine thread.
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON {
        let tableName = try TableNames.check(request.string("TableName"))
        let keyItem = try request.item("Key")!
        let returnValues = request.string("ReturnValues") ?? "NONE"

        // UpdateExpression is resolved completely before ConditionExpression (checked against
        // DynamoDB Local 1.13.5), and both before unused names and values.
        var expressions = try RequestExpressions(request, kinds: [.update, .condition])
        var update = try expressions.update()
        let expression = try expressions.condition(.condition)
        try expressions.finish()
        // The legacy parameters: AttributeUpdates is checked before Expected (dynalite test/updateItem.js).
        if update == nil, let json = request["AttributeUpdates"] { update = try LegacyUpdates.expression(json) }
        let condition = WriteCondition(
            try expression ?? LegacyConditions.expected(request["Expected"], conditionalOperator: request.string("ConditionalOperator")),
            request)

        return { [update] context in
            // Checks, then one write (ItemWrite prepares before it applies): no savepoint needed.
            let write = try context.write(checksFirst: true) { tx in
                let table = try Tables.get(tx, tableName)
                let write = try ItemWrite.update(tx, table, try Keys.fromKey(keyItem, table), keyItem: keyItem, update, condition)
                try write.apply(tx)
                return write
            }
            let old = write.old
            let new = write.newItem ?? keyItem

            var members: [(String, JSON)] = []
            let paths = update?.actions.map(\.path) ?? []
            let attributes: Item?
            switch returnValues {
            case "ALL_OLD": attributes = old?.item
            case "ALL_NEW": attributes = new
            case "UPDATED_OLD": attributes = old.map { UpdateExpression.returnedAttributes(paths, in: $0.item) }
            case "UPDATED_NEW": attributes = UpdateExpression.returnedAttributes(paths, in: new)
            default: attributes = nil
            }
            if let attributes, !attributes.isEmpty { members.append(("Attributes", AttributeValue.json(attributes))) }
            if let consumed = Capacity.consumed(Capacity.mode(request), table: tableName, tableUnits: write.units, indexes: write.indexWrites) {
                members.append(("ConsumedCapacity", consumed))
            }
            return .object(members)
        }
    }
}
