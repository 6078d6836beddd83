import DynamoExpressions
import DynamoModel
import DynamoPartiQL
import DynamoStorage

/// BatchExecuteStatement: up to 25 statements, all reads (single-item SELECTs) or all writes, each
/// with its own outcome: the response holds the TableName and Item, or an Error {Code, Message}
/// with BatchStatementErrorCodeEnum's codes (API reference, BatchExecuteStatement; Developer Guide,
/// "Running batch operations with PartiQL for DynamoDB"). DynamoDB Local 1.13.5 lacks this operation.
enum BatchExecuteStatement: WholeOperation {
    static let name = "BatchExecuteStatement"
    static let fields: [Field] = [
        Field("Statements", .list(.structure([
            Field("Statement", .string, .notNull, .minLength(1), .maxLength(8192)),
            Field("Parameters", .list(.attributeValue), .minLength(1)),
            Field("ConsistentRead", .boolean),
            Field("ReturnValuesOnConditionCheckFailure", .string, .oneOf(["ALL_OLD", "NONE"])),
        ])), .notNull, .minLength(1), .maxLength(25)),
        .returnConsumedCapacity,
    ]

    /// One statement of the batch: parsed, or the error its parsing gave.
    struct Entry {
        var statement: PartiQLStatement?
        var error: DynamoError?
        var returnOld: Bool
    }

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        guard case .array(let list)? = request["Statements"] else { throw DynamoError.validation(Messages.parameterRequired("Statements")) }
        var entries: [Entry] = []
        var reads: Bool?
        for json in list {
            let member = Request(json)
            let returnOld = member.string("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
            do {
                let statement = try PartiQLExecution.statement(member.string("Statement"), parameters: member["Parameters"])
                if case .exists = statement { throw DynamoError.validation(Messages.partiQLExistsOutsideTransaction) }
                // The first statement that parses decides; one of the other kind fails the whole request.
                if let reads, reads != statement.isRead { throw MixedBatch() }
                reads = statement.isRead
                entries.append(Entry(statement: statement, error: nil, returnOld: returnOld))
            } catch let error as DynamoError {
                entries.append(Entry(statement: nil, error: error, returnOld: returnOld))
            } catch is MixedBatch {
                throw DynamoError.validation(Messages.partiQLBatchMixed)
            }
        }

        // Two statements on one item fail the whole request, before anything runs.
        try context.namespace.read { tx in
            var seen = Set<[UInt8]>()
            for entry in entries {
                guard let statement = entry.statement, let table = tx.table(statement.tableName),
                      let key = try? key(of: statement, table) else { continue }
                if !seen.insert(Array(table.name.utf8) + [0] + key.partition + [0] + key.sort).inserted {
                    throw DynamoError.validation(Messages.batchDuplicateKeys)
                }
            }
        }

        var responses: [JSON] = []
        var units: [(String, Double)] = []
        for entry in entries {
            guard let statement = entry.statement else {
                responses.append(errorResponse(entry.error!, table: nil))
                continue
            }
            do {
                if case .select(let select) = statement {
                    if select.index != nil { throw DynamoError.validation(Messages.partiQLBatchSingleItemSelect) }
                    let read = try context.namespace.read { tx in
                        try PartiQLExecution.getItem(select, tx, keyError: Messages.partiQLBatchSingleItemSelect)
                    }
                    var members: [(String, JSON)] = [("TableName", .string(read.table))]
                    if let item = read.item { members.append(("Item", AttributeValue.json(item))) }
                    responses.append(.object(members))
                    units.append((read.table, read.units))
                } else {
                    let outcome = try context.write { tx in
                        try PartiQLExecution.write(statement, tx, returnOldOnFailure: entry.returnOld)
                    }
                    var members: [(String, JSON)] = [("TableName", .string(outcome.table))]
                    if let item = outcome.returned { members.append(("Item", AttributeValue.json(item))) }
                    responses.append(.object(members))
                    units.append((outcome.table, outcome.indexWrites.reduce(outcome.units) { $0 + $1.1 }))
                }
            } catch let error as DynamoError {
                responses.append(errorResponse(error, table: statement.tableName))
            }
        }

        var members: [(String, JSON)] = [("Responses", .array(responses))]
        let mode = Capacity.mode(request)
        if mode != .none {
            var totals: [(String, Double)] = []
            for (table, u) in units {
                if let i = totals.firstIndex(where: { $0.0 == table }) { totals[i].1 += u } else { totals.append((table, u)) }
            }
            members.append(("ConsumedCapacity", .array(totals.compactMap { Capacity.consumed(mode, table: $0.0, units: $0.1) })))
        }
        return .object(members)
    }

    struct MixedBatch: Error {}

    /// The storage key a statement names.
    static func key(of statement: PartiQLStatement, _ table: TableDefinition) throws -> StorageKey {
        switch statement {
        case .insert(let insert): return try Keys.fromItem(insert.item, table)
        case .update(let update): return try PartiQLExecution.fullKey(update.condition, table).1
        case .delete(let delete): return try PartiQLExecution.fullKey(delete.condition, table).1
        case .select(let select), .exists(let select): return try PartiQLExecution.fullKey(select.condition, table).1
        }
    }

    /// A statement's failure as its response.
    static func errorResponse(_ error: DynamoError, table: String?) -> JSON {
        let code: String
        switch error.kind {
        case .conditionalCheckFailed: code = "ConditionalCheckFailed"
        case .resourceNotFound: code = "ResourceNotFound"
        case .duplicateItem: code = "DuplicateItem"
        case .internalServerError: code = "InternalServerError"
        default: code = "ValidationError"
        }
        var fields: [(String, JSON)] = [("Code", .string(code)), ("Message", .string(error.message ?? ""))]
        if let item = error.item { fields.append(("Item", AttributeValue.json(item))) }
        var members: [(String, JSON)] = [("Error", .object(fields))]
        if let table { members.append(("TableName", .string(table))) }
        return .object(members)
    }
}
