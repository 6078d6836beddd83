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

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let tableName = try TableNames.check(request.string("TableName"))
        let forward = request.bool("ScanIndexForward") ?? true
        let consistent = request.bool("ConsistentRead") ?? false
        let reads = try ReadOptions(request, query: true)
        let startKey = try request.item("ExclusiveStartKey")

        var page = Page(limit: request.int("Limit"))
        try context.namespace.read { tx in
            let table = try Tables.get(tx, tableName)
            if request["IndexName"] != nil {
                throw DynamoError.validation(Messages.noSuchIndex(request.string("IndexName")!))
            }
            let (key, keys) = try reads.keyRange(table.keySchema)
            let partition = KeyEncoding.encode(key.partition)
            var start: [UInt8]?
            if let startKey {
                let storageKey = try StartKey.decode(startKey, table, query: true)
                guard storageKey.partition == partition else { throw DynamoError.validation(Messages.startKeyOutsideQuery) }
                if let range = keys.range, let name = table.keySchema.range?.name, let value = startKey[name], !range.matches(value) {
                    throw DynamoError.validation(Messages.startKeyOutsideRange)
                }
                start = storageKey.sort
            }
            try reads.checkFilter(table.keySchema)
            try tx.query(table, partition: partition, range: key.range, forward: forward, exclusiveStart: start) {
                page.add($0)
            }
            if let last = page.lastEvaluated { page.lastEvaluated = Keys.keyAttributes(of: last, table.keySchema) }
        }

        let items = page.scanned.compactMap { reads.output($0.item) }
        let consumed = Capacity.consumed(Capacity.mode(request), table: tableName, units: page.readUnits(consistent: consistent))
        return page.response(items: items, select: reads.select, lastEvaluatedKey: page.lastEvaluated, consumed: consumed)
    }
}
