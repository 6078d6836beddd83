import DynamoModel
import DynamoStorage

enum BatchGetItem: Operation {
    static let name = "BatchGetItem"
    static let maxKeys = 100

    static let fields: [Field] = [
        Field("RequestItems", .map(.structure([
            Field("AttributesToGet", .list(.string), .minLength(1)),
            Field("ConsistentRead", .boolean),
            Field("Keys", .list(.map(.attributeValue)), .notNull, .minLength(1), .maxLength(100)),
            Field("ProjectionExpression", .string),
            .expressionAttributeNames,
        ])), .notNull, .minLength(1)),
        .returnConsumedCapacity,
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        guard case .object(let tables)? = request["RequestItems"] else { throw DynamoError.validation(Messages.keyMismatch) }
        var batches: [(table: String, keys: [Item], projection: ItemProjection, consistent: Bool)] = []
        var total = 0
        for (tableName, spec) in tables {
            try BatchRules.checkTableName(tableName)
            let spec = Request(spec)
            guard case .array(let keys)? = spec["Keys"] else { continue }
            total += keys.count
            var items: [Item] = []
            for key in keys { items.append(try AttributeValue.decodeItem(key)) }
            batches.append((tableName, items, try ItemProjection(spec), spec.bool("ConsistentRead") ?? false))
        }
        if total > maxKeys { throw DynamoError.validation(Messages.batchGetTooMany) }

        let mode = Capacity.mode(request)
        let results: [(String, [Item], Double)] = try context.namespace.read { tx in
            var plans: [(TableDefinition, [StorageKey])] = []
            for batch in batches {
                let table = try Tables.get(tx, batch.table)
                var seen = Set<StorageKey>()
                var keys: [StorageKey] = []
                for key in batch.keys {
                    let storageKey = try Keys.fromKey(key, table)
                    guard seen.insert(storageKey).inserted else { throw DynamoError.validation(Messages.batchDuplicateKeys) }
                    keys.append(storageKey)
                }
                plans.append((table, keys))
            }
            var results: [(String, [Item], Double)] = []
            for (index, (table, keys)) in plans.enumerated() {
                var items: [Item] = []
                var units = 0.0
                for key in keys {
                    let stored = try tx.getItem(table, key)
                    units += Capacity.readUnits(stored?.size ?? 0, consistent: batches[index].consistent)
                    if let stored { items.append(batches[index].projection.apply(stored.item)) }
                }
                results.append((table.name, items, units))
            }
            return results
        }

        var members: [(String, JSON)] = [
            ("Responses", .object(results.map { ($0.0, .array($0.1.map { AttributeValue.json($0) })) })),
            ("UnprocessedKeys", .object([])),
        ]
        if mode != .none {
            members.append(("ConsumedCapacity", .array(results.compactMap { Capacity.consumed(mode, table: $0.0, units: $0.2) })))
        }
        return .object(members)
    }
}
