import DynamoExpressions
import DynamoModel
import DynamoPartiQL
import DynamoStorage

/// ExecuteStatement: one PartiQL statement (API reference, ExecuteStatement; Developer Guide,
/// "PartiQL - a SQL-compatible query language for Amazon DynamoDB"). DynamoDB Local 1.13.5 does
/// not have this operation (it answers UnknownOperationException).
enum ExecuteStatement: WholeOperation {
    static let name = "ExecuteStatement"
    // The members and constraints of the service's model (botocore dynamodb 2012-08-10).
    static let fields: [Field] = [
        Field("Statement", .string, .notNull, .minLength(1), .maxLength(8192)),
        Field("Parameters", .list(.attributeValue), .minLength(1)),
        Field("ConsistentRead", .boolean),
        Field("NextToken", .string, .minLength(1), .maxLength(32768)),
        .returnConsumedCapacity,
        Field("Limit", .integer, .min(1)),
        Field("ReturnValuesOnConditionCheckFailure", .string, .oneOf(["ALL_OLD", "NONE"])),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let text = request.string("Statement") ?? ""
        let statement = try PartiQLExecution.statement(text, parameters: request["Parameters"])
        let mode = Capacity.mode(request)
        switch statement {
        case .select(let select):
            let token = NextToken(statement: text, parameters: request["Parameters"])
            let consistent = request.bool("ConsistentRead") ?? false
            let start = try request.string("NextToken").map { t throws(DynamoError) in try token.decode(t) }
            let result = try context.namespace.read { tx in
                try SelectRead(select, tx, consistent: consistent).run(limit: request.int("Limit"), start: start)
            }
            var members: [(String, JSON)] = [("Items", .array(result.items.map { AttributeValue.json($0) }))]
            if let last = result.lastEvaluatedKey { members.append(("NextToken", .string(token.encode(last)))) }
            if let consumed = Capacity.consumedByRead(mode, table: select.table, index: result.index, units: result.units) {
                members.append(("ConsumedCapacity", consumed))
            }
            return .object(members)
        case .exists:
            throw DynamoError.validation(Messages.partiQLExistsOutsideTransaction)
        case .insert, .update, .delete:
            let returnOld = request.string("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
            let outcome = try context.write { tx in
                try PartiQLExecution.write(statement, tx, returnOldOnFailure: returnOld)
            }
            // Writes answer with an empty Items list; RETURNING puts the one item in it.
            var members: [(String, JSON)] = [("Items", .array(outcome.returned.map { [AttributeValue.json($0)] } ?? []))]
            if let consumed = Capacity.consumed(mode, table: outcome.table, tableUnits: outcome.units, indexes: outcome.indexWrites) {
                members.append(("ConsumedCapacity", consumed))
            }
            return .object(members)
        }
    }
}

/// NextToken, opaque to clients: base64 of a JSON object with the last evaluated key and a digest
/// of the statement and its parameters, so a token is only accepted with the request that
/// produced it ("NextToken does not match request", the service's text).
struct NextToken {
    let digest: String

    init(statement: String, parameters: JSON?) {
        var bytes = Array(statement.utf8)
        if let parameters { bytes += parameters.bytes }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        digest = String(hash, radix: 16)
    }

    func encode(_ key: Item) -> String {
        Base64.encode(JSON.object([("d", .string(digest)), ("k", AttributeValue.json(key))]).bytes)
    }

    func decode(_ token: String) throws(DynamoError) -> Item {
        guard let bytes = Base64.decode(token), let json = try? JSON.parse(bytes),
              case .string(let d)? = json["d"], let keyJSON = json["k"],
              let key = try? AttributeValue.decodeItem(keyJSON) else {
            throw DynamoError.validation(Messages.partiQLInvalidNextToken)
        }
        guard d == digest else { throw DynamoError.validation(Messages.partiQLNextTokenMismatch) }
        return key
    }
}

/// A SELECT run as a Query when its WHERE clause pins the partition key with `=` or IN at the top
/// level, else as a Scan (Developer Guide, "PartiQL select statements for DynamoDB"). The whole
/// WHERE clause is then the filter, so key conditions only narrow what is read. Limit counts
/// items read, and a page ends at 1 MB, as in Query and Scan.
struct SelectRead {
    let select: SelectStatement
    let tx: StorageTransaction
    let table: TableDefinition
    let index: SecondaryIndex?
    let consistent: Bool

