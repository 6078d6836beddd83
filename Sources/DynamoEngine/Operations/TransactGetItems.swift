import DynamoModel
import DynamoStorage

/// TransactGetItems: up to 100 Gets across tables, read in one storage read (one snapshot: no
/// write can come between two of the reads). Responses are in request order, `{}` for a missing
/// item. Tables, keys and duplicates are handled as in TransactWriteItems (`TransactionTargets`).
enum TransactGetItems: WholeOperation {
    static let name = "TransactGetItems"
    static let maxGets = 100

    static let getFields: [Field] = [
        .keyMap, .requiredTableNameMember, Field("ProjectionExpression", .string), .expressionAttributeNames,
    ]
    static let fields: [Field] = [
        Field("TransactItems", .list(.structure([Field("Get", .structure(getFields), .notNull)])),
              .notNull, .minLength(1), .maxLength(maxGets)),
        .returnConsumedCapacity,
    ]

    struct Get {
        let tableName: String
        let key: Item
        let projection: ItemProjection
    }

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        guard case .array(let entries)? = request["TransactItems"] else { return .object([]) }
        let gets = try entries.map { entry in
            let body = Request(TransactWriteItems.declared(Request(entry)["Get"] ?? .object([]), getFields))
            return Get(tableName: try TableNames.check(body.string("TableName")), key: try body.item("Key")!,
                       projection: try ItemProjection(body))
        }

        let items: [StoredItem?] = try context.namespace.read { tx in
            let targets = try TransactionTargets.locate(tx, gets.map { get in
                (get.tableName, { table throws(DynamoError) in try Keys.fromKey(get.key, table) })
            })
            try TransactionTargets.cancelIfNeeded(targets.reasons)
            return try zip(targets.tables, targets.keys).map { table, key in try tx.getItem(table, key!) }
        }

        var members: [(String, JSON)] = []
        // A transactional read is strongly consistent and costs twice (a missing item as a 0-byte one).
        let usage = zip(gets, items).map { get, stored in
            Capacity.TransactionUsage(table: get.tableName, units: Capacity.readUnits(stored?.size ?? 0, consistent: true))
        }
        if let consumed = Capacity.consumedByTransaction(Capacity.mode(request), usage, write: false) {
            members.append(("ConsumedCapacity", consumed))
        }
        members.append(("Responses", .array(zip(gets, items).map { get, stored in
            guard let stored else { return .object([]) }
            return .object([("Item", AttributeValue.json(get.projection.apply(stored.item)))])
        })))
        return .object(members)
    }
}
