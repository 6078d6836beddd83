import DynamoExpressions
import DynamoModel
import DynamoStorage

/// What Query and Scan read and return: the key condition (Query), the filter, the projection and
/// Select, after DynamoDB's checks in its order (checked against DynamoDB Local 1.13.5): the
/// expressions (Filter, Projection, then KeyCondition), unused names and values, then Select.
struct ReadOptions {
    let select: Select
    let filter: Condition?
    /// The filter came from QueryFilter or ScanFilter.
    let legacyFilter: Bool
    let projection: ItemProjection
    /// Query only.
    let keyCondition: Condition?
    let request: Request

    init(_ request: Request, query: Bool) throws(DynamoError) {
        self.request = request
        var expressions = try RequestExpressions(
            request, kinds: query ? [.projection, .filter, .keyCondition] : [.projection, .filter])
        let filterExpression = try expressions.condition(.filter)
        projection = try ItemProjection(request, &expressions)
        keyCondition = query ? try expressions.condition(.keyCondition) : nil
        try expressions.finish()
        // QueryFilter and ScanFilter have Expected's shape without Value and Exists: one translation.
        let legacyName = query ? "QueryFilter" : "ScanFilter"
        legacyFilter = filterExpression == nil && request[legacyName] != nil
        if let filterExpression {
            filter = filterExpression
        } else {
            filter = try LegacyConditions.expected(request[legacyName], conditionalOperator: request.string("ConditionalOperator"), filter: true)
        }
        if query && keyCondition == nil && request["KeyConditions"] == nil {
            throw DynamoError.validation(Messages.queryWithoutKeyCondition)
        }
        select = try Self.select(request)
    }

    /// Select against the projection parameters and IndexName.
    static func select(_ request: Request) throws(DynamoError) -> Select {
        let projectionParameter = request["ProjectionExpression"] != nil ? "ProjectionExpression"
            : request["AttributesToGet"] != nil ? "AttributesToGet" : nil
        // Without Select an index returns what it projects, a table everything.
        guard let raw = request.string("Select"), let select = Select(rawValue: raw) else {
            if projectionParameter != nil { return .specificAttributes }
            return request["IndexName"] != nil ? .allProjectedAttributes : .allAttributes
        }
        switch select {
        case .count:
            if let projectionParameter { throw DynamoError.validation(Messages.selectCountWithProjection(projectionParameter)) }
        case .specificAttributes:
            if projectionParameter == nil { throw DynamoError.validation(Messages.selectSpecificWithoutProjection) }
        case .allProjectedAttributes:
            if request["IndexName"] == nil { throw DynamoError.validation(Messages.selectAllProjectedWithoutIndex) }
            if let projectionParameter { throw DynamoError.validation(Messages.selectAllProjectedWithProjection(projectionParameter)) }
        case .allAttributes:
            if let projectionParameter { throw DynamoError.validation(Messages.selectAllWithProjection(projectionParameter)) }
        }
        return select
    }

    /// Whether items are returned exactly as stored: no filter, no projection. Reads then keep
    /// items encoded and copy them into the response (`StoredItem.json`).
    var returnsItemsUnchanged: Bool { filter == nil && projection.paths == nil }

