import DynamoExpressions
import DynamoModel
import DynamoPartiQL
import DynamoStorage

/// What ExecuteStatement, BatchExecuteStatement and ExecuteTransaction share: parsing with the
/// request's Parameters, the full key of a WHERE clause, the singleton writes and the reads.
enum PartiQLExecution {
    static func statement(_ text: String?, parameters json: JSON?) throws(DynamoError) -> PartiQLStatement {
        var parameters: [AttributeValue] = []
        if case .array(let list)? = json {
            for element in list { parameters.append(try AttributeValue.decode(element)) }
        }
        return try PartiQLStatement.parse(text ?? "", parameters: parameters)
    }

    static func table(_ tx: StorageTransaction, _ name: String) throws(DynamoError) -> TableDefinition {
        let count = name.utf8.count
        guard count >= 3, count <= 255, name.utf8.allSatisfy(TableNames.isNameByte) else {
            throw DynamoError.validation(Messages.partiQLInvalidTableName)
        }
        return try Tables.get(tx, name)
    }

    /// The primary key a WHERE clause pins with one top-level equality per key attribute.
    static func fullKey(_ condition: Condition?, _ table: TableDefinition) throws(DynamoError) -> (Item, StorageKey) {
        let conjuncts = condition?.conjuncts ?? []
        var key: Item = [:]
        for element in table.keySchema.elements {
            let equalities = conjuncts.compactMap(\.keyEquality).filter { $0.name == element.name }
            if equalities.count > 1 { throw DynamoError.validation(Messages.partiQLMultipleKeyConditions(element.name)) }
            guard let equality = equalities.first else { throw DynamoError.validation(Messages.partiQLIncompleteKey) }
            key[element.name] = equality.value
        }
        return (key, try Keys.fromKey(key, table))
    }

    /// INSERT's key attributes: present, and of the schema's types.
    static func checkInsertKey(_ item: Item, _ table: TableDefinition) throws(DynamoError) {
        for element in table.keySchema.elements {
            guard let value = item[element.name] else { throw DynamoError.validation(Messages.partiQLKeyAbsent(element.name)) }
            guard element.type.matches(value) else { throw DynamoError.validation(Messages.partiQLKeyTypeMismatch(element.name)) }
        }
    }

    // MARK: Writes

    /// The outcome of one singleton write, for the response and the capacity.
    struct WriteOutcome {
        var table: String
        /// RETURNING's attributes.
        var returned: Item?
        var units: Double
        var indexWrites: [(SecondaryIndex, Double)]
    }

