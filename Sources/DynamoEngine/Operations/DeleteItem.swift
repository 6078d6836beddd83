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

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let tableName = try TableNames.check(request.string("TableName"))
        let keyItem = try request.item("Key")!
        let returnValues = request.string("ReturnValues") ?? "NONE"
        guard returnValues == "NONE" || returnValues == "ALL_OLD" else {
            throw DynamoError.validation(Messages.returnValuesPutDelete)
        }
        let condition = try WriteCondition(request)

        let (old, indexWrites) = try context.namespace.write { tx in
            let table = try Tables.get(tx, tableName)
            let key = try Keys.fromKey(keyItem, table)
            let old = try tx.getItem(table, key)
            try condition.check(old?.item)
            if let old { try tx.deleteItem(table, key, old: .some(old.item)) }
            return (old, Capacity.indexWrites(table, old: old?.item, new: nil))
        }

        var members: [(String, JSON)] = []
        if returnValues == "ALL_OLD", let old { members.append(("Attributes", AttributeValue.json(old.item))) }
        let units = Capacity.writeUnits(old?.size ?? 0)
        if let consumed = Capacity.consumed(Capacity.mode(request), table: tableName, tableUnits: units, indexes: indexWrites) {
            members.append(("ConsumedCapacity", consumed))
        }
        return .object(members)
    }
}
