import DynamoModel
import DynamoStorage

enum DeleteItem: Operation {
    static let name = "DeleteItem"
    static let fields: [Field] = [
        .requiredTableNameMember,
        .keyMap,
        .expectedMap,
        .returnConsumedCapacity,
        .returnItemCollectionMetrics,
        Field("ReturnValues", .string, .oneOf(["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"])),
        .conditionalOperator,
        Field("ConditionExpression", .string),
        .expressionAttributeNames,
        .expressionAttributeValues,
        Field("ReturnValuesOnConditionCheckFailure", .string, .oneOf(["ALL_OLD", "NONE"])),
    ]

    /// The request's checks and its condition, on the event loop; the write on the engine thread.
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON {
        let tableName = try TableNames.check(request.string("TableName"))
        let keyItem = try request.item("Key")!
        let returnValues = request.string("ReturnValues") ?? "NONE"
        guard returnValues == "NONE" || returnValues == "ALL_OLD" else {
            throw DynamoError.validation(Messages.returnValuesPutDelete)
        }
        let condition = try WriteCondition(request)

        return { context in
            // Checks, then one write (ItemWrite prepares before it applies): no savepoint needed.
            let write = try context.write(checksFirst: true) { tx in
                let table = try Tables.get(tx, tableName)
                let write = try ItemWrite.delete(tx, table, try Keys.fromKey(keyItem, table), condition)
                try write.apply(tx)
                return write
            }

            var members: [(String, JSON)] = []
            if returnValues == "ALL_OLD", let old = write.old { members.append(("Attributes", AttributeValue.json(old.item))) }
            if let consumed = Capacity.consumed(Capacity.mode(request), table: tableName, tableUnits: write.units, indexes: write.indexWrites) {
                members.append(("ConsumedCapacity", consumed))
            }
            return .object(members)
        }
    }
}