    /// Runs INSERT, UPDATE or DELETE inside `tx`. `returnOldOnFailure`: ReturnValuesOnConditionCheckFailure=ALL_OLD.
    static func write(_ statement: PartiQLStatement, _ tx: StorageTransaction, returnOldOnFailure: Bool) throws -> WriteOutcome {
        func conditionFailed(_ old: Item?) -> DynamoError {
            DynamoError(.conditionalCheckFailed, Messages.conditionalCheckFailed, item: returnOldOnFailure ? old : nil)
        }
        switch statement {
        case .insert(let insert):
            let table = try table(tx, insert.table)
            try checkInsertKey(insert.item, table)
            let size = try ItemLimits.check(insert.item)
            let key = try Keys.fromItem(insert.item, table)
            // INSERT never replaces: an existing key is DuplicateItemException (ql-reference.insert).
            if try tx.getItem(table, key) != nil { throw DynamoError(.duplicateItem, Messages.partiQLDuplicateItem) }
            try tx.putItem(table, key, insert.item, size: size, old: .some(nil))
            return WriteOutcome(table: table.name, returned: nil, units: Capacity.writeUnits(size),
                                indexWrites: Capacity.indexWrites(table, old: nil, new: insert.item))
        case .update(let update):
            let table = try table(tx, update.table)
            let (_, key) = try fullKey(update.condition, table)
            try update.update.checkKeyAttributes(table.keySchema.elements.map(\.name))
            // The WHERE clause must hold for an existing item (ql-reference.update: else ConditionalCheckFailedException).
            guard let old = try tx.getItem(table, key) else { throw conditionFailed(nil) }
            guard update.condition.isSatisfied(by: old.item) else { throw conditionFailed(old.item) }
            let new = try update.update.apply(to: old.item).item
            try Keys.checkIndexKeys(new, table)
            let size = try ItemLimits.check(new, update: true)
            try tx.putItem(table, key, new, size: size, old: .some(old.item))
            let paths = update.update.actions.map(\.path)
            let returned: Item?
            switch update.returning {
            case .allOld?: returned = old.item
            case .allNew?: returned = new
            case .modifiedOld?: returned = UpdateExpression.returnedAttributes(paths, in: old.item)
            case .modifiedNew?: returned = UpdateExpression.returnedAttributes(paths, in: new)
            case nil: returned = nil
            }
            return WriteOutcome(table: table.name, returned: returned, units: Capacity.writeUnits(max(size, old.size)),
                                indexWrites: Capacity.indexWrites(table, old: old.item, new: new))
        case .delete(let delete):
            let table = try table(tx, delete.table)
            let (_, key) = try fullKey(delete.condition, table)
            // No item: success with nothing deleted (ql-reference.delete).
            guard let old = try tx.getItem(table, key) else {
                return WriteOutcome(table: table.name, returned: nil, units: 1, indexWrites: [])
            }
            guard delete.condition.isSatisfied(by: old.item) else { throw conditionFailed(old.item) }
            try tx.deleteItem(table, key, old: .some(old.item))
            return WriteOutcome(table: table.name, returned: delete.returning == .allOld ? old.item : nil,
                                units: Capacity.writeUnits(old.size), indexWrites: Capacity.indexWrites(table, old: old.item, new: nil))
        case .exists:
            throw DynamoError.validation(Messages.partiQLExistsOutsideTransaction)
        case .select:
            preconditionFailure("reads are not writes")
        }
    }

    // MARK: Single-item reads (BatchExecuteStatement, ExecuteTransaction)

    /// A SELECT that names the full primary key of a table: the item when it exists and satisfies
    /// the WHERE clause. `keyError`: the operation's text for a WHERE clause without the full key.
    static func getItem(_ select: SelectStatement, _ tx: StorageTransaction, keyError: String) throws -> (table: String, item: Item?, units: Double) {
        let table = try table(tx, select.table)
        let key = try singleItemKey(select.condition, table, keyError: keyError)
        let stored = try tx.getItem(table, key)
        var item: Item?
        if let stored, select.condition?.isSatisfied(by: stored.item) ?? true {
            item = project(stored.item, select.projection)
        }
        return (table.name, item, Capacity.readUnits(stored?.size ?? 0, consistent: true))
    }

    static func singleItemKey(_ condition: Condition?, _ table: TableDefinition, keyError: String) throws(DynamoError) -> StorageKey {
        do {
            return try fullKey(condition, table).1
        } catch {
            throw error.message == Messages.partiQLIncompleteKey ? DynamoError.validation(keyError) : error
        }
    }

    // MARK: Projection

    /// SELECT's projection: each path's value as a top-level attribute named by its last name
    /// with the list indexes after it (`a.b[1]` -> `b[1]`), as the service's PartiQL unnests
    /// projected document paths (DynamoDB Local 2.x's SelectProjectionUnnester does the same).
    static func project(_ item: Item, _ paths: [DocumentPath]?) -> Item {
        guard let paths else { return item }
        var out: Item = [:]
        for path in paths {
            guard let value = Evaluator.lookup(path, item) else { continue }
            var name = ""
            for element in path.elements {
                switch element {
                case .name(let n): name = n
                case .index(let i): name += "[\(i)]"
                }
            }
            out[name] = value
        }
        return out
    }
}
