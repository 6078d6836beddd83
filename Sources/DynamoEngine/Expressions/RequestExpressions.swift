import DynamoExpressions
import DynamoModel

/// The expression parameters of one request and their ExpressionAttributeNames/Values, taken
/// through DynamoDB's checks in its order (each step checked against DynamoDB Local 1.13.5):
///
/// 1. legacy and expression parameters mixed ("Can not use both ...");
/// 2. names or values given without an expression that could use them;
/// 3. empty name or value maps, then each name's and value's key syntax and content;
/// 4. each expression, parsed and resolved completely before the next one, in the order the
///    operation lists them (Query: Filter, Projection, KeyCondition);
/// 5. names, then values, that no expression used (`finish()`).
struct RequestExpressions {
    /// The non-expression parameters, in the order DynamoDB lists them in the mix message
    /// (checked against DynamoDB Local 1.13.5 for Query, Scan, PutItem and UpdateItem).
    static let legacyOrder = ["AttributesToGet", "QueryFilter", "ScanFilter", "AttributeUpdates", "Expected",
                              "ConditionalOperator", "KeyConditions"]

    let request: Request
    private var resolver: Resolver

    /// `kinds`: the expression parameters the operation takes, in the order DynamoDB lists them.
    /// Whether the checks below read the member `name`. By length first: a switch over the names
    /// compared each request member with each of them (2% of a GetItem), and most members
    /// (TableName, Key, Item, ConsistentRead) have a length no checked name has.
    static func isChecked(_ name: String) -> Bool {
        switch name.utf8.count {
        case 8: return name == "Expected"
        case 10: return name == "ScanFilter"
        case 11: return name == "QueryFilter"
        case 13: return name == "KeyConditions"
        case 15: return name == "AttributesToGet"
        case 16: return name == "AttributeUpdates" || name == "FilterExpression" || name == "UpdateExpression"
        case 19: return name == "ConditionalOperator" || name == "ConditionExpression"
        case 20: return name == "ProjectionExpression"
        case 22: return name == "KeyConditionExpression"
        case 24: return name == "ExpressionAttributeNames"
        case 25: return name == "ExpressionAttributeValues"
        default: return false
        }
    }

    init(_ request: Request, kinds: [ExpressionKind]) throws(DynamoError) {
        self.request = request
        // Most requests have none of those members, and the checks would only confirm it
        // (they were 2% of a GetItem's instructions).
        if case .object(let members) = request.json, !members.contains(where: { Self.isChecked($0.0) }) {
            resolver = try Resolver()
            return
        }
        let present = kinds.filter { request[$0.rawValue] != nil }
        let legacy = Self.legacyOrder.filter { request[$0] != nil }
        // KeyConditions mixes with FilterExpression and ProjectionExpression (DynamoDB Local 1.13.5
        // accepts that); every other legacy parameter excludes every expression parameter.
        let conflicting = legacy.contains { $0 != "KeyConditions" } || present.contains(.keyCondition)
        if !legacy.isEmpty && !present.isEmpty && conflicting {
            throw DynamoError.validation(Messages.expressionMix(legacy: legacy, expressions: present.map(\.rawValue)))
        }

        let valueKinds = kinds.filter { $0 != .projection }
        if request["ExpressionAttributeNames"] != nil && present.isEmpty {
            throw DynamoError.validation(Messages.namesWithoutExpressions)
        }
        if request["ExpressionAttributeValues"] != nil && !present.contains(where: { $0 != .projection }) {
            throw DynamoError.validation(Messages.valuesWithoutExpressions(valueKinds.map(\.rawValue)))
        }
        let names = try Self.names(request["ExpressionAttributeNames"])
        let values = try Self.values(request["ExpressionAttributeValues"])
        resolver = try Resolver(names: names, values: values)
    }

    /// ExpressionAttributeNames in request order; keys are `#` and then [A-Za-z0-9_]+.
    static func names(_ json: JSON?) throws(DynamoError) -> [(String, String)]? {
        guard case .object(let members)? = json else { return nil }
        if members.isEmpty { throw DynamoError.validation(Messages.emptyExpressionNames) }
        var names: [(String, String)] = []
        for (key, value) in members {
            guard isPlaceholder(key, sigil: UInt8(ascii: "#")) else { throw DynamoError.validation(Messages.invalidNameKey(key)) }
            guard case .string(let name) = value, !name.isEmpty else { throw DynamoError.validation(Messages.emptyNameValue(key)) }
            names.append((key, name))
        }
        return names
    }

