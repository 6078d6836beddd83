import DynamoExpressions
import DynamoModel

/// A SELECT (or the SELECT inside EXISTS) with its parameters bound.
public struct SelectStatement: Sendable {
    public var table: String
    public var index: String?
    /// nil: `SELECT *`.
    public var projection: [DocumentPath]?
    public var condition: Condition?
    public var orderBy: [(name: String, descending: Bool)]
}

public struct InsertStatement: Sendable {
    public var table: String
    public var item: Item
}

public struct UpdateStatement: Sendable {
    public var table: String
    public var update: UpdateExpression
    /// The whole WHERE clause: the key equalities and any further condition.
    public var condition: Condition
    public var returning: Returning?
}

public struct DeleteStatement: Sendable {
    public var table: String
    public var condition: Condition
    public var returning: Returning?
}

/// One PartiQL statement, translated into the trees of DynamoExpressions so that conditions,
/// updates and projections run through the same evaluator as the expression parameters.
public enum PartiQLStatement: Sendable {
    case select(SelectStatement)
    case insert(InsertStatement)
    case update(UpdateStatement)
    case delete(DeleteStatement)
    /// `EXISTS(SELECT ...)`: ExecuteTransaction's condition check.
    case exists(SelectStatement)

    public var isRead: Bool { if case .select = self { return true } else { return false } }

    public var tableName: String {
        switch self {
        case .select(let s), .exists(let s): return s.table
        case .insert(let s): return s.table
        case .update(let s): return s.table
        case .delete(let s): return s.table
        }
    }

    /// Parses `text` and binds `parameters` to its `?` in order. Syntax errors come first, then
    /// the parameter count, then the checks of values and functions.
    public static func parse(_ text: String, parameters: [AttributeValue]) throws(DynamoError) -> PartiQLStatement {
        var parser = Parser(try Lexer.tokenize(text))
        let syntax = try parser.parseStatement()
        guard parser.parameterCount == parameters.count else { throw DynamoError.validation(Messages.partiQLParameterCount) }
        return try Translator(parameters: parameters).translate(syntax)
    }
}

extension Condition {
    /// The conditions joined by the top-level ANDs, in text order.
    public var conjuncts: [Condition] {
        if case .and(let items) = self { return items.flatMap(\.conjuncts) }
        return [self]
    }

    /// `name = value` (either way round) when this is an equality of a top-level attribute and a value.
    public var keyEquality: (name: String, value: AttributeValue)? {
        guard case .compare(.eq, let a, let b) = self else { return nil }
        switch (a, b) {
        case (.path(let p), .value(let v)) where p.elements.count == 1, (.value(let v), .path(let p)) where p.elements.count == 1:
            return (p.attribute, v)
        default:
            return nil
        }
    }
}

/// Binds parameters and builds Condition, UpdateExpression, DocumentPath and values.
struct Translator {
    let parameters: [AttributeValue]

    func translate(_ syntax: SyntaxStatement) throws(DynamoError) -> PartiQLStatement {
        switch syntax {
        case .select(let s): return .select(try select(s))
        case .exists(let s): return .exists(try select(s))
        case .insert(let table, let itemExpr):
            guard case .tuple = itemExpr else {
                throw DynamoError.validation("Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.")
            }
            guard case .m(let item) = try value(itemExpr, under: "item") else { preconditionFailure("a tuple is a map") }
            return .insert(InsertStatement(table: table, item: item))
        case .update(let table, let assignments, let condition, let returning):
            var actions: [UpdateAction] = []
            for assignment in assignments { actions.append(try action(assignment)) }
            return .update(UpdateStatement(table: table, update: UpdateExpression(actions: actions),
                                           condition: try self.condition(condition), returning: returning))
        case .delete(let table, let condition, let returning):
            if let returning, returning != .allOld { throw DynamoError.validation(Messages.partiQLReturningInDelete(returning.rawValue)) }
            return .delete(DeleteStatement(table: table, condition: try self.condition(condition), returning: returning))
        }
    }

    func select(_ s: SyntaxStatement.Select) throws(DynamoError) -> SelectStatement {
        var projection: [DocumentPath]?
        if let items = s.projection {
            projection = []
            for case .path(let elements) in items { projection!.append(DocumentPath(elements)) }
        }
        return SelectStatement(table: s.table, index: s.index, projection: projection,
                               condition: try s.condition.map { e throws(DynamoError) in try condition(e) }, orderBy: s.orderBy)
    }

    // MARK: Values

