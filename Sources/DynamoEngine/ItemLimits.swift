import DynamoModel

/// The limits on an item that is about to be stored, in one place for every write path (PutItem,
/// UpdateItem's result, BatchWriteItem, TransactWriteItems, PartiQL INSERT and UPDATE).
enum ItemLimits {
    /// Maps and lists nest 32 levels deep at most: a top-level attribute is level 1, so 31 levels
    /// of M or L around a value are accepted and 32 refused, as the service does (its quotas page;
    /// behaviour recorded against the service by other emulators' conformance suites).
    static let maxNestingLevels = 32

    /// Checks nesting, then size; returns the item's size. An update's result has texts of its own.
    static func check(_ item: Item, update: Bool = false) throws(DynamoError) -> Int {
        // Depth and size in one pass over the attributes; nesting is still reported first.
        var deepest = 0, size = 0
        for (name, value) in item {
            size += attributeSize(name, value)
            deepest = max(deepest, levels(value))
        }
        if deepest > maxNestingLevels {
            throw DynamoError.validation(update ? Messages.updateNestingTooDeep : Messages.nestingTooDeep)
        }
        if size > maxItemSize { throw DynamoError.validation(update ? Messages.updateItemTooLarge : Messages.itemTooLarge) }
        return size
    }

    /// The deepest attribute's levels (0 for an empty item).
    static func levels(_ item: Item) -> Int {
        var deepest = 0
        for value in item.values { deepest = max(deepest, levels(value)) }
        return deepest
    }

    static func levels(_ value: AttributeValue) -> Int {
        switch value {
        case .m(let map): return 1 + levels(map)
        case .l(let list): return 1 + list.reduce(0) { max($0, levels($1)) }
        default: return 1
        }
    }
}
