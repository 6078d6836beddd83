import DynamoModel
import DynamoStorage

enum BatchWriteItem: Operation {
    static let name = "BatchWriteItem"
    static let maxRequests = 25

    static let fields: [Field] = [
        .returnConsumedCapacity,
        .returnItemCollectionMetrics,
        Field("RequestItems", .map(.list(.structure([
            Field("DeleteRequest", .structure([.keyMap])),
            Field("PutRequest", .structure([Field("Item", .map(.attributeValue), .notNull)])),
        ]))), .notNull, .minLength(1)),
    ]

    enum Write: Sendable {
        /// The item, its size, and its stored encoding (made before the write takes the lock).
        case put(Item, size: Int, prepared: PreparedItem)
        case delete(Item)
    }

    /// The request's checks, its items' sizes and stored encodings, on the event loop; the keys,
    /// the tables and the writes on the engine thread.
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON {
        guard case .object(let tables)? = request["RequestItems"] else { throw DynamoError.validation(Messages.keyMismatch) }
        // Request validation, before any table is looked up (dynalite validations/batchWriteItem.js):
        // names, list lengths, attribute values and item sizes.
        var total = 0
        for (tableName, requests) in tables {
            try TableNames.checkName(tableName)
            guard case .array(let entries) = requests, (1...maxRequests).contains(entries.count) else {
                throw DynamoError.validation(Messages.batchWriteListLength(ShapeChecker.displayValue(request["RequestItems"]!)))
            }
            total += entries.count
        }
        if total > maxRequests { throw DynamoError.validation(Messages.batchWriteTooManyTotal) }

        var batches: [(table: String, writes: [Write])] = []
        for (tableName, requests) in tables {
            guard case .array(let entries) = requests else { continue }
            var writes: [Write] = []
            writes.reserveCapacity(entries.count)
            for entry in entries {
                let entry = Request(entry)
                switch (entry["PutRequest"], entry["DeleteRequest"]) {
                case (let put?, nil):
                    let item = try Request(put).item("Item")!
                    let size = try ItemLimits.check(item)
                    writes.append(.put(item, size: size, prepared: PreparedItem(item)))
                case (nil, let delete?):
                    writes.append(.delete(try Request(delete).item("Key")!))
                default:
                    // Neither or both: the service's text for a WriteRequest union (checked against DynamoDB Local 1.13.5).
                    throw DynamoError.validation(Messages.batchWriteRequestShape)
                }
            }
            batches.append((tableName, writes))
        }

        let mode = Capacity.mode(request)
        return { [batches] context in try write(batches, mode: mode, context) }
    }

    static func write(_ batches: [(table: String, writes: [Write])], mode: Capacity.Mode, _ context: Context) throws -> JSON {
        let consumed: [(String, Double, [(SecondaryIndex, Double)])] = try context.write(checksFirst: true) { tx in
            // Every table and key is checked before anything is written: the batch fails as a
            // whole, and needs no savepoint (`checksFirst`).
            var plans: [(TableDefinition, [(StorageKey, Write)])] = []
            for batch in batches {
                let table = try Tables.get(tx, batch.table)
                var plan: [(StorageKey, Write)] = []
                plan.reserveCapacity(batch.writes.count)
                for write in batch.writes {
                    let key: StorageKey
                    switch write {
                    case .put(let item, _, _): key = try Keys.fromItem(item, table, inBatchWrite: true)
                    case .delete(let keyItem): key = try Keys.fromKey(keyItem, table, inBatchWrite: true)
                    }
                    // At most 25 keys: comparing the partition hashes first costs less than hashing each key into a Set.
                    guard !plan.contains(where: { $0.0.hash == key.hash && $0.0 == key }) else {
                        throw DynamoError.validation(Messages.batchDuplicateKeys)
                    }
                    plan.append((key, write))
                }
                plans.append((table, plan))
            }
            var consumed: [(String, Double, [(SecondaryIndex, Double)])] = []
            for (table, plan) in plans {
                var units = 0.0
                var indexUnits: [(SecondaryIndex, Double)] = table.indexes.map { ($0, 0) }
                func add(_ writes: [(SecondaryIndex, Double)]) {
                    for (index, u) in writes { if let i = indexUnits.firstIndex(where: { $0.0.name == index.name }) { indexUnits[i].1 += u } }
                }
                // A put reads the item it replaces only when something needs it (capacity, an
                // index, a stream): that read was 15% of a 25-item batch's instructions.
                let putsReadOld = mode != .none || !table.indexes.isEmpty || table.settings.streamViewType != nil
                for (key, write) in plan {
                    if case .put(let item, let size, let prepared) = write, !putsReadOld {
                        try tx.putItem(table, key, item, size: size, prepared: prepared)
                        continue
                    }
                    let old = try tx.getItem(table, key)
                    switch write {
                    case .put(let item, let size, let prepared):
                        try tx.putItem(table, key, item, size: size, prepared: prepared, old: .some(old?.item))
                        units += Capacity.writeUnits(max(size, old?.size ?? 0))
                        add(Capacity.indexWrites(table, old: old?.item, new: item))
                    case .delete:
                        if let old { try tx.deleteItem(table, key, old: .some(old.item)) }
                        units += Capacity.writeUnits(old?.size ?? 0)
                        add(Capacity.indexWrites(table, old: old?.item, new: nil))
                    }
                }
                consumed.append((table.name, units, indexUnits.filter { $0.1 > 0 }))
            }
            return consumed
        }

        // Everything is processed at once: there is no throughput limit to leave items unprocessed.
        var members: [(String, JSON)] = [("UnprocessedItems", .object([]))]
        if mode != .none {
            members.append(("ConsumedCapacity", .array(consumed.compactMap { Capacity.consumed(mode, table: $0.0, tableUnits: $0.1, indexes: $0.2) })))
        }
        return .object(members)
    }
}
