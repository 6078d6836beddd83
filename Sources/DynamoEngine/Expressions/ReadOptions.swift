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
    /// items encoded and write them into the response from their stored bytes (`EncodedItem`).
    var returnsItemsUnchanged: Bool { filter == nil && projection.paths == nil }

    /// The page's returned items as one JSON array, and how many. Items returned unchanged were
    /// written as they were read (`Page.add(_: EncodedItem)`).
    func outputItems(_ page: Page) throws -> (json: JSON, count: Int) {
        if let text = page.itemsText { return (text.close(), page.count) }
        if page.countOnly && page.scanned.isEmpty { return (.array([]), page.count) }
        let items = page.scanned.compactMap { output($0.item).map { AttributeValue.json($0) } }
        return (.array(items), items.count)
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
