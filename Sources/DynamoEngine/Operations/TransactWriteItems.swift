import DynamoExpressions
import DynamoModel
import DynamoStorage

/// TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions across tables,
/// applied all or nothing (`TransactionWriter`). Every action's request-level checks (table
/// name, expressions, a Put's item size) run in request order before storage is touched, then
/// the 4 MB limit; the token, tables, keys, conditions and updates run in one write transaction.
enum TransactWriteItems: WholeOperation {
    static let name = "TransactWriteItems"
    static let maxActions = 100
    static let maxPayload = 4 * 1024 * 1024

    static let returnValuesOnFailure = Field("ReturnValuesOnConditionCheckFailure", .string, .oneOf(["ALL_OLD", "NONE"]))
    static let conditionCheckFields: [Field] = [
        .keyMap, .requiredTableNameMember, Field("ConditionExpression", .string, .notNull),
        .expressionAttributeNames, .expressionAttributeValues, returnValuesOnFailure,
    ]
    static let putFields: [Field] = [
        Field("Item", .map(.attributeValue), .notNull), .requiredTableNameMember, Field("ConditionExpression", .string),
        .expressionAttributeNames, .expressionAttributeValues, returnValuesOnFailure,
    ]
    static let deleteFields: [Field] = [
        .keyMap, .requiredTableNameMember, Field("ConditionExpression", .string),
        .expressionAttributeNames, .expressionAttributeValues, returnValuesOnFailure,
    ]
    static let updateFields: [Field] = [
        .keyMap, Field("UpdateExpression", .string, .notNull), .requiredTableNameMember, Field("ConditionExpression", .string),
        .expressionAttributeNames, .expressionAttributeValues, returnValuesOnFailure,
    ]
    // The token is reported before ReturnConsumedCapacity, and that before
    // ReturnItemCollectionMetrics (the service's order, as the paritysuite recordings show).
    static let fields: [Field] = [
        Field("ClientRequestToken", .string, .minLength(1), .maxLength(36)),
        Field("TransactItems", .list(.structure([
            Field("ConditionCheck", .structure(conditionCheckFields)),
            Field("Put", .structure(putFields)),
            Field("Delete", .structure(deleteFields)),
            Field("Update", .structure(updateFields)),
        ])), .notNull, .minLength(1), .maxLength(maxActions)),
        .returnConsumedCapacity,
        .returnItemCollectionMetrics,
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        guard case .array(let entries)? = request["TransactItems"] else { throw DynamoError.validation(Messages.transactWriteNoAction) }
        let actions = try entries.map { try action(Request($0)) }
        // DynamoDB Local 1.13.5 adds the actions up in order and names the total that passed 4 MB.
        var payload = 0
        for action in actions {
            payload += action.payloadSize
            if payload > maxPayload { throw DynamoError.validation(Messages.transactionTooLarge(payload)) }
        }

        let mode = Capacity.mode(request)
        let token = request.string("ClientRequestToken")
        // The same request is the same TransactItems; the Return* members may differ (checked
        // against DynamoDB Local 1.13.5).
        let fingerprint = request["TransactItems"]!.text.hashValue
        let tokens = context.engine.transactionTokens
        let namespace = context.namespace.name
        let now = context.now

        // The token is looked up and recorded under the namespace's lock, so two requests with
        // one token cannot both apply.
        let outcome: (writes: [ItemWrite], replay: TransactionTokens.Entry?) = try context.write { tx in
            if let token {
                switch tokens.lookup(namespace: namespace, token: token, fingerprint: fingerprint, now: now,
                                     failed: { tx.groupFailed($0) }) {
                case .replay(let entry): return ([], entry)
                case .mismatch: throw DynamoError(.idempotentParameterMismatch, Messages.idempotentParameterMismatch)
                case .unused: break
                }
            }
            let writes = try TransactionWriter.run(actions, in: tx)
            if let token {
                // A replay reads the items instead of writing them (the service reports read units).
                let reads = writes.map { write in
                    Capacity.TransactionUsage(table: write.table.name,
                                              units: Capacity.readUnits(max(write.size, write.old?.size ?? 0), consistent: true))
                }
                tokens.record(namespace: namespace, token: token, fingerprint: fingerprint, reads: reads, group: tx.group,
                              now: now)
            }
            return (writes, nil)
        }

        let consumed: JSON?
        if let replay = outcome.replay {
            consumed = Capacity.consumedByTransaction(mode, replay.reads, write: false)
        } else {
            consumed = Capacity.consumedByTransaction(mode, outcome.writes.map {
                Capacity.TransactionUsage(table: $0.table.name, units: $0.units, indexes: $0.indexWrites)
            }, write: true)
        }
        return .object(consumed.map { [("ConsumedCapacity", $0)] } ?? [])
    }

    /// One TransactWriteItem: exactly one of its four members, checked as the matching single-item
    /// operation checks its request. Members the action's shape does not declare (ReturnValues,
    /// Expected) are ignored, as the service ignores them.
    static func action(_ entry: Request) throws -> TransactionAction {
        let present = [("ConditionCheck", conditionCheckFields), ("Put", putFields), ("Delete", deleteFields), ("Update", updateFields)]
            .filter { entry[$0.0] != nil }
        guard let (member, fields) = present.first else { throw DynamoError.validation(Messages.transactWriteNoAction) }
        guard present.count == 1 else { throw DynamoError.validation(Messages.transactWriteManyActions) }
        let body = Request(declared(entry[member]!, fields))
        let tableName = try TableNames.check(body.string("TableName"))

        switch member {
        case "Put":
            let item = try body.item("Item")!
            let condition = try conditionOnly(body)
            let size = try ItemLimits.check(item)
            return TransactionAction(tableName: tableName, kind: .put(item, size: size), condition: condition)
        case "Update":
            let key = try body.item("Key")!
            var expressions = try RequestExpressions(body, kinds: [.update, .condition])
            let update = try expressions.update()
            let condition = try expressions.condition(.condition)
            try expressions.finish()
            return TransactionAction(tableName: tableName, kind: .update(key: key, update), condition: WriteCondition(condition, body))
        case "Delete":
            let key = try body.item("Key")!
            return TransactionAction(tableName: tableName, kind: .delete(key: key), condition: try conditionOnly(body))
        default:
            let key = try body.item("Key")!
            return TransactionAction(tableName: tableName, kind: .conditionCheck(key: key), condition: try conditionOnly(body))
        }
    }

    static func conditionOnly(_ body: Request) throws(DynamoError) -> WriteCondition {
        var expressions = try RequestExpressions(body, kinds: [.condition])
        let condition = try expressions.condition(.condition)
        try expressions.finish()
        return WriteCondition(condition, body)
    }

    /// `json` with only the members `fields` declares.
    static func declared(_ json: JSON, _ fields: [Field]) -> JSON {
        guard case .object(let members) = json else { return json }
        let names = Set(fields.map(\.name))
        return .object(members.filter { names.contains($0.0) })
    }
}