    func value(_ e: Expr, under key: String) throws(DynamoError) -> AttributeValue {
        switch e {
        case .literal(let v): return v
        case .parameter(let i): return parameters[i]
        case .list(let items):
            var out: [AttributeValue] = []
            for item in items { out.append(try value(item, under: key)) }
            return .l(out)
        case .tuple(let members):
            var map: [String: AttributeValue] = [:]
            for (k, v) in members {
                let name: String
                switch try value(k, under: key) {
                case .s(let s): name = s
                case let other: throw DynamoError.validation(Messages.partiQLTupleKeyType(typeWord(other), under: key))
                }
                if map[name] != nil { throw DynamoError.validation(Messages.partiQLDuplicateTupleKey(name, under: key)) }
                let element = try value(v, under: name)
                map[name] = element
            }
            return .m(map)
        case .bag(let items):
            if items.isEmpty { throw DynamoError.validation(Messages.partiQLEmptyBag) }
            var values: [AttributeValue] = []
            for item in items { values.append(try value(item, under: key)) }
            return try bag(values)
        case .missing:
            throw DynamoError.validation(Messages.partiQLMissingComparison)
        case .path, .call, .arithmetic, .compare, .and, .or, .not, .between, .in, .isType:
            throw DynamoError.validation("Unsupported data type: expression under key \(key)")
        }
    }

    /// A bag becomes a string, number or binary set; duplicates collapse as in a set.
    func bag(_ values: [AttributeValue]) throws(DynamoError) -> AttributeValue {
        var seen = Set<AttributeValue>()
        let unique = values.filter { seen.insert($0).inserted }
        let strings = unique.compactMap { v -> String? in if case .s(let s) = v { return s } else { return nil } }
        if strings.count == unique.count { return .ss(strings) }
        let numbers = unique.compactMap { v -> DynamoNumber? in if case .n(let n) = v { return n } else { return nil } }
        if numbers.count == unique.count { return .ns(numbers) }
        let binaries = unique.compactMap { v -> [UInt8]? in if case .b(let b) = v { return b } else { return nil } }
        if binaries.count == unique.count { return .bs(binaries) }
        throw DynamoError.validation(Messages.partiQLBagType)
    }

    func typeWord(_ v: AttributeValue) -> String {
        switch v {
        case .n: return "NUMBER"
        case .bool: return "BOOL"
        case .null: return "NULL"
        case .b: return "BLOB"
        case .l: return "LIST"
        case .m: return "STRUCT"
        default: return "BAG"
        }
    }

    // MARK: Conditions

    func condition(_ e: Expr) throws(DynamoError) -> Condition {
        switch e {
        case .compare(let op, let a, let b):
            if case .missing = a { throw DynamoError.validation(Messages.partiQLMissingComparison) }
            if case .missing = b { throw DynamoError.validation(Messages.partiQLMissingComparison) }
            return .compare(op, try operand(a), try operand(b))
        case .and(let a, let b):
            return .and(try condition(a).conjuncts + condition(b).conjuncts)
        case .or(let a, let b):
            var items: [Condition] = []
            for side in [a, b] {
                let c = try condition(side)
                if case .or(let inner) = c { items += inner } else { items.append(c) }
            }
            return .or(items)
        case .not(let inner):
            return .not(try condition(inner))
        case .between(let v, let lo, let hi):
            return .between(try operand(v), try operand(lo), try operand(hi))
        case .in(let v, let list):
            guard case .path = v, !list.isEmpty else {
                throw DynamoError.validation("IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with at least one member")
            }
            var operands: [Operand] = []
            for item in list { operands.append(try operand(item)) }
            return .in(try operand(v), operands)
        case .isType(let v, let type, let negated):
            guard case .path(let elements) = v else {
                throw DynamoError.validation("The left hand side argument to IS must be a Variable Reference, Literal, or Path")
            }
            let path = DocumentPath(elements)
            if type == "MISSING" { return negated ? .attributeExists(path) : .attributeNotExists(path) }
            let names = ["NULL": "NULL", "BOOLEAN": "BOOL", "BOOL": "BOOL", "BLOB": "B", "STRING": "S", "NUMERIC": "N",
                         "STRUCT": "M", "TUPLE": "M", "LIST": "L"]
            guard let name = names[type] else { throw DynamoError.validation(Messages.partiQLUnsupportedIsType(type)) }
            let test = Condition.attributeType(.path(path), .value(.s(name)))
            return negated ? .not(test) : test
        case .call(let name, let args):
            switch name {
            case "begins_with", "contains", "attribute_type":
                guard args.count == 2 else { throw DynamoError.validation(Messages.statementNotWellFormed("Incorrect number of arguments to \(name)")) }
                let a = try operand(args[0]), b = try operand(args[1])
                if name == "begins_with" { return .beginsWith(a, b) }
                if name == "contains" { return .contains(a, b) }
                return .attributeType(a, b)
            case "size", "list_append", "set_add", "set_delete":
                throw DynamoError.validation(Messages.partiQLWhereNotBoolean)
            default:
                throw DynamoError.validation(Messages.partiQLUnrecognizedFunction(name))
            }
        case .missing:
            throw DynamoError.validation(Messages.partiQLMissingComparison)
        case .arithmetic(let plus, _, _):
            throw DynamoError.validation(Messages.partiQLUnsupportedConditionOperator(plus ? "+" : "-"))
        case .path, .literal, .parameter, .list, .tuple, .bag:
            throw DynamoError.validation(Messages.partiQLWhereNotBoolean)
        }
    }

