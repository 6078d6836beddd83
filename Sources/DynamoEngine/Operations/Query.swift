import DynamoModel
import DynamoStorage

enum Query: Operation {
    static let name = "Query"
    static let fields: [Field] = [
        Field("AttributesToGet", .list(.string), .minLength(1)),
        Field("ConsistentRead", .boolean),
        Field("ExclusiveStartKey", .map(.attributeValue)),
        Field("IndexName", .string, .minLength(3), .maxLength(255), Patterns.tableName),
        Field("KeyConditions", .map(.structure([
            Field("AttributeValueList", .list(.attributeValue)),
            Field("ComparisonOperator", .string, .notNull, .oneOf(ComparisonOperators.all)),
        ]))),
        Field("Limit", .integer, .min(1)),
        Field("QueryFilter", .map(.structure([
            Field("AttributeValueList", .list(.attributeValue)),
            Field("ComparisonOperator", .string, .notNull, .oneOf(ComparisonOperators.all)),
        ]))),
        .conditionalOperator,
        .returnConsumedCapacity,
        Field("ScanIndexForward", .boolean),
        Field("Select", .string, .oneOf(["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"])),
        .requiredTableNameMember,
        Field("KeyConditionExpression", .string),
        Field("FilterExpression", .string),
        Field("ProjectionExpression", .string),
        .expressionAttributeNames,
        .expressionAttributeValues,
    ]

    /// The request's checks and its expressions, on the event loop; the checks that need the
    /// table, and the read, on the engine thread.
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON {
        let tableName = try TableNames.check(request.string("TableName"))
        let forward = request.bool("ScanIndexForward") ?? true
        let consistent = request.bool("ConsistentRead") ?? false
        let reads = try ReadOptions(request, query: true)
        let startKey = try request.item("ExclusiveStartKey")
        return { context in try read(request, context, tableName: tableName, forward: forward, consistent: consistent,
                                     reads: reads, startKey: startKey) }
    }

    static func read(_ request: Request, _ context: Context, tableName: String, forward: Bool, consistent: Bool,
                     reads: ReadOptions, startKey: Item?) throws -> JSON {
        var page = Page(limit: request.int("Limit"), countOnly: reads.select == .count)
        var indexRead: SecondaryIndex?
        try context.namespace.read { tx in
            let table = try Tables.get(tx, tableName)
            let source = try ReadSource(table, request, reads)
            indexRead = source.index
            let (key, keys) = try reads.keyRange(source.keySchema)
            let partition = KeyEncoding.encode(key.partition)
            // ExclusiveStartKey: in the queried partition and within the sort-key condition.
            func checkStart(_ startPartition: [UInt8]) throws(DynamoError) {
                guard startPartition == partition else { throw DynamoError.validation(Messages.startKeyOutsideQuery) }
                if let range = keys.range, let name = source.keySchema.range?.name, let value = startKey?[name], !range.matches(value) {
                    throw DynamoError.validation(Messages.startKeyOutsideRange)
                }
            }
            if let index = source.index {
                var start: IndexPosition?
                if let startKey {
                    start = try source.indexPosition(startKey, query: true)
                    try checkStart(start!.partition)
                }
                try reads.checkFilter(source.keySchema)
                try tx.queryIndex(index, partition: partition, range: key.range, forward: forward, exclusiveStart: start) {
                    try page.add(try source.item(for: $0, tx))
                }
            } else {
                var start: [UInt8]?
                if let startKey {
                    let storageKey = try StartKey.decode(startKey, table, query: true)
                    try checkStart(storageKey.partition)
                    start = storageKey.sort
                }
                try reads.checkFilter(source.keySchema)
                if reads.returnsItemsUnchanged {
                    try tx.queryEncoded(table, partition: partition, range: key.range, forward: forward, exclusiveStart: start) {
                        try page.add($0)
                    }
                } else {
                    try tx.query(table, partition: partition, range: key.range, forward: forward, exclusiveStart: start) {
                        try page.add($0)
                    }
                }
            }
            if let last = page.lastEvaluated { page.lastEvaluated = source.lastEvaluatedKey(last) }
        }

        let items = try reads.outputItems(page)
        let consumed = Capacity.consumedByRead(Capacity.mode(request), table: tableName, index: indexRead,
                                               units: page.readUnits(consistent: consistent))
        return page.response(items: items, select: reads.select, lastEvaluatedKey: page.lastEvaluated, consumed: consumed)
    }
}