    /// The response entry for a stored item, or nil when the filter drops it.
    /// The page's returned items as one JSON array. Items returned unchanged are written from
    /// their stored bytes into one buffer: an array per item, copied again into the body, was a
    /// tenth of a 25-item Query's instructions.
    func outputItems(_ scanned: [StoredItem]) throws -> (json: JSON, count: Int) {
        guard returnsItemsUnchanged, scanned.allSatisfy({ $0.encoded != nil }) else {
            let items = try scanned.compactMap { try output($0) }
            return (.array(items), items.count)
        }
        var out = JSONWriter(capacity: scanned.reduce(2) { $0 + $1.encoded!.count * 3 / 2 + 32 })
        out.append(UInt8(ascii: "["))
        for (index, stored) in scanned.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            try stored.writeJSON(to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return (.raw(out.bytes()), scanned.count)
    }

    func output(_ stored: StoredItem) throws -> JSON? {
        if stored.encoded != nil && returnsItemsUnchanged { return try stored.json() }
        return output(stored.item).map { AttributeValue.json($0) }
    }

    /// The item as returned, or nil when the filter drops it.
    func output(_ item: Item) -> Item? {
        if let filter, !filter.isSatisfied(by: item) { return nil }
        return projection.apply(item)
    }

    /// Query: the key condition checked against the table's schema, and in storage terms.
    func keyRange(_ schema: KeySchema) throws(DynamoError) -> (KeyRangeCondition, KeyCondition) {
        let key: KeyCondition
        if let keyCondition {
            key = try KeyCondition(keyCondition, schema: schema)
        } else if let legacy = request["KeyConditions"] {
            key = try LegacyConditions.keyCondition(legacy, schema: schema)
        } else {
            throw DynamoError.validation(Messages.queryWithoutKeyCondition)
        }
        // Empty strings and binaries are refused as key values here too.
        try Self.checkNotEmpty(key.hashValue, schema.hash.name)
        if let range = key.range, let name = schema.range?.name {
            for value in range.values { try Self.checkNotEmpty(value, name) }
        }
        return (KeyRangeCondition(partition: key.hashValue, range: key.range.map(Self.sortRange) ?? SortKeyRange()), key)
    }

    /// Query's FilterExpression may not read a key attribute (checked after the start key).
    func checkFilter(_ schema: KeySchema) throws(DynamoError) {
        if let filter, let name = filter.attributes.first(where: schema.contains) {
            throw DynamoError.validation(legacyFilter ? Messages.queryFilterOnKeyAttribute(name) : Messages.filterOnKeyAttribute(name))
        }
    }

    static func checkNotEmpty(_ value: AttributeValue, _ name: String) throws(DynamoError) {
        switch value {
        case .s(let s) where s.isEmpty: throw DynamoError.validation(Messages.emptyKeyString(name))
        case .b(let b) where b.isEmpty: throw DynamoError.validation(Messages.emptyKeyBinary(name))
        default: break
        }
    }

    /// The sort-key range in encoded bytes: the key encoding preserves order, so each comparison
    /// becomes a bound on the primary-key index.
    static func sortRange(_ condition: RangeCondition) -> SortKeyRange {
        typealias Bound = SortKeyRange.Bound
        switch condition {
        case .eq(let v):
            let bytes = KeyEncoding.encode(v)
            return SortKeyRange(lower: Bound(bytes, inclusive: true), upper: Bound(bytes, inclusive: true))
        case .lt(let v): return SortKeyRange(upper: Bound(KeyEncoding.encode(v), inclusive: false))
        case .le(let v): return SortKeyRange(upper: Bound(KeyEncoding.encode(v), inclusive: true))
        case .gt(let v): return SortKeyRange(lower: Bound(KeyEncoding.encode(v), inclusive: false))
        case .ge(let v): return SortKeyRange(lower: Bound(KeyEncoding.encode(v), inclusive: true))
        case .between(let lo, let hi):
            return SortKeyRange(lower: Bound(KeyEncoding.encode(lo), inclusive: true),
                                upper: Bound(KeyEncoding.encode(hi), inclusive: true))
        case .beginsWith(let prefix): return .prefix(KeyEncoding.encode(prefix))
        }
    }
}

extension RangeCondition {
    var values: [AttributeValue] {
        switch self {
        case .eq(let v), .lt(let v), .le(let v), .gt(let v), .ge(let v), .beginsWith(let v): return [v]
        case .between(let a, let b): return [a, b]
        }
    }
}

/// A Query's key condition in storage terms: one partition and a range of encoded sort keys.
struct KeyRangeCondition {
    var partition: AttributeValue
    var range: SortKeyRange
}
