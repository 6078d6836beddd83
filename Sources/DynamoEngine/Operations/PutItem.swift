import DynamoModel
import DynamoStorage

enum PutItem: Operation {
    static let name = "PutItem"
    static let fields: [Field] = [
        Field("Item", .map(.attributeValue), .notNull),
        .requiredTableNameMember,
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
        let item = try request.item("Item")!
        let returnValues = request.string("ReturnValues") ?? "NONE"
        guard returnValues == "NONE" || returnValues == "ALL_OLD" else {
            throw DynamoError.validation(Messages.returnValuesPutDelete)
        }
        let condition = try WriteCondition(request)
        let size = itemSize(item)
        // Part of request validation: before the table is looked up (dynalite validations/putItem.js).
        if size > maxItemSize { throw DynamoError.validation(Messages.itemTooLarge) }

        let (old, indexWrites) = try context.namespace.write { tx in
            let table = try Tables.get(tx, tableName)
            let key = try Keys.fromItem(item, table)
            let old = try tx.getItem(table, key)
            try condition.check(old?.item)
            try tx.putItem(table, key, item, size: size, old: .some(old?.item))
            return (old, Capacity.indexWrites(table, old: old?.item, new: item))
        }

        var members: [(String, JSON)] = []
        if returnValues == "ALL_OLD", let old { members.append(("Attributes", AttributeValue.json(old.item))) }
        let units = Capacity.writeUnits(max(size, old?.size ?? 0))
        if let consumed = Capacity.consumed(Capacity.mode(request), table: tableName, tableUnits: units, indexes: indexWrites) {
            members.append(("ConsumedCapacity", consumed))
        }
        return .object(members)
    }
}
