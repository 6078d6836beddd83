import DynamoModel
import DynamoStorage

enum BatchGetItem: Operation {
    static let name = "BatchGetItem"
    static let maxKeys = 100
    /// "A single operation can retrieve up to 16 MB of data" (API reference); keys past it are
    /// returned in UnprocessedKeys.
    static let maxResponseBytes = 16 * 1024 * 1024

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

    struct Batch {
        let table: String
        let spec: JSON
        let keys: [Item]
        let projection: ItemProjection
        let consistent: Bool
    }

    /// The request's checks, keys and projections, on the event loop; the reads on the engine thread.
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON {
        guard case .object(let tables)? = request["RequestItems"] else { throw DynamoError.validation(Messages.keyMismatch) }
        // Request validation, before any table is looked up (dynalite validations/batchGetItem.js):
        // names, projections, attribute values, duplicate keys (as written), the total count.
        var batches: [Batch] = []
        var total = 0
        for (tableName, spec) in tables {
            try TableNames.checkName(tableName)
            let specRequest = Request(spec)
            let projection = try ItemProjection(specRequest)
            guard case .array(let keyList)? = specRequest["Keys"] else { continue }
            var keys: [Item] = []
            var seen = Set<Item>()
            for json in keyList {
                let key = try AttributeValue.decodeItem(json)
                guard seen.insert(key).inserted else { throw DynamoError.validation(Messages.batchDuplicateKeys) }
                keys.append(key)
                total += 1
                if total > maxKeys { throw DynamoError.validation(Messages.batchGetTooMany) }
            }
            batches.append(Batch(table: tableName, spec: spec, keys: keys, projection: projection,
                                 consistent: specRequest.bool("ConsistentRead") ?? false))
        }

        return { [batches] context in
            typealias TableResult = (name: String, items: [Item], unprocessed: [Item], units: Double)
            let results: [TableResult] = try context.namespace.read { tx in
                var plans: [(TableDefinition, [(Item, StorageKey)])] = []
                for batch in batches {
                    let table = try Tables.get(tx, batch.table)
                    var keys: [(Item, StorageKey)] = []
                    for key in batch.keys { keys.append((key, try Keys.fromKey(key, table))) }
                    plans.append((table, keys))
                }
                var bytes = 0
                var results: [TableResult] = []
                for (batch, (table, keys)) in zip(batches, plans) {
                    var result: TableResult = (table.name, [], [], 0)
                    for (key, storageKey) in keys {
                        if bytes >= maxResponseBytes {
                            result.unprocessed.append(key)
                            continue
                        }
                        let stored = try tx.getItem(table, storageKey)
                        // Each item is rounded up on its own; a missing one still costs a read.
                        result.units += Capacity.readUnits(stored?.size ?? 0, consistent: batch.consistent)
                        if let stored {
                            bytes += stored.size
                            result.items.append(batch.projection.apply(stored.item))
                        }
                    }
                    results.append(result)
                }
                return results
            }

            var unprocessed: [(String, JSON)] = []
            for (batch, result) in zip(batches, results) where !result.unprocessed.isEmpty {
                unprocessed.append((batch.table, unprocessedSpec(batch.spec, keys: result.unprocessed)))
            }
            var members: [(String, JSON)] = [
                ("Responses", .object(results.map { ($0.name, .array($0.items.map { AttributeValue.json($0) })) })),
                ("UnprocessedKeys", .object(unprocessed)),
            ]
            let mode = Capacity.mode(request)
            if mode != .none {
                members.append(("ConsumedCapacity", .array(results.compactMap { Capacity.consumed(mode, table: $0.name, units: $0.units) })))
            }
            return .object(members)
        }
    }

    /// The table's request as given, with only the keys still to read, ready to be sent again.
    static func unprocessedSpec(_ spec: JSON, keys: [Item]) -> JSON {
        guard case .object(let members) = spec else { return spec }
        var result = members.filter { $0.0 != "Keys" && $0.1 != .null }
        result.insert(("Keys", .array(keys.map { AttributeValue.json($0) })), at: 0)
        return .object(result)
    }
}