    init(_ select: SelectStatement, _ tx: StorageTransaction, consistent: Bool) throws {
        self.select = select
        self.tx = tx
        self.consistent = consistent
        table = try PartiQLExecution.table(tx, select.table)
        if let name = select.index {
            guard let index = table.index(named: name) else { throw DynamoError.validation(Messages.noSuchIndex(name)) }
            if index.kind == .global && consistent { throw DynamoError.validation(Messages.partiQLConsistentReadOnGlobalIndex) }
            self.index = index
        } else {
            index = nil
        }
    }

    var schema: KeySchema { index?.keySchema ?? table.keySchema }

    struct Result {
        var items: [Item]
        var lastEvaluatedKey: Item?
        var units: Double
        var index: SecondaryIndex?
    }

    /// The partition key values the WHERE clause pins at its top level, or nil (a Scan).
    func partitions() -> [AttributeValue]? {
        let hash = schema.hash
        for condition in select.condition?.conjuncts ?? [] {
            if let equality = condition.keyEquality, equality.name == hash.name {
                return hash.type.matches(equality.value) ? [equality.value] : []
            }
            if case .in(.path(let path), let list) = condition, path.elements.count == 1, path.attribute == hash.name {
                guard list.allSatisfy({ if case .value = $0 { return true } else { return false } }) else { continue }
                var values: [AttributeValue] = []
                for case .value(let v) in list where hash.type.matches(v) && !values.contains(v) { values.append(v) }
                return values
            }
        }
        return nil
    }

    /// The first top-level condition on the sort key that bounds it, as a range of encodings.
    func sortRange() -> SortKeyRange {
        guard let range = schema.range else { return SortKeyRange() }
        func value(_ o: Operand) -> AttributeValue? {
            if case .value(let v) = o, range.type.matches(v) { return v }
            return nil
        }
        func isKey(_ o: Operand) -> Bool {
            if case .path(let p) = o { return p.elements.count == 1 && p.attribute == range.name }
            return false
        }
        for condition in select.condition?.conjuncts ?? [] {
            switch condition {
            case .compare(let op, let a, let b) where op != .ne:
                let (found, flipped): (AttributeValue?, Bool) = isKey(a) ? (value(b), false) : isKey(b) ? (value(a), true) : (nil, false)
                guard let v = found else { continue }
                switch flipped ? op.swapped : op {
                case .eq: return ReadOptions.sortRange(.eq(v))
                case .lt: return ReadOptions.sortRange(.lt(v))
                case .le: return ReadOptions.sortRange(.le(v))
                case .gt: return ReadOptions.sortRange(.gt(v))
                default: return ReadOptions.sortRange(.ge(v))
                }
            case .between(let a, let lo, let hi) where isKey(a):
                guard let l = value(lo), let h = value(hi), Evaluator.compare(l, h).map({ $0 <= 0 }) ?? false else { continue }
                return ReadOptions.sortRange(.between(l, h))
            case .beginsWith(let a, let p) where isKey(a):
                guard let prefix = value(p), range.type != .n else { continue }
                return ReadOptions.sortRange(.beginsWith(prefix))
            default:
                continue
            }
        }
        return SortKeyRange()
    }

