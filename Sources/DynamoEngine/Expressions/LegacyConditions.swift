import DynamoExpressions
import DynamoModel

/// The pre-expression condition parameters, translated into the expression language's tree so
/// that one evaluator serves both. Query's KeyConditions so far; QueryFilter, ScanFilter and
/// Expected come with the rest of the legacy parameters.
enum LegacyConditions {
    /// ComparisonOperator -> how many values AttributeValueList must hold (nil: any, 1+).
    static let arity: [String: Int?] = [
        "EQ": 1, "NE": 1, "LE": 1, "LT": 1, "GE": 1, "GT": 1, "BEGINS_WITH": 1, "CONTAINS": 1, "NOT_CONTAINS": 1,
        "NULL": 0, "NOT_NULL": 0, "BETWEEN": 2, "IN": nil,
    ]

    /// KeyConditions as a KeyCondition: each entry one comparison on its attribute; the checks
    /// on the whole (hash key present, at most two) are the expression's.
    static func keyCondition(_ json: JSON, schema: KeySchema) throws(DynamoError) -> KeyCondition {
        guard case .object(let members) = json else { throw DynamoError.validation(Messages.keyConditionMissedElement(schema.hash.name)) }
        var parts: [Condition] = []
        for (name, spec) in members {
            let op = spec["ComparisonOperator"].flatMap { if case .string(let s) = $0 { return s } else { return nil } } ?? ""
            var values: [AttributeValue] = []
            if case .array(let list)? = spec["AttributeValueList"] {
                for item in list { values.append(try AttributeValue.decode(item)) }
            }
            if let expected = arity[op], let count = expected, values.count != count {
                throw DynamoError.validation(Messages.legacyArgumentCount(op))
            }
            let path = Operand.path(DocumentPath([.name(name)]))
            switch op {
            case "EQ": parts.append(.compare(.eq, path, .value(values[0])))
            case "LE": parts.append(.compare(.le, path, .value(values[0])))
            case "LT": parts.append(.compare(.lt, path, .value(values[0])))
            case "GE": parts.append(.compare(.ge, path, .value(values[0])))
            case "GT": parts.append(.compare(.gt, path, .value(values[0])))
            case "BEGINS_WITH":
                if case .n = values[0] { throw DynamoError.validation(Messages.legacyOperatorType(op, values[0].typeName)) }
                parts.append(.beginsWith(path, .value(values[0])))
            case "BETWEEN": parts.append(.between(path, .value(values[0]), .value(values[1])))
            default: throw DynamoError.validation(Messages.notIndexableOperation)
            }
        }
        if parts.isEmpty { throw DynamoError.validation(Messages.keyConditionMissedElement(schema.hash.name)) }
        return try KeyCondition(parts.count == 1 ? parts[0] : .and(parts), schema: schema)
    }
}

extension LegacyConditions {
    /// Expected (PutItem, UpdateItem, DeleteItem) as a Condition, or nil when absent. Each entry
    /// is checked in request order with DynamoDB's texts, then ConditionalOperator (checked
    /// against DynamoDB Local 1.13.5). Missing attributes: NE is true, NOT_CONTAINS false.
    /// `filter`: QueryFilter or ScanFilter, where a missing value list is an argument-count error.
    static func expected(_ json: JSON?, conditionalOperator: String?, filter: Bool = false) throws(DynamoError) -> Condition? {
        guard case .object(let members)? = json else { return nil }
        var parts: [Condition] = []
        for (name, spec) in members {
            let path = DocumentPath([.name(name)])
            let value = try spec["Value"].flatMap { json throws(DynamoError) in json == .null ? nil : try AttributeValue.decode(json) }
            var list: [AttributeValue]?
            if case .array(let items)? = spec["AttributeValueList"] {
                list = []
                for item in items { list!.append(try AttributeValue.decode(item)) }
            }
            let exists: Bool? = if case .bool(let b)? = spec["Exists"] { b } else { nil }
            if value != nil && list != nil { throw DynamoError.validation(Messages.expectedValueAndList(name)) }
            guard case .string(let op)? = spec["ComparisonOperator"] else {
                if exists == false {
                    if value != nil { throw DynamoError.validation(Messages.expectedValueWithExistsFalse(name)) }
                    parts.append(.attributeNotExists(path))
                } else {
                    guard let value else { throw DynamoError.validation(Messages.expectedValueMissing(name, exists: exists)) }
                    parts.append(.compare(.eq, .path(path), .value(value)))
                }
                continue
            }
            if exists != nil { throw DynamoError.validation(Messages.expectedExistsAndOperator(name)) }
            let values = list ?? value.map { [$0] } ?? []
            if values.isEmpty, op != "NULL", op != "NOT_NULL", !filter {
                throw DynamoError.validation(Messages.expectedOperatorWithoutValue(op, name))
            }
            if let expected = arity[op], let count = expected, values.count != count {
                throw DynamoError.validation(Messages.legacyArgumentCount(op))
            }
            if op == "IN" && values.isEmpty { throw DynamoError.validation(Messages.legacyArgumentCount(op)) }
            let attribute = Operand.path(path)
            switch op {
            case "EQ": parts.append(.compare(.eq, attribute, .value(values[0])))
            case "NE": parts.append(.compare(.ne, attribute, .value(values[0])))
            case "LE": parts.append(.compare(.le, attribute, .value(values[0])))
            case "LT": parts.append(.compare(.lt, attribute, .value(values[0])))
            case "GE": parts.append(.compare(.ge, attribute, .value(values[0])))
            case "GT": parts.append(.compare(.gt, attribute, .value(values[0])))
            case "NULL": parts.append(.attributeNotExists(path))
            case "NOT_NULL": parts.append(.attributeExists(path))
            case "CONTAINS": parts.append(.contains(attribute, .value(values[0])))
            case "NOT_CONTAINS": parts.append(.and([.attributeExists(path), .not(.contains(attribute, .value(values[0])))]))
            case "BEGINS_WITH":
                if case .n = values[0] { throw DynamoError.validation(Messages.legacyOperatorType(op, values[0].typeName)) }
                parts.append(.beginsWith(attribute, .value(values[0])))
            case "IN": parts.append(.in(attribute, values.map { .value($0) }))
            default: parts.append(.between(attribute, .value(values[0]), .value(values[1])))  // BETWEEN
            }
        }
        if conditionalOperator != nil && parts.count < 2 { throw DynamoError.validation(Messages.conditionalOperatorNeedsTwo) }
        if parts.isEmpty { return nil }
        if parts.count == 1 { return parts[0] }
        return conditionalOperator == "OR" ? .or(parts) : .and(parts)
    }
}
