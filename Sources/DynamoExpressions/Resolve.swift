import DynamoModel

/// Substitutes `#names` and `:values` into parsed expressions, recording which were used, and
/// runs the checks that need them. One Resolver serves all expressions of one request, so that
/// `checkUnused()` can reject names and values no expression used.
///
/// Checks run in one post-order walk in text order (checked against DynamoDB Local 1.13.5):
/// for each node its operands first, then the node's own checks: path nesting depth, undefined
/// names and values, operand counts, "requires a document path", distinct operands, operand
/// types, BETWEEN bounds, attribute_type's type name, IN operand count. Then, per expression,
/// the operator count (conditions) or overlapping paths (update, projection).
public struct Resolver: Sendable {
    /// Most elements a document path may have.
    public static let maxPathDepth = 32
    /// Most operands of IN, counting the one before IN.
    public static let maxInOperands = 100

    /// In request order (the order matters for the "unused" messages).
    public let names: [(String, String)]
    public let values: [(String, AttributeValue)]
    let nameMap: [String: String]
    let valueMap: [String: AttributeValue]
    public private(set) var usedNames: Set<String> = []
    public private(set) var usedValues: Set<String> = []

    /// Throws "ExpressionAttributeNames must not be empty" (then the same for values) when a
    /// map is present but empty: DynamoDB checks this before anything else in the expressions.
    public init(names: [(String, String)]? = nil, values: [(String, AttributeValue)]? = nil) throws(DynamoError) {
        if let names, names.isEmpty { throw DynamoError.validation(Messages.emptyExpressionNames) }
        if let values, values.isEmpty { throw DynamoError.validation(Messages.emptyExpressionValues) }
        self.names = names ?? []
        self.values = values ?? []
        nameMap = Dictionary(self.names, uniquingKeysWith: { _, last in last })
        valueMap = Dictionary(self.values, uniquingKeysWith: { _, last in last })
    }

