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

    enum Write {
        case put(Item, size: Int)
        case delete(Item)
    }

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        guard case .object(let tables)? = request["RequestItems"] else { throw DynamoError.validation(Messages.keyMismatch) }
        var batches: [(table: String, writes: [Write])] = []
        var total = 0
        for (tableName, requests) in tables {
            guard case .array(let entries) = requests else { continue }
            try BatchRules.checkTableName(tableName)
            total += entries.count
            var writes: [Write] = []
            for entry in entries {
                let entry = Request(entry)
                switch (entry["PutRequest"], entry["DeleteRequest"]) {
                case (let put?, nil):
                    let item = try Request(put).item("Item")!
                    writes.append(.put(item, size: itemSize(item)))
                case (nil, let delete?):
                    writes.append(.delete(try Request(delete).item("Key")!))
                default:
                    throw DynamoError.validation(Messages.batchWriteRequestShape)
                }
            }
            batches.append((tableName, writes))
        }
        if total > maxRequests || batches.contains(where: { $0.writes.isEmpty }) {
            throw DynamoError.validation(Messages.batchWriteTooMany(ShapeChecker.displayValue(request["RequestItems"]!)))
        }

        let mode = Capacity.mode(request)
        let consumed: [(String, Double)] = try context.namespace.write { tx in
            // Validate everything before writing anything: the batch is all-or-nothing on errors.
            var plans: [(TableDefinition, [(StorageKey, Write)])] = []
            for batch in batches {
                let table = try Tables.get(tx, batch.table)
                var seen = Set<StorageKey>()
                var plan: [(StorageKey, Write)] = []
                for write in batch.writes {
                    let key: StorageKey
                    switch write {
                    case .put(let item, let size):
                        key = try Keys.fromItem(item, table)
                        if size > maxItemSize { throw DynamoError.validation(Messages.itemTooLarge) }
                    case .delete(let keyItem):
                        key = try Keys.fromKey(keyItem, table)
                    }
                    guard seen.insert(key).inserted else { throw DynamoError.validation(Messages.batchDuplicateKeys) }
                    plan.append((key, write))
                }
                plans.append((table, plan))
            }
            var consumed: [(String, Double)] = []
            for (table, plan) in plans {
                var units = 0.0
                for (key, write) in plan {
                    let old = try tx.getItem(table, key)
                    switch write {
                    case .put(let item, let size):
                        try tx.putItem(table, key, item, size: size)
                        units += Capacity.writeUnits(max(size, old?.size ?? 0))
                    case .delete:
                        if old != nil { try tx.deleteItem(table, key) }
                        units += Capacity.writeUnits(old?.size ?? 0)
                    }
                }
                consumed.append((table.name, units))
            }
            return consumed
        }

        var members: [(String, JSON)] = [("UnprocessedItems", .object([]))]
        if mode != .none {
            members.append(("ConsumedCapacity", .array(consumed.compactMap { Capacity.consumed(mode, table: $0.0, units: $0.1) })))
        }
        return .object(members)
    }
}

/// Checks the batch operations apply to each table name inside RequestItems.
enum BatchRules {
    static func checkTableName(_ name: String) throws(DynamoError) {
        var errors: [String] = []
        let json = JSON.string(name)
        for constraint in [Constraint.minLength(3), .maxLength(255), Patterns.tableName] {
            if let failure = ShapeChecker.violation(constraint, json) {
                errors.append(Messages.constraintViolation(value: name, path: "requestItems.\(name).member.tableName", constraint: failure))
            }
        }
        if !errors.isEmpty { throw DynamoError.validation(Messages.validationErrors(errors)) }
    }
}
