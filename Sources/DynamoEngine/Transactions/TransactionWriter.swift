import DynamoExpressions
import DynamoModel
import DynamoStorage

/// One write action of a transaction, its request-level checks (table name, expressions, item
/// size) already done.
struct TransactionAction {
    enum Kind {
        case put(Item, size: Int)
        /// The Key parameter and the update (nil: the item is only created from its key).
        case update(key: Item, UpdateExpression?)
        case delete(key: Item)
        case conditionCheck(key: Item)
    }

    let tableName: String
    let kind: Kind
    let condition: WriteCondition

    init(tableName: String, kind: Kind, condition: WriteCondition) {
        self.tableName = tableName
        self.kind = kind
        self.condition = condition
    }

    func storageKey(_ table: TableDefinition) throws(DynamoError) -> StorageKey {
        switch kind {
        case .put(let item, _): return try Keys.fromItem(item, table)
        case .update(let key, _), .delete(let key), .conditionCheck(let key): return try Keys.fromKey(key, table)
        }
    }

    /// What this action contributes to the 4 MB limit: a Put's item, another action's key.
    var payloadSize: Int {
        switch kind {
        case .put(_, let size): return size
        case .update(let key, _), .delete(let key), .conditionCheck(let key): return itemSize(key)
        }
    }
}

/// The all-or-nothing core of TransactWriteItems, meant for any caller that has a list of write
/// actions (ExecuteTransaction too). It runs inside one storage write transaction, so under the
/// namespace's lock: no other request sees a partial transaction or writes in between, which is
/// why TransactionConflictException never happens here (docs/ARCHITECTURE.md, "Transactions").
///
/// Errors, in the service's split (Conformance/test_transactions.py):
/// - top level, in action order: a missing table (ResourceNotFoundException), an empty key value
///   (an up-front check on the service), two actions on one item (ValidationException);
/// - otherwise TransactionCanceledException with one reason per action, "None" for those that
///   would have succeeded: ConditionalCheckFailed (with the old item when asked), or
///   ValidationError for a key that does not match the schema and for what only the stored item
///   reveals (an update's operands, its result's size, key attributes updated).
enum TransactionWriter {
    /// Runs `actions` inside the caller's write transaction. When this throws, the caller's
    /// transaction must roll back (`Namespace.write` does).
    static func run(_ actions: [TransactionAction], in tx: StorageTransaction) throws -> [ItemWrite] {
        let targets = try TransactionTargets.locate(tx, actions.map { action in
            (action.tableName, { table throws(DynamoError) in try action.storageKey(table) })
        })
        var reasons = targets.reasons
        var writes: [ItemWrite?] = Array(repeating: nil, count: actions.count)
        for (index, action) in actions.enumerated() {
            guard let key = targets.keys[index] else { continue }
            let table = targets.tables[index]
            do {
                switch action.kind {
                case .put(let item, let size): writes[index] = try ItemWrite.put(tx, table, key, item, size: size, action.condition)
                case .update(let keyItem, let update):
                    writes[index] = try ItemWrite.update(tx, table, key, keyItem: keyItem, update, action.condition)
                case .delete: writes[index] = try ItemWrite.delete(tx, table, key, action.condition)
                case .conditionCheck: writes[index] = try ItemWrite.check(tx, table, key, action.condition)
                }
            } catch let error as DynamoError {
                // Storage failures are not reasons: they propagate and roll back.
                reasons[index] = try reason(for: error, conditionCheck: { if case .conditionCheck = action.kind { true } else { false } }())
            }
        }
        try TransactionTargets.cancelIfNeeded(reasons)
        let done = writes.compactMap { $0 }
        for write in done { try write.apply(tx) }
        return done
    }

    /// The cancellation reason for an action's failure; errors that are not a reason are rethrown.
    static func reason(for error: DynamoError, conditionCheck: Bool) throws(DynamoError) -> CancellationReason {
        switch error.kind {
        case .conditionalCheckFailed:
            // Checked against DynamoDB Local 1.13.5: only a ConditionCheck's text ends with a period.
            return CancellationReason(code: "ConditionalCheckFailed",
                                      message: conditionCheck ? Messages.conditionCheckFailed : Messages.conditionalCheckFailed,
                                      item: error.item)
        case .validation:
            return CancellationReason(code: "ValidationError", message: error.message)
        default:
            throw error
        }
    }
}

/// The tables and keys a transaction's actions name (TransactWriteItems and TransactGetItems).
enum TransactionTargets {
    struct Located {
        var tables: [TableDefinition]
        /// nil where the key does not fit the table: that action has a reason.
        var keys: [StorageKey?]
        var reasons: [CancellationReason?]
    }

    struct Target: Hashable {
        let table: String
        let key: StorageKey
    }

    /// Looks up each action's table and key, in request order. A missing table, an empty key value
    /// and a second action on an item are thrown at once; any other key error is the action's
    /// ValidationError reason.
    static func locate(_ tx: StorageTransaction,
                       _ actions: [(table: String, key: (TableDefinition) throws(DynamoError) -> StorageKey)]) throws -> Located {
        var located = Located(tables: [], keys: [], reasons: [])
        var seen = Set<Target>()
        for action in actions {
            let table = try Tables.get(tx, action.table)
            located.tables.append(table)
            do throws(DynamoError) {
                let key = try action.key(table)
                guard seen.insert(Target(table: table.name, key: key)).inserted else {
                    throw DynamoError.validation(Messages.transactionDuplicateItem)
                }
                located.keys.append(key)
                located.reasons.append(nil)
            } catch where isUpFront(error) {
                throw error
            } catch {
                located.keys.append(nil)
                located.reasons.append(CancellationReason(code: "ValidationError", message: error.message))
            }
        }
        return located
    }

    /// Errors the service reports for the whole request even inside a transaction: the duplicate
    /// item, and values rejected before any table is read. The service words the latter
    /// "One or more parameter values are not valid" (empty key values, also of index keys), the
    /// schema mismatches it reports as reasons "... were invalid".
    static func isUpFront(_ error: DynamoError) -> Bool {
        guard error.kind == .validation, let message = error.message else { return true }
        return message == Messages.transactionDuplicateItem || message.hasPrefix("One or more parameter values are not valid.")
    }

    /// Throws TransactionCanceledException when any action has a reason; the others get "None".
    static func cancelIfNeeded(_ reasons: [CancellationReason?]) throws(DynamoError) {
        guard reasons.contains(where: { $0 != nil }) else { return }
        let all = reasons.map { $0 ?? CancellationReason(code: "None") }
        throw DynamoError(.transactionCanceled, Messages.transactionCanceled(all.map(\.code)), cancellationReasons: all)
    }
}
