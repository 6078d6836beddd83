import DynamoModel

/// The names and scalar types ("S", "N" or "B") the key condition checks against.
extension KeySchema {
    var hashName: String { hash.name }
    var hashType: String { hash.type.rawValue }
    var rangeName: String? { range?.name }
    var rangeType: String? { range?.type.rawValue }
}

/// The condition on the range key of a Query.
public enum RangeCondition: Sendable, Equatable {
    case eq(AttributeValue)
    case lt(AttributeValue)
    case le(AttributeValue)
    case gt(AttributeValue)
    case ge(AttributeValue)
    case between(AttributeValue, AttributeValue)
    case beginsWith(AttributeValue)

    /// Whether a range key value satisfies the condition.
    public func matches(_ value: AttributeValue) -> Bool {
        switch self {
        case .eq(let v): return value == v
        case .lt(let v): return Evaluator.compare(value, v).map { $0 < 0 } ?? false
        case .le(let v): return Evaluator.compare(value, v).map { $0 <= 0 } ?? false
        case .gt(let v): return Evaluator.compare(value, v).map { $0 > 0 } ?? false
        case .ge(let v): return Evaluator.compare(value, v).map { $0 >= 0 } ?? false
        case .between(let lo, let hi):
            guard let a = Evaluator.compare(lo, value), let b = Evaluator.compare(value, hi) else { return false }
            return a <= 0 && b <= 0
        case .beginsWith(let prefix):
            return Evaluator.evaluate(.beginsWith(.value(value), .value(prefix)), [:])
        }
    }
}

/// A Query's key condition in structured form.
public struct KeyCondition: Sendable, Equatable {
    public var hashValue: AttributeValue
    public var range: RangeCondition?
}

extension KeyCondition {
    /// Turns a resolved KeyConditionExpression into a KeyCondition for `schema`, or throws the
    /// service's error. Order (checked against DynamoDB Local 1.13.5): each condition in text
    /// order (operator allowed, no size(), one attribute, key attribute first, no nested path),
    /// then one condition per key, at most two conditions, value types against the schema,
    /// a condition on something else than the keys or none on the hash key, then hash key `=`.
    public init(_ condition: Condition, schema: KeySchema) throws(DynamoError) {
        var leaves: [Leaf] = []
        try Self.collect(condition, schema, into: &leaves)

        // A key condition has a leaf or two: comparing them costs less than hashing each into a Set
        // (1% of a Query).
        for (index, leaf) in leaves.enumerated() where leaves[..<index].contains(where: { $0.attribute == leaf.attribute }) {
            throw DynamoError.validation(Messages.keyConditionOnePerKey)
        }
        if leaves.count > 2 { throw DynamoError.validation(Messages.keyConditionLength) }

        for leaf in leaves {
            let expected: String?
            if leaf.attribute == schema.hashName { expected = schema.hashType }
            else if leaf.attribute == schema.rangeName { expected = schema.rangeType }
            else { expected = nil }
            if let expected, leaf.values.contains(where: { $0.typeName != expected }) {
                throw DynamoError.validation(Messages.keyConditionTypeMismatch)
            }
        }

        // The service names the element it missed: the hash key when no condition is on it, else
        // the range key when another condition is on a non-key attribute (DynamoDB Local 1.13.5
        // names neither). A hash-only table reports "not supported" for the extra condition.
        guard let hash = leaves.first(where: { $0.attribute == schema.hashName }) else {
            throw DynamoError.validation(Messages.keyConditionMissedElement(schema.hashName))
        }
        if leaves.contains(where: { $0.attribute != schema.hashName && $0.attribute != schema.rangeName }) {
            guard let rangeName = schema.rangeName else { throw DynamoError.validation(Messages.keyConditionNotSupported) }
            throw DynamoError.validation(Messages.keyConditionMissedElement(rangeName))
        }
        guard case .eq(let hashValue) = hash.range else { throw DynamoError.validation(Messages.keyConditionNotSupported) }
        self.hashValue = hashValue
        self.range = leaves.first(where: { $0.attribute != schema.hashName })?.range
    }

    struct Leaf {
        var attribute: String
        var range: RangeCondition
        var values: [AttributeValue]
    }

    static func invalidOperator(_ op: String) -> DynamoError {
        DynamoError.validation(Messages.keyConditionInvalidOperator(op))
    }

    static func collect(_ condition: Condition, _ schema: KeySchema, into leaves: inout [Leaf]) throws(DynamoError) {
        switch condition {
        case .and(let items):
            for c in items { try collect(c, schema, into: &leaves) }
        case .or:
            throw invalidOperator("OR")
        case .not:
            throw invalidOperator("NOT")
        case .in:
            throw invalidOperator("IN")
        case .attributeExists:
            throw invalidOperator("attribute_exists")
        case .attributeNotExists:
            throw invalidOperator("attribute_not_exists")
        case .attributeType:
            throw invalidOperator("attribute_type")
        case .contains:
            throw invalidOperator("contains")
        case .compare(let op, let l, let r):
            if op == .ne { throw invalidOperator("<>") }
            let (path, value, flipped) = try single([l, r])
            let v = try value.first.orThrow()
            let effective = flipped ? op.flipped : op
            let range: RangeCondition
            switch effective {
            case .eq: range = .eq(v)
            case .lt: range = .lt(v)
            case .le: range = .le(v)
            case .gt: range = .gt(v)
            default: range = .ge(v)
            }
            leaves.append(Leaf(attribute: try attribute(path, schema), range: range, values: [v]))
        case .between(let a, let lo, let hi):
            let (path, values, keyNotFirst) = try single([a, lo, hi])
            if keyNotFirst { throw DynamoError.validation(Messages.keyConditionKeyFirst("BETWEEN")) }
            leaves.append(Leaf(attribute: try attribute(path, schema), range: .between(values[0], values[1]), values: values))
        case .beginsWith(let a, let p):
            let (path, values, keyNotFirst) = try single([a, p])
            if keyNotFirst { throw DynamoError.validation(Messages.keyConditionKeyFirst("begins_with")) }
            leaves.append(Leaf(attribute: try attribute(path, schema), range: .beginsWith(values[0]), values: values))
        }
    }

    /// The one path among `operands` and the values; `keyNotFirst` when the path isn't first.
    static func single(_ operands: [Operand]) throws(DynamoError) -> (DocumentPath, [AttributeValue], Bool) {
        var path: DocumentPath?
        var values: [AttributeValue] = []
        var keyNotFirst = false
        for (i, o) in operands.enumerated() {
            switch o {
            case .path(let p):
                if let path, path != p { throw DynamoError.validation(Messages.keyConditionMultipleNames) }
                path = p
                if i != 0 { keyNotFirst = true }
            case .value(let v):
                values.append(v)
            default:
                throw DynamoError.validation(Messages.keyConditionNestedOperations)
            }
        }
        guard let path else { throw DynamoError.validation(Messages.keyConditionNoKeyAttribute) }
        return (path, values, keyNotFirst)
    }

    /// The key attribute a path names; nested paths are refused.
    static func attribute(_ path: DocumentPath, _ schema: KeySchema) throws(DynamoError) -> String {
        let name = path.attribute
        if path.elements.count > 1 {
            if name == schema.hashName || name == schema.rangeName {
                throw DynamoError.validation(Messages.keyConditionKeyNotScalar(name))
            }
            throw DynamoError.validation(Messages.keyConditionNestedAttributes)
        }
        return name
    }
}

extension Optional {
    func orThrow() throws(DynamoError) -> Wrapped {
        guard let self else { throw DynamoError.validation(Messages.keyConditionNoKeyAttribute) }
        return self
    }
}
