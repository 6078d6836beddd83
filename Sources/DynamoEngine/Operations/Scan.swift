import DynamoModel
import DynamoStorage

enum Scan: Operation {
    static let name = "Scan"
    static let fields: [Field] = [
        Field("AttributesToGet", .list(.string), .minLength(1)),
        Field("ExclusiveStartKey", .map(.attributeValue)),
        Field("Limit", .integer, .min(1)),
        Field("IndexName", .string, .minLength(3), .maxLength(255), Patterns.tableName),
        .returnConsumedCapacity,
        Field("ScanFilter", .map(.structure([
            Field("AttributeValueList", .list(.attributeValue)),
            Field("ComparisonOperator", .string, .notNull, .oneOf(ComparisonOperators.all)),
        ]))),
        Field("Segment", .integer, .min(0), .max(999_999)),
        Field("Select", .string, .oneOf(["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"])),
        .requiredTableNameMember,
        Field("TotalSegments", .integer, .min(1), .max(1_000_000)),
        .conditionalOperator,
        Field("FilterExpression", .string),
        Field("ProjectionExpression", .string),
        .expressionAttributeNames,
        .expressionAttributeValues,
        Field("ConsistentRead", .boolean),
    ]

    /// The request's checks and its expressions, on the event loop; the checks that need the
    /// table, and the read, on the engine thread.
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON {
        let tableName = try TableNames.check(request.string("TableName"))
        let segment = request.int("Segment")
        let totalSegments = request.int("TotalSegments")
        if segment != nil && totalSegments == nil { throw DynamoError.validation(Messages.segmentWithoutTotal) }
        if totalSegments != nil && segment == nil { throw DynamoError.validation(Messages.totalWithoutSegment) }
        if let segment, let totalSegments, segment >= totalSegments {
            throw DynamoError.validation(Messages.segmentOutOfRange(segment, totalSegments))
        }
        let reads = try ReadOptions(request, query: false)
        let startKey = try request.item("ExclusiveStartKey")
        let consistent = request.bool("ConsistentRead") ?? false

        return { context in
            var page = Page(limit: request.int("Limit"), countOnly: reads.select == .count)
            var indexRead: SecondaryIndex?
            try context.namespace.read { tx in
                let table = try Tables.get(tx, tableName)
                let source = try ReadSource(table, request, reads)
                indexRead = source.index
                let range = segment.map { segment in
                    let width = StorageKey.hashSpace / totalSegments!
                    let upper = segment == totalSegments! - 1 ? StorageKey.hashSpace : (segment + 1) * width
                    return (segment * width)..<upper
                }
                // A start key must lie in the requested segment.
                func checkSegment(_ hash: Int) throws(DynamoError) {
                    if let range, let segment, let totalSegments, !range.contains(hash) {
                        throw DynamoError.validation(Messages.startKeyOutsideSegment(segment: segment, total: totalSegments))
                    }
                }
                if let index = source.index {
                    var start: IndexPosition?
                    if let startKey {
                        start = try source.indexPosition(startKey, query: false)
                        try checkSegment(StorageKey.hash(of: start!.partition))
                    }
                    try tx.scanIndex(index, segment: range, exclusiveStart: start) { try page.add(try source.item(for: $0, tx)) }
                } else {
                    var start: StorageKey?
                    if let startKey {
                        let key = try StartKey.decode(startKey, table, query: false)
                        try checkSegment(key.hash)
                        start = key
                    }
                    if reads.returnsItemsUnchanged {
                        try tx.scanEncoded(table, segment: range, exclusiveStart: start) { try page.add($0) }
                    } else {
                        try tx.scan(table, segment: range, exclusiveStart: start) { try page.add($0) }
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
}
