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

    /// The request's checks, the item's size and stored encoding, on the event loop; the rest on
    /// the engine thread.
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON {
        let tableName = try TableNames.check(request.string("TableName"))
        let item = try request.item("Item")!
        let returnValues = request.string("ReturnValues") ?? "NONE"
        guard returnValues == "NONE" || returnValues == "ALL_OLD" else {
            throw DynamoError.validation(Messages.returnValuesPutDelete)
        }
        let condition = try WriteCondition(request)
        // Part of request validation: before the table is looked up (dynalite validations/putItem.js).
        let size = try ItemLimits.check(item)

        let capacity = Capacity.mode(request)
        let readsOld = returnValues == "ALL_OLD" || capacity != .none
        let prepared = PreparedItem(item)  // encoded before the lock (PreparedItem)
        return { context in
            // Checks, then one write (ItemWrite prepares before it applies): no savepoint needed.
            let write = try context.write(checksFirst: true) { tx in
                let table = try Tables.get(tx, tableName)
                let write = try ItemWrite.put(tx, table, try Keys.fromItem(item, table), item, size: size, condition,
                                              readsOld: readsOld, prepared: prepared)
                try write.apply(tx)
                return write
            }

            var members: [(String, JSON)] = []
            if returnValues == "ALL_OLD", let old = write.old { members.append(("Attributes", AttributeValue.json(old.item))) }
            if let consumed = Capacity.consumed(capacity, table: tableName, tableUnits: write.units, indexes: write.indexWrites) {
                members.append(("ConsumedCapacity", consumed))
            }
            return .object(members)
        }
    }
}
