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