    func run(limit: Int?, start: Item?) throws -> Result {
        var partitions = partitions()
        var forward = true
        if !select.orderBy.isEmpty {
            if select.condition == nil { throw DynamoError.validation(Messages.partiQLOrderByWithoutWhere) }
            for order in select.orderBy where !schema.contains(order.name) {
                throw DynamoError.validation(Messages.partiQLOrderByNotKey(order.name))
            }
            guard partitions != nil else { throw DynamoError.validation(Messages.partiQLOrderByWithoutHashKey) }
            if let order = select.orderBy.first(where: { $0.name == schema.range?.name }) { forward = !order.descending }
            if let order = select.orderBy.first(where: { $0.name == schema.hash.name }) {
                partitions!.sort { (Evaluator.compare($0, $1) ?? 0) < 0 }
                if order.descending { partitions!.reverse() }
            }
        }

        var page = Page(limit: limit)
        if let partitions {
            var first = 0
            if let start {
                guard let value = start[schema.hash.name], let i = partitions.firstIndex(of: value) else {
                    throw DynamoError.validation(Messages.partiQLInvalidNextToken)
                }
                first = i
            }
            let range = sortRange()
            for i in partitions.indices where i >= first {
                let resume = i == first ? start : nil
                let partition = KeyEncoding.encode(partitions[i])
                if let index {
                    let position = try resume.map { try self.position($0) }
                    try tx.queryIndex(index, partition: partition, range: range, forward: forward, exclusiveStart: position) {
                        try page.add(try item(for: $0))
                    }
                } else {
                    var sort: [UInt8]?
                    if let resume {
                        if let name = schema.range?.name {
                            guard let v = resume[name] else { throw DynamoError.validation(Messages.partiQLInvalidNextToken) }
                            sort = KeyEncoding.encode(v)
                        } else {
                            sort = []
                        }
                    }
                    try tx.query(table, partition: partition, range: range, forward: forward, exclusiveStart: sort) { try page.add($0) }
                }
                if page.lastEvaluated != nil { break }
            }
        } else if let index {
            let position = try start.map { try self.position($0) }
            try tx.scanIndex(index, exclusiveStart: position) { try page.add(try item(for: $0)) }
        } else {
            let startKey = try start.map { key throws(DynamoError) in try StartKey.decode(key, table, query: false) }
            try tx.scan(table, exclusiveStart: startKey) { try page.add($0) }
        }

        let items = page.scanned.compactMap { stored -> Item? in
            if let condition = select.condition, !condition.isSatisfied(by: stored.item) { return nil }
            return PartiQLExecution.project(stored.item, select.projection)
        }
        return Result(items: items, lastEvaluatedKey: page.lastEvaluated.map(lastEvaluatedKey),
                      units: page.readUnits(consistent: consistent), index: index)
    }

    /// The table's key attributes, plus the index's on an index.
    func lastEvaluatedKey(_ item: Item) -> Item {
        var key = Keys.keyAttributes(of: item, table.keySchema)
        if let index { for element in index.keySchema.elements { key[element.name] = item[element.name] } }
        return key
    }

    /// Where an index read resumes, from the key a NextToken carried.
    func position(_ key: Item) throws -> IndexPosition {
        guard let index, let hash = key[index.keySchema.hash.name] else { throw DynamoError.validation(Messages.partiQLInvalidNextToken) }
        let tableKey = try StartKey.decode(Keys.keyAttributes(of: key, table.keySchema), table, query: false)
        return IndexPosition(partition: KeyEncoding.encode(hash),
                             sort: index.keySchema.range.flatMap { key[$0.name] }.map(KeyEncoding.encode) ?? [],
                             tableKey: tableKey)
    }

    /// An index entry as read: a local index that does not project everything reads the base item.
    func item(for entry: IndexEntry) throws -> StoredItem {
        guard let index, index.kind == .local, index.projectionType != .all else { return entry.stored }
        let key = StorageKey(encodedPartition: entry.tablePartition, encodedSort: entry.tableSort)
        return try tx.getItem(table, key) ?? entry.stored
    }
}

extension Comparator {
    /// The comparator with its operands swapped: `v < key` is `key > v`.
    var swapped: Comparator {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }
}
