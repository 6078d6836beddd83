import DynamoModel
import DynamoStorage

enum GetItem: Operation {
    static let name = "GetItem"
    static let fields: [Field] = [
        Field("AttributesToGet", .list(.string), .minLength(1)),
        .requiredTableNameMember,
        .keyMap,
        Field("ConsistentRead", .boolean),
        .returnConsumedCapacity,
        Field("ProjectionExpression", .string),
        .expressionAttributeNames,
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let tableName = try TableNames.check(request.string("TableName"))
        let keyItem = try request.item("Key")!
        let projection = try ItemProjection(request)
        let consistent = request.bool("ConsistentRead") ?? false

        let stored = try context.namespace.read { tx in
            let table = try Tables.get(tx, tableName)
            return try tx.getItem(table, try Keys.fromKey(keyItem, table), raw: projection.paths == nil)
        }

        var members: [(String, JSON)] = []
        if let stored {
            members.append(("Item", stored.encoded != nil ? try stored.json() : AttributeValue.json(projection.apply(stored.item))))
        }
        let units = Capacity.readUnits(stored?.size ?? 0, consistent: consistent)
        if let consumed = Capacity.consumed(Capacity.mode(request), table: tableName, units: units) {
            members.append(("ConsumedCapacity", consumed))
        }
        return .object(members)
    }
}
