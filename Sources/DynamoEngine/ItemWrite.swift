import DynamoExpressions
import DynamoModel
import DynamoStorage

/// The read-modify-write of one item inside a storage transaction, in two steps: `prepare`
/// (read the existing item, check the condition, compute the new item) and `apply` (write it).
/// PutItem, UpdateItem and DeleteItem run both at once; a transaction prepares every action
/// before it applies any, so that it can report each action's outcome.
struct ItemWrite {
    enum Change {
        case put(Item)
        case delete
        /// ConditionCheck: nothing is written.
        case none
    }

    let table: TableDefinition
    let key: StorageKey
    let old: StoredItem?
    let change: Change
    /// The size of the new item (0 when nothing is stored).
    let size: Int
    /// False when `put` skipped reading the item it replaces; `old` is then unknown, not absent.
    var oldWasRead = true
    /// The new item's stored encoding when it was made before the lock (PutItem).
    var prepared: PreparedItem? = nil

    var newItem: Item? {
        if case .put(let item) = change { return item }
        return nil
    }

    /// Write units charged to the table: the larger of the old and new item, as the service counts.
    var units: Double { Capacity.writeUnits(max(size, old?.size ?? 0)) }

    /// Write units charged to each index the write touches.
    var indexWrites: [(SecondaryIndex, Double)] {
        if case .none = change { return [] }
        return Capacity.indexWrites(table, old: old?.item, new: newItem)
    }

    /// PutItem's step: the item replaces whatever is stored under its key.
    /// `readsOld: false` skips reading the replaced item when nothing needs it (no condition, no
    /// returned values or capacity, no index or stream): that read was 5% of a PutItem's work.
    static func put(_ tx: StorageTransaction, _ table: TableDefinition, _ key: StorageKey, _ item: Item, size: Int,
                    _ condition: WriteCondition, readsOld: Bool = true, prepared: PreparedItem? = nil) throws -> ItemWrite {
        let needsOld = readsOld || condition.condition != nil || !table.indexes.isEmpty || table.settings.streamViewType != nil
        let old = needsOld ? try tx.getItem(table, key) : nil
        try condition.check(old?.item)
        return ItemWrite(table: table, key: key, old: old, change: .put(item), size: size, oldWasRead: needsOld, prepared: prepared)
    }

    /// UpdateItem's step, in the service's order: updates of key attributes, the condition on the old
    /// item, the update (a new item starts as its key), index key types, the new item's size.
    static func update(_ tx: StorageTransaction, _ table: TableDefinition, _ key: StorageKey, keyItem: Item,
                       _ update: UpdateExpression?, _ condition: WriteCondition) throws -> ItemWrite {
        try update?.checkKeyAttributes(table.keySchema.elements.map(\.name))
        let old = try tx.getItem(table, key)
        try condition.check(old?.item)
        let base = old?.item ?? keyItem
        let new = try update?.apply(to: base).item ?? base
        try Keys.checkIndexKeys(new, table)
        let size = try ItemLimits.check(new, update: true)
        return ItemWrite(table: table, key: key, old: old, change: .put(new), size: size)
    }

    /// DeleteItem's step; deleting a missing item changes nothing.
    static func delete(_ tx: StorageTransaction, _ table: TableDefinition, _ key: StorageKey,
                       _ condition: WriteCondition) throws -> ItemWrite {
        let old = try tx.getItem(table, key)
        try condition.check(old?.item)
        return ItemWrite(table: table, key: key, old: old, change: .delete, size: 0)
    }

    /// A transaction's ConditionCheck: the condition alone.
    static func check(_ tx: StorageTransaction, _ table: TableDefinition, _ key: StorageKey,
                      _ condition: WriteCondition) throws -> ItemWrite {
        let old = try tx.getItem(table, key)
        try condition.check(old?.item)
        return ItemWrite(table: table, key: key, old: old, change: .none, size: 0)
    }

    func apply(_ tx: StorageTransaction) throws {
        switch change {
        case .put(let item):
            try tx.putItem(table, key, item, size: size, prepared: prepared, old: oldWasRead ? .some(old?.item) : .none)
        case .delete: if let old { try tx.deleteItem(table, key, old: .some(old.item)) }
        case .none: break
        }
    }
}