    /// ExpressionAttributeValues in request order; keys are `:` and then [A-Za-z0-9_]+.
    static func values(_ json: JSON?) throws(DynamoError) -> [(String, AttributeValue)]? {
        if case .attributes(let map)? = json {
            // Decoded while parsing: only the keys are left to check, in the same order.
            if map.pairs.isEmpty { throw DynamoError.validation(Messages.emptyExpressionValues) }
            for (key, _) in map.pairs where !isPlaceholder(key, sigil: UInt8(ascii: ":")) {
                throw DynamoError.validation(Messages.invalidValueKey(key))
            }
            return map.pairs
        }
        guard case .object(let members)? = json else { return nil }
        if members.isEmpty { throw DynamoError.validation(Messages.emptyExpressionValues) }
        var values: [(String, AttributeValue)] = []
        for (key, value) in members {
            guard isPlaceholder(key, sigil: UInt8(ascii: ":")) else { throw DynamoError.validation(Messages.invalidValueKey(key)) }
            do {
                values.append((key, try AttributeValue.decode(value)))
            } catch {
                throw DynamoError.validation(Messages.invalidExpressionValue(error.message ?? "", key: key))
            }
        }
        return values
    }

    static func isPlaceholder(_ key: String, sigil: UInt8) -> Bool {
        let bytes = Array(key.utf8)
        guard bytes.count > 1, bytes[0] == sigil else { return false }
        return bytes.dropFirst().allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
    }

    /// The resolved condition of kind `kind`, when the request has one.
    mutating func condition(_ kind: ExpressionKind) throws(DynamoError) -> Condition? {
        guard let text = request.string(kind.rawValue) else { return nil }
        return try resolver.resolve(try ExpressionParser.parseCondition(text, kind: kind))
    }

    /// The resolved ProjectionExpression, when the request has one.
    mutating func projection() throws(DynamoError) -> [DocumentPath]? {
        guard let text = request.string(ExpressionKind.projection.rawValue) else { return nil }
        return try resolver.resolve(try ExpressionParser.parseProjection(text))
    }

    /// The resolved UpdateExpression, when the request has one.
    mutating func update() throws(DynamoError) -> UpdateExpression? {
        guard let text = request.string(ExpressionKind.update.rawValue) else { return nil }
        return try resolver.resolve(try ExpressionParser.parseUpdate(text))
    }

    /// After every expression: the names, then the values, that none of them used.
    func finish() throws(DynamoError) { try resolver.checkUnused() }
}

/// What a read returns of each item: the ProjectionExpression's paths or AttributesToGet's names.
struct ItemProjection {
    let paths: [DocumentPath]?

    /// The projection of a GetItem, Query or Scan request. `expressions` must already have
    /// resolved the operation's conditions that come before the projection.
    init(_ request: Request, _ expressions: inout RequestExpressions) throws(DynamoError) {
        if let paths = try expressions.projection() {
            self.paths = paths
        } else if let names = Self.attributesToGet(request) {
            var seen: Set<String> = []
            for name in names where !seen.insert(name).inserted {
                throw DynamoError.validation(Messages.duplicateAttributesToGet)
            }
            self.paths = names.map { DocumentPath([.name($0)]) }
        } else {
            self.paths = nil
        }
    }

    /// GetItem and BatchGetItem: the projection is the only expression.
    init(_ request: Request) throws(DynamoError) {
        var expressions = try RequestExpressions(request, kinds: [.projection])
        try self.init(request, &expressions)
        try expressions.finish()
    }

    static func attributesToGet(_ request: Request) -> [String]? {
        guard case .array(let list)? = request["AttributesToGet"] else { return nil }
        return list.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }

    func apply(_ item: Item) -> Item {
        guard let paths else { return item }
        return Projection.project(paths, item)
    }
}

/// The condition of a PutItem, DeleteItem or UpdateItem: ConditionExpression or the legacy Expected
/// (one evaluator for both), and ReturnValuesOnConditionCheckFailure.
struct WriteCondition {
    let condition: Condition?
    /// ReturnValuesOnConditionCheckFailure=ALL_OLD: the failure carries the existing item.
    let returnsItemOnFailure: Bool

    init(_ condition: Condition?, _ request: Request) {
        self.condition = condition
        returnsItemOnFailure = request.string("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
    }

    /// PutItem and DeleteItem: ConditionExpression (and unused names and values), else Expected.
    init(_ request: Request) throws(DynamoError) {
        var expressions = try RequestExpressions(request, kinds: [.condition])
        var condition = try expressions.condition(.condition)
        try expressions.finish()
        if condition == nil {
            condition = try LegacyConditions.expected(request["Expected"], conditionalOperator: request.string("ConditionalOperator"))
        }
        self.init(condition, request)
    }

    /// Throws ConditionalCheckFailedException when the existing item (nil if none) fails it.
    func check(_ existing: Item?) throws(DynamoError) {
        guard let condition, !condition.isSatisfied(by: existing) else { return }
        throw DynamoError(.conditionalCheckFailed, Messages.conditionalCheckFailed, item: returnsItemOnFailure ? existing : nil)
    }
}