    func operand(_ e: Expr) throws(DynamoError) -> Operand {
        switch e {
        case .path(let elements): return .path(DocumentPath(elements))
        case .literal, .parameter, .list, .tuple, .bag: return .value(try value(e, under: "value"))
        case .call("size", let args) where args.count == 1:
            return .size(try operand(args[0]))
        case .call(let name, _):
            if ["begins_with", "contains", "attribute_type", "size"].contains(name) {
                throw DynamoError.validation(Messages.statementNotWellFormed("Unexpected function \(name)"))
            }
            throw DynamoError.validation(Messages.partiQLUnrecognizedFunction(name))
        case .missing:
            throw DynamoError.validation(Messages.partiQLMissingComparison)
        case .arithmetic(let plus, _, _):
            throw DynamoError.validation(Messages.partiQLUnsupportedConditionOperator(plus ? "+" : "-"))
        case .compare(let op, _, _):
            throw DynamoError.validation(Messages.partiQLUnsupportedConditionOperator(op.rawValue))
        case .and, .or, .not, .between, .in, .isType:
            throw DynamoError.validation(Messages.statementNotWellFormed("Unexpected boolean expression"))
        }
    }

    // MARK: Updates

    func action(_ assignment: SyntaxStatement.Assignment) throws(DynamoError) -> UpdateAction {
        switch assignment {
        case .remove(let elements):
            return .remove(DocumentPath(elements))
        case .set(let elements, let e):
            let target = DocumentPath(elements)
            switch e {
            case .call(let name, let args) where name == "set_add" || name == "set_delete":
                let word = name == "set_add" ? "ADD" : "DELETE"
                guard args.count == 2 else { throw DynamoError.validation(Messages.partiQLSetFunctionArguments(word)) }
                guard case .path(let first) = args[0], DocumentPath(first) == target else {
                    throw DynamoError.validation(Messages.partiQLSetFunctionFirstArgument(word))
                }
                let v = try? value(args[1], under: target.attribute)
                switch v {
                case .ss?, .ns?, .bs?: break
                default: throw DynamoError.validation(Messages.partiQLSetFunctionSecondArgument(word))
                }
                return name == "set_add" ? .add(target, v!) : .delete(target, v!)
            default:
                return .set(target, try updateOperand(e, target: target))
            }
        }
    }

    func updateOperand(_ e: Expr, target: DocumentPath) throws(DynamoError) -> Operand {
        switch e {
        case .path(let elements): return .path(DocumentPath(elements))
        case .literal, .parameter, .list, .tuple, .bag: return .value(try value(e, under: target.attribute))
        case .arithmetic(let plus, let a, let b):
            let x = try updateOperand(a, target: target), y = try updateOperand(b, target: target)
            return plus ? .plus(x, y) : .minus(x, y)
        case .call("list_append", let args):
            guard args.count == 2 else { throw DynamoError.validation(Messages.statementNotWellFormed("Incorrect number of arguments to list_append")) }
            return .listAppend(try updateOperand(args[0], target: target), try updateOperand(args[1], target: target))
        case .call(let name, _):
            throw DynamoError.validation(Messages.partiQLUnrecognizedFunction(name))
        case .missing:
            throw DynamoError.validation(Messages.partiQLMissingComparison)
        case .compare(let op, _, _):
            throw DynamoError.validation(Messages.partiQLUnsupportedUpdateOperator(op.rawValue))
        case .isType:
            throw DynamoError.validation("IS operator is not supported in update expressions")
        case .and, .or, .not, .between, .in:
            throw DynamoError.validation(Messages.partiQLUnsupportedUpdateOperator("boolean"))
        }
    }
}
