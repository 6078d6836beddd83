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

    /// The request's checks and its projection, on the event loop; the read on the engine thread.
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON {
        let tableName = try TableNames.check(request.string("TableName"))
        let keyItem = try request.item("Key")!
        let projection = try ItemProjection(request)
        let consistent = request.bool("ConsistentRead") ?? false
        let mode = Capacity.mode(request)
        return { context in try read(context, tableName: tableName, keyItem: keyItem, projection: projection,
                                     consistent: consistent, mode: mode) }
    }

    static func read(_ context: Context, tableName: String, keyItem: Item, projection: ItemProjection,
                     consistent: Bool, mode: Capacity.Mode) throws -> JSON {
        // The response is written as text at once, as `JSON.object` would write its members; an
        // item returned unchanged goes straight from its stored bytes (no row copy, no item).
        var out = JSONWriter(capacity: 512)
        let size = try context.namespace.read { tx -> Int? in
            let table = try Tables.get(tx, tableName)
            let key = try Keys.fromKey(keyItem, table)
            if projection.paths == nil {
                return try tx.getItemEncoded(table, key) { encoded in
                    out.append(#"{"Item":"#)
                    try encoded.writeJSON(to: &out)
                    return encoded.size
                }
            }
            guard let stored = try tx.getItem(table, key) else { return nil }
            out.append(#"{"Item":"#)
            AttributeValue.writeJSON(projection.apply(stored.item), to: &out)
            return stored.size
        }
        let units = Capacity.readUnits(size ?? 0, consistent: consistent)
        if let consumed = Capacity.consumed(mode, table: tableName, units: units) {
            out.append(size == nil ? #"{"ConsumedCapacity":"# : #","ConsumedCapacity":"#)
            consumed.write(to: &out)
        } else if size == nil {
            out.append(UInt8(ascii: "{"))
        }
        out.append(UInt8(ascii: "}"))
        return .raw(out.bytes())
    }
}
