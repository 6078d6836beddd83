import DynamoExpressions
import DynamoModel
import DynamoPartiQL
import DynamoStorage

/// ExecuteTransaction: up to 100 statements, all single-item SELECTs or all writes (INSERT,
/// UPDATE, DELETE and EXISTS condition checks), all-or-nothing (API reference,
/// ExecuteTransaction; Developer Guide, "Performing transactions with PartiQL for DynamoDB").
/// Writes run through TransactionWriter, TransactWriteItems' all-or-nothing core, so a failed
/// statement cancels the transaction with one CancellationReason per statement. DynamoDB Local
/// 1.13.5 lacks this operation.
enum ExecuteTransaction: WholeOperation {
    static let name = "ExecuteTransaction"
    static let fields: [Field] = [
        Field("TransactStatements", .list(.structure([
            Field("Statement", .string, .notNull, .minLength(1), .maxLength(8192)),
            Field("Parameters", .list(.attributeValue), .minLength(1)),
            Field("ReturnValuesOnConditionCheckFailure", .string, .oneOf(["ALL_OLD", "NONE"])),
        ])), .notNull, .minLength(1), .maxLength(100)),
        Field("ClientRequestToken", .string, .minLength(1), .maxLength(36)),
        .returnConsumedCapacity,
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        guard case .array(let list)? = request["TransactStatements"] else {
            throw DynamoError.validation(Messages.parameterRequired("TransactStatements"))
        }
        var statements: [(statement: PartiQLStatement, returnOld: Bool)] = []
        for json in list {
            let member = Request(json)
            let statement = try PartiQLExecution.statement(member.string("Statement"), parameters: member["Parameters"])
            statements.append((statement, member.string("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"))
        }
        let reads = statements.filter { $0.statement.isRead }.count
        if reads != 0 && reads != statements.count { throw DynamoError.validation(Messages.partiQLTransactionMixed) }
        let mode = Capacity.mode(request)
        return reads == 0 ? try write(statements, context, mode) : try read(statements.map(\.statement), context, mode)
    }

    /// All SELECTs: each names one item of a table by its full primary key.
    static func read(_ statements: [PartiQLStatement], _ context: Context, _ mode: Capacity.Mode) throws -> JSON {
        var selects: [SelectStatement] = []
        for case .select(let select) in statements {
            if select.index != nil { throw DynamoError.validation(Messages.partiQLTransactionIndexRead) }
            selects.append(select)
        }
        let results = try context.namespace.read { tx in
            try selects.map { try PartiQLExecution.getItem($0, tx, keyError: Messages.partiQLTransactionSelectKey) }
        }
        var members: [(String, JSON)] = [("Responses", .array(results.map { result in
            result.item.map { .object([("Item", AttributeValue.json($0))]) } ?? .object([])
        }))]
        // Transactional reads cost two consistent reads (Developer Guide, "Capacity management for transactions").
        members += consumed(mode, results.map { ($0.table, 2 * $0.units) })
        return .object(members)
    }

    /// INSERT, UPDATE, DELETE and EXISTS as TransactWriteItems' Put, Update, Delete and ConditionCheck.
    static func write(_ statements: [(statement: PartiQLStatement, returnOld: Bool)], _ context: Context, _ mode: Capacity.Mode) throws -> JSON {
        let writes: [ItemWrite] = try context.write { tx in
            var actions: [TransactionAction] = []
            var inserts = Set<Int>()
            for (index, entry) in statements.enumerated() {
                let options = Request(.object(entry.returnOld ? [("ReturnValuesOnConditionCheckFailure", .string("ALL_OLD"))] : []))
                switch entry.statement {
                case .insert(let insert):
                    let table = try PartiQLExecution.table(tx, insert.table)
                    do {
                        try PartiQLExecution.checkInsertKey(insert.item, table)
                    } catch let error as DynamoError {
                        // The statement's own reason, None for the others (as DynamoDB Local 2.x answers).
                        var reasons = Array(repeating: CancellationReason(code: "None"), count: statements.count)
                        reasons[index] = CancellationReason(code: "ValidationError", message: error.message)
                        throw DynamoError(.transactionCanceled, Messages.transactionCanceled(reasons.map(\.code)), cancellationReasons: reasons)
                    }
                    let size = try ItemLimits.check(insert.item)
                    inserts.insert(index)
                    let absent = Condition.attributeNotExists(DocumentPath([.name(table.keySchema.hash.name)]))
                    actions.append(TransactionAction(tableName: table.name, kind: .put(insert.item, size: size),
                                                     condition: WriteCondition(absent, options)))
                case .update(let update):
                    if update.returning != nil { throw DynamoError.validation(Messages.partiQLTransactionReturning) }
                    let table = try PartiQLExecution.table(tx, update.table)
                    let (key, _) = try PartiQLExecution.fullKey(update.condition, table)
                    // The WHERE clause's key equalities are false on an absent item: UPDATE never creates one.
                    actions.append(TransactionAction(tableName: table.name, kind: .update(key: key, update.update),
                                                     condition: WriteCondition(update.condition, options)))
                case .delete(let delete):
                    if delete.returning != nil { throw DynamoError.validation(Messages.partiQLTransactionReturning) }
                    let table = try PartiQLExecution.table(tx, delete.table)
                    let (key, _) = try PartiQLExecution.fullKey(delete.condition, table)
                    // DELETE of an absent item succeeds (ql-reference.delete).
                    let absent = Condition.attributeNotExists(DocumentPath([.name(table.keySchema.hash.name)]))
                    actions.append(TransactionAction(tableName: table.name, kind: .delete(key: key),
                                                     condition: WriteCondition(.or([absent, delete.condition]), options)))
                case .exists(let select):
                    if select.index != nil { throw DynamoError.validation(Messages.partiQLTransactionIndexWrite) }
                    let table = try PartiQLExecution.table(tx, select.table)
                    // The full key and at least one more condition (ql-functions.exists).
                    guard let condition = select.condition, condition.conjuncts.count > table.keySchema.elements.count else {
                        throw DynamoError.validation(Messages.partiQLTransactionExistsKey)
                    }
                    let (key, _) = try PartiQLExecution.fullKey(condition, table)
                    actions.append(TransactionAction(tableName: table.name, kind: .conditionCheck(key: key),
                                                     condition: WriteCondition(condition, options)))
                case .select:
                    preconditionFailure("reads were split off")
                }
            }
            do {
                return try TransactionWriter.run(actions, in: tx)
            } catch let error as DynamoError where error.kind == .transactionCanceled {
                // An INSERT whose key exists: "Duplicate primary key exists in table" as the statement's
                // ValidationError reason, not a failed condition (DynamoDB Local 2.x's mapping).
                guard var reasons = error.cancellationReasons else { throw error }
                for i in inserts where reasons[i].code == "ConditionalCheckFailed" {
                    reasons[i] = CancellationReason(code: "ValidationError", message: Messages.partiQLDuplicateItem)
                }
                throw DynamoError(.transactionCanceled, Messages.transactionCanceled(reasons.map(\.code)), cancellationReasons: reasons)
            }
        }
        var members: [(String, JSON)] = [("Responses", .array(statements.map { _ in .object([]) }))]
        // Transactional writes cost two standard writes.
        members += consumed(mode, writes.map { ($0.table.name, 2 * $0.units) })
        return .object(members)
    }

    /// ConsumedCapacity: one entry per table, in first-use order.
    static func consumed(_ mode: Capacity.Mode, _ units: [(String, Double)]) -> [(String, JSON)] {
        guard mode != .none else { return [] }
        var totals: [(String, Double)] = []
        for (table, u) in units {
            if let i = totals.firstIndex(where: { $0.0 == table }) { totals[i].1 += u } else { totals.append((table, u)) }
        }
        return [("ConsumedCapacity", .array(totals.compactMap { Capacity.consumed(mode, table: $0.0, units: $0.1) }))]
    }
}