    /// Convenience for tests and callers without request order (keys sorted).
    public init(names: [String: String]?, values: [String: AttributeValue]?) throws(DynamoError) {
        try self.init(names: names.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } },
                      values: values.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } })
    }

    // MARK: Public entry points

    public mutating func resolve(_ parsed: ParsedCondition) throws(DynamoError) -> Condition {
        var walk = Walk(kind: parsed.kind, resolver: self)
        let condition = try walk.condition(parsed.root)
        self = walk.resolver
        try PostChecks.checkOperatorCount(condition, kind: parsed.kind)
        return condition
    }

    public mutating func resolve(_ parsed: ParsedUpdate) throws(DynamoError) -> UpdateExpression {
        var walk = Walk(kind: .update, resolver: self)
        var actions: [UpdateAction] = []
        actions.reserveCapacity(parsed.actions.count)
        for action in parsed.actions { try actions.append(walk.action(action)) }
        self = walk.resolver
        try PostChecks.checkOverlaps(actions.map(\.path), kind: .update)
        return UpdateExpression(actions: actions)
    }

    public mutating func resolve(_ parsed: ParsedProjection) throws(DynamoError) -> [DocumentPath] {
        var walk = Walk(kind: .projection, resolver: self)
        var paths: [DocumentPath] = []
        for p in parsed.paths { try paths.append(walk.path(p)) }
        self = walk.resolver
        try PostChecks.checkOverlaps(paths, kind: .projection)
        return paths
    }

    /// After every expression of the request was resolved: names first, then values.
    /// Keys are listed in the order of a Java HashMap, as DynamoDB does.
    public func checkUnused() throws(DynamoError) {
        let unusedNames = names.map(\.0).filter { !usedNames.contains($0) }
        if !unusedNames.isEmpty { throw DynamoError.validation(Messages.unusedNames(JavaHashOrder.sorted(unique(unusedNames)))) }
        let unusedValues = values.map(\.0).filter { !usedValues.contains($0) }
        if !unusedValues.isEmpty { throw DynamoError.validation(Messages.unusedValues(JavaHashOrder.sorted(unique(unusedValues)))) }
    }

    func unique(_ keys: [String]) -> [String] {
        var seen: Set<String> = []
        return keys.filter { seen.insert($0).inserted }
    }

    // MARK: The walk

    struct Walk {
        let kind: ExpressionKind
        var resolver: Resolver

        func fail(_ detail: String) -> DynamoError { kind.error(detail) }

        mutating func path(_ raw: RawPath) throws(DynamoError) -> DocumentPath {
            if raw.elements.count > Resolver.maxPathDepth { throw fail(Messages.tooManyNestingLevels(raw.elements.count)) }
            var elements: [PathElement] = []
            elements.reserveCapacity(raw.elements.count)
            for e in raw.elements {
                switch e {
                case .identifier(let name):
                    elements.append(.name(name))
                case .nameRef(let ref):
                    guard let name = resolver.nameMap[ref] else { throw fail(Messages.undefinedName(ref)) }
                    resolver.usedNames.insert(ref)
                    elements.append(.name(name))
                case .index(let i):
                    elements.append(.index(i))
                case .badIndex(let digits):
                    throw fail(Messages.listIndexOutOfRange(digits))  // StaticChecks already caught it
                }
            }
            return DocumentPath(elements)
        }

        mutating func value(_ ref: String) throws(DynamoError) -> AttributeValue {
            guard let v = resolver.valueMap[ref] else { throw fail(Messages.undefinedValue(ref)) }
            resolver.usedValues.insert(ref)
            return v
        }

        mutating func operand(_ raw: RawOperand) throws(DynamoError) -> Operand {
            switch raw {
            case .path(let p):
                return .path(try path(p))
            case .value(let ref):
                return .value(try value(ref))
            case .arithmetic(let plus, let l, let r):
                let left = try operand(l), right = try operand(r)
                let name = plus ? "+" : "-"
                for o in [left, right] {
                    if let t = staticType(o), t != "N" { throw fail(Messages.incorrectOperandType(name, t)) }
                }
                return plus ? .plus(left, right) : .minus(left, right)
            case .call(let call):
                var args: [Operand] = []
                for a in call.args { try args.append(operand(a)) }
                switch call.name {
                case "size":
                    try arity(call.name, args, 1)
                    if let t = staticType(args[0]), t == "N" || t == "BOOL" || t == "NULL" {
                        throw fail(Messages.incorrectOperandType("size", t))
                    }
                    return .size(args[0])
                case "if_not_exists":
                    try arity(call.name, args, 2)
                    guard case .path(let p) = args[0] else { throw fail(Messages.requiresDocumentPath(call.name)) }
                    return .ifNotExists(p, args[1])
                default:  // list_append; StaticChecks allowed nothing else here
                    try arity(call.name, args, 2)
                    for o in args {
                        if let t = staticType(o), t != "L" { throw fail(Messages.incorrectOperandType(call.name, t)) }
                    }
                    return .listAppend(args[0], args[1])
                }
            }
        }

        func arity(_ name: String, _ args: [Operand], _ n: Int) throws(DynamoError) {
            if args.count != n { throw fail(Messages.operandCount(name, args.count)) }
        }

        /// The type known before evaluation: a value's, or N for size().
        func staticType(_ o: Operand) -> String? {
            switch o {
            case .value(let v): return v.typeName
            case .size: return "N"
            default: return nil
            }
        }

        /// "The first operand must be distinct from the remaining operands".
        func distinct(_ op: String, _ first: Operand, _ rest: [Operand]) throws(DynamoError) {
            guard case .path(let p) = first else { return }
            for o in rest {
                if case .path(let q) = o, p == q { throw fail(Messages.operandsNotDistinct(op, p.description)) }
            }
        }

        func comparable(_ op: String, _ operands: [Operand]) throws(DynamoError) {
            for o in operands {
                if let t = staticType(o), t != "N" && t != "S" && t != "B" { throw fail(Messages.incorrectOperandType(op, t)) }
            }
        }

        mutating func condition(_ raw: RawCondition) throws(DynamoError) -> Condition {
            switch raw {
            case .compare(let op, let l, let r):
                let left = try operand(l), right = try operand(r)
                try distinct(op.rawValue, left, [right])
                if op != .eq && op != .ne { try comparable(op.rawValue, [left, right]) }
                return .compare(op, left, right)
            case .between(let a, let lo, let hi):
                let value = try operand(a), lower = try operand(lo), upper = try operand(hi)
                try distinct("BETWEEN", value, [lower, upper])
                try comparable("BETWEEN", [value, lower, upper])
                if case .value(let l) = lower, case .value(let u) = upper {
                    if l.typeName != u.typeName {
                        throw fail(Messages.betweenTypeMismatch(render(l), render(u)))
                    }
                    if compareOrder(l, u) == .some(false) {
                        throw fail(Messages.betweenBoundsOrder(render(l), render(u)))
                    }
                }
                return .between(value, lower, upper)
            case .in(let a, let list):
                let value = try operand(a)
                var operands: [Operand] = []
                operands.reserveCapacity(list.count)
                for o in list { try operands.append(operand(o)) }
                if operands.count + 1 > Resolver.maxInOperands { throw fail(Messages.tooManyInOperands(operands.count + 1)) }
                try distinct("IN", value, operands)
                return .in(value, operands)
            case .and(let items):
                var out: [Condition] = []
                for c in items { try out.append(condition(c)) }
                return .and(out)
            case .or(let items):
                var out: [Condition] = []
                for c in items { try out.append(condition(c)) }
                return .or(out)
            case .not(let c):
                return .not(try condition(c))
            case .call(let call):
                var args: [Operand] = []
                for a in call.args { try args.append(operand(a)) }
                switch call.name {
                case "attribute_exists", "attribute_not_exists":
                    try arity(call.name, args, 1)
                    guard case .path(let p) = args[0] else { throw fail(Messages.requiresDocumentPath(call.name)) }
                    return call.name == "attribute_exists" ? .attributeExists(p) : .attributeNotExists(p)
                case "attribute_type":
                    try arity(call.name, args, 2)
                    try distinct(call.name, args[0], [args[1]])
                    if let t = staticType(args[1]), t != "S" { throw fail(Messages.incorrectOperandType(call.name, t)) }
                    if case .value(.s(let name)) = args[1], !Evaluator.typeNames.contains(name) {
                        throw fail(Messages.invalidAttributeTypeName(name))
                    }
                    return .attributeType(args[0], args[1])
                case "begins_with":
                    try arity(call.name, args, 2)
                    try distinct(call.name, args[0], [args[1]])
                    for o in args {
                        if let t = staticType(o), t != "S" && t != "B" { throw fail(Messages.incorrectOperandType(call.name, t)) }
                    }
                    return .beginsWith(args[0], args[1])
                default:  // contains
                    try arity(call.name, args, 2)
                    try distinct(call.name, args[0], [args[1]])
                    return .contains(args[0], args[1])
                }
            }
        }

        mutating func action(_ raw: RawUpdateAction) throws(DynamoError) -> UpdateAction {
            switch raw {
            case .set(let p, let v):
                let target = try path(p)
                return .set(target, try operand(v))
            case .remove(let p):
                return .remove(try path(p))
            case .add(let p, let ref):
                let target = try path(p)
                let v = try value(ref)
                switch v {
                case .n, .ss, .ns, .bs: break
                default: throw fail(Messages.incorrectActionOperandType("ADD", fullTypeName(v)))
                }
                return .add(target, v)
            case .delete(let p, let ref):
                let target = try path(p)
                let v = try value(ref)
                switch v {
                case .ss, .ns, .bs: break
                default: throw fail(Messages.incorrectActionOperandType("DELETE", fullTypeName(v)))
                }
                return .delete(target, v)
            }
        }

        func fullTypeName(_ v: AttributeValue) -> String {
            switch v {
            case .s: return "STRING"
            case .n: return "NUMBER"
            case .b: return "BINARY"
            case .bool: return "BOOLEAN"
            case .null: return "NULL"
            case .l: return "LIST"
            case .m: return "MAP"
            case .ss: return "STRING_SET"
            case .ns: return "NUMBER_SET"
            case .bs: return "BINARY_SET"
            }
        }

        /// true when lower <= upper; nil when not comparable.
        func compareOrder(_ lower: AttributeValue, _ upper: AttributeValue) -> Bool? {
            guard let c = Evaluator.compare(lower, upper) else { return nil }
            return c <= 0
        }

        /// How DynamoDB prints an operand in BETWEEN messages: `{S:x}`, `{N:1}`.
        func render(_ v: AttributeValue) -> String {
            switch v {
            case .s(let s): return "{S:\(s)}"
            case .n(let n): return "{N:\(n)}"
            case .b(let b): return "{B:\(Base64.encode(b))}"
            default: return "{\(v.typeName):...}"
            }
        }
    }
}

/// Iteration order of a java.util.HashMap/HashSet filled with `keys` in order: by bucket
/// (String.hashCode, spread, masked by the table size), then insertion order.
enum JavaHashOrder {
    static func sorted(_ keys: [String]) -> [String] {
        var capacity = 16
        while Double(keys.count) > Double(capacity) * 0.75 { capacity *= 2 }
        let buckets = keys.map { key -> Int in
            var h: Int32 = 0
            for unit in key.utf16 { h = h &* 31 &+ Int32(unit) }
            let u = UInt32(bitPattern: h)
            return Int((u ^ (u >> 16)) & UInt32(capacity - 1))
        }
        return keys.indices.sorted { (buckets[$0], $0) < (buckets[$1], $1) }.map { keys[$0] }
    }
}
