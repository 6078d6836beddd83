import DynamoExpressions
import DynamoModel

/// Recursive-descent parser for DynamoDB's PartiQL subset (Developer Guide, "PartiQL select,
/// insert, update and delete statements for DynamoDB", "PartiQL functions", "PartiQL operators"):
///
///     SELECT (* | path, ...) FROM table[."index"] [WHERE cond] [ORDER BY key [ASC|DESC], ...]
///     INSERT INTO table VALUE {'k': value, ...}
///     UPDATE table (SET path = value | REMOVE path) ... WHERE cond [RETURNING (ALL|MODIFIED) (OLD|NEW) *]
///     DELETE FROM table WHERE cond [RETURNING ALL OLD *]
///     EXISTS (SELECT ...)                                   (ExecuteTransaction only)
///
/// Precedence, lowest first: OR, AND, NOT, predicates (comparisons, BETWEEN, IN, IS), + and -.
struct Parser {
    /// Words that cannot be unquoted attribute or table names.
    static let reserved: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "BETWEEN", "IS", "MISSING", "NULL", "TRUE", "FALSE",
        "SET", "REMOVE", "RETURNING", "VALUE", "VALUES", "INTO", "ORDER", "BY", "INSERT", "UPDATE", "DELETE",
    ]

    let tokens: [Token]
    var position = 0
    /// How many `?` the statement holds.
    var parameterCount = 0
    /// Nesting depth of parentheses, lists and tuples, bounded so deep input cannot exhaust the stack.
    var depth = 0

    init(_ tokens: [Token]) { self.tokens = tokens }

    var current: Token { tokens[position] }

    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func fail(_ detail: String) -> DynamoError { DynamoError.validation(Messages.statementNotWellFormed(detail)) }

    /// The error for the current token where something else was expected.
    func unexpected() -> DynamoError {
        switch current.kind {
        case .end: return fail("Unexpected end of statement")
        case .word(let w) where Self.reserved.contains(w.uppercased()): return fail("Unexpected keyword")
        default: return fail("Unexpected token")
        }
    }

    mutating func keyword(_ k: String) -> Bool {
        guard current.isKeyword(k) else { return false }
        _ = advance()
        return true
    }

    mutating func expectKeyword(_ k: String) throws(DynamoError) {
        guard keyword(k) else { throw current.kind == .end ? fail("Expected \(k)") : unexpected() }
    }

    mutating func symbol(_ s: String) -> Bool {
        guard current.isSymbol(s) else { return false }
        _ = advance()
        return true
    }

    mutating func expectSymbol(_ s: String, _ name: String) throws(DynamoError) {
        guard symbol(s) else { throw fail("Expected \(name)") }
    }

    mutating func enter() throws(DynamoError) {
        depth += 1
        if depth > 64 { throw fail("Statement is nested too deeply") }
    }

    // MARK: Statements

    mutating func parseStatement() throws(DynamoError) -> SyntaxStatement {
        let statement: SyntaxStatement
        if keyword("SELECT") {
            statement = .select(try parseSelectBody())
        } else if keyword("INSERT") {
            try expectKeyword("INTO")
            let table = try parseTableName()
            if current.isKeyword("VALUES") { throw fail("Unsupported operation: Inserting multiple items in a single statement is not supported, use \"INSERT INTO tableName VALUE item\" instead") }
            try expectKeyword("VALUE")
            let item = try parseExpression()
            if current.isKeyword("RETURNING") { throw DynamoError.validation(Messages.partiQLReturningInInsert) }
            statement = .insert(table: table, item: item)
        } else if keyword("UPDATE") {
            let table = try parseTableName()
            var assignments: [SyntaxStatement.Assignment] = []
            while true {
                if keyword("SET") {
                    repeat {
                        let path = try parsePath()
                        try expectSymbol("=", "EQ")
                        assignments.append(.set(path, try parseAdditive()))
                    } while symbol(",")
                } else if keyword("REMOVE") {
                    repeat { assignments.append(.remove(try parsePath())) } while symbol(",")
                } else {
                    break
                }
            }
            if assignments.isEmpty { throw current.kind == .end ? fail("Expected SET or REMOVE") : unexpected() }
            try expectKeyword("WHERE")
            let condition = try parseExpression()
            statement = .update(table: table, assignments: assignments, condition: condition, returning: try parseReturning())
        } else if keyword("DELETE") {
            try expectKeyword("FROM")
            let table = try parseTableName()
            try expectKeyword("WHERE")
            let condition = try parseExpression()
            statement = .delete(table: table, condition: condition, returning: try parseReturning())
        } else if keyword("EXISTS") {
            try expectSymbol("(", "LEFT_PAREN")
            try expectKeyword("SELECT")
            let select = try parseSelectBody()
            try expectSymbol(")", "RIGHT_PAREN")
            statement = .exists(select)
        } else {
            throw fail("Expected data manipulation")
        }
        guard case .end = current.kind else { throw unexpected() }
        return statement
    }

    mutating func parseSelectBody() throws(DynamoError) -> SyntaxStatement.Select {
        var projection: [Expr]?
        if symbol("*") {
            if current.isSymbol(",") { throw DynamoError.validation(Messages.partiQLStarAndOthers) }
        } else {
            var items: [Expr] = []
            repeat {
                if current.isSymbol("*") { throw DynamoError.validation(Messages.partiQLStarAndOthers) }
                items.append(.path(try parsePath()))
            } while symbol(",")
            projection = items
        }
        try expectKeyword("FROM")
        let table = try parseTableName()
        var index: String?
        if symbol(".") {
            index = try parseName()
            if current.isSymbol(".") { throw DynamoError.validation(Messages.partiQLPathElements) }
        }
        var condition: Expr?
        if keyword("WHERE") { condition = try parseExpression() }
        var orderBy: [(String, Bool)] = []
        if keyword("ORDER") {
            try expectKeyword("BY")
            repeat {
                let name = try parseName()
                var descending = false
                if keyword("DESC") { descending = true } else { _ = keyword("ASC") }
                orderBy.append((name, descending))
            } while symbol(",")
        }
        return SyntaxStatement.Select(projection: projection, table: table, index: index, condition: condition, orderBy: orderBy)
    }

    mutating func parseReturning() throws(DynamoError) -> Returning? {
        guard keyword("RETURNING") else { return nil }
        let modified: Bool
        if keyword("ALL") { modified = false } else if keyword("MODIFIED") { modified = true } else { throw unexpected() }
        let old: Bool
        if keyword("OLD") { old = true } else if keyword("NEW") { old = false } else { throw unexpected() }
        guard symbol("*") else {
            throw DynamoError.validation("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause")
        }
        switch (modified, old) {
        case (false, true): return .allOld
        case (true, true): return .modifiedOld
        case (false, false): return .allNew
        case (true, false): return .modifiedNew
        }
    }

    /// A table name: an identifier, quoted or not.
    mutating func parseTableName() throws(DynamoError) -> String { try parseName() }

    mutating func parseName() throws(DynamoError) -> String {
        switch current.kind {
        case .quoted(let name):
            _ = advance()
            return name
        case .word(let w) where !Self.reserved.contains(w.uppercased()):
            _ = advance()
            return w
        default:
            throw current.kind == .end ? fail("Expected identifier") : unexpected()
        }
    }

    /// A document path: name, then `.name` and `[index]` steps.
    mutating func parsePath() throws(DynamoError) -> [PathElement] {
        var elements: [PathElement] = [.name(try parseName())]
        while true {
            if symbol(".") {
                if current.isSymbol("*") { throw DynamoError.validation("Unpivot path component like a.*.b are not supported") }
                elements.append(.name(try parseName()))
            } else if symbol("[") {
                elements.append(try parseIndex())
                try expectSymbol("]", "RIGHT_BRACKET")
            } else {
                return elements
            }
        }
    }

    mutating func parseIndex() throws(DynamoError) -> PathElement {
        switch current.kind {
        case .number(let digits) where digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }):
            _ = advance()
            guard let i = Int32(digits) else { throw DynamoError.validation("List index is not within the allowable range; index: [\(digits)]") }
            return .index(Int(i))
        case .symbol("*"):
            throw DynamoError.validation("Wildcard path component like a[*].b are not supported")
        case .symbol("-"):
            throw DynamoError.validation("List index is not within the allowable range; index: [-\(tokens[position + 1].numberText ?? "")]")
        case .string(let name):
            // PartiQL allows a['name'] for a map key.
            _ = advance()
            return .name(name)
        default:
            throw unexpected()
        }
    }

    // MARK: Expressions

    mutating func parseExpression() throws(DynamoError) -> Expr { try parseOr() }

    mutating func parseOr() throws(DynamoError) -> Expr {
        var left = try parseAnd()
        while keyword("OR") { left = .or(left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws(DynamoError) -> Expr {
        var left = try parseNot()
        while keyword("AND") { left = .and(left, try parseNot()) }
        return left
    }

    mutating func parseNot() throws(DynamoError) -> Expr {
        if keyword("NOT") {
            try enter()
            defer { depth -= 1 }
            return .not(try parseNot())
        }
        return try parsePredicate()
    }

    mutating func parsePredicate() throws(DynamoError) -> Expr {
        let left = try parseAdditive()
        if case .symbol(let s) = current.kind, let op = Comparator(rawValue: s) {
            _ = advance()
            return .compare(op, left, try parseAdditive())
        }
        let negated = keyword("NOT")
        if keyword("BETWEEN") {
            let low = try parseAdditive()
            try expectKeyword("AND")
            let e = Expr.between(left, low, try parseAdditive())
            return negated ? .not(e) : e
        }
        if keyword("IN") {
            let e = Expr.in(left, try parseInList())
            return negated ? .not(e) : e
        }
        if negated { throw unexpected() }
        if keyword("IS") {
            let not = keyword("NOT")
            guard case .word(let type) = current.kind else { throw unexpected() }
            _ = advance()
            return .isType(left, type.uppercased(), negated: not)
        }
        return left
    }

    /// `IN [a, b]` or `IN (a, b)`.
    mutating func parseInList() throws(DynamoError) -> [Expr] {
        let close: String
        if symbol("[") { close = "]" } else if symbol("(") { close = ")" } else { throw unexpected() }
        var items: [Expr] = []
        if !current.isSymbol(close) {
            repeat { items.append(try parseAdditive()) } while symbol(",")
        }
        try expectSymbol(close, close == "]" ? "RIGHT_BRACKET" : "RIGHT_PAREN")
        return items
    }

    mutating func parseAdditive() throws(DynamoError) -> Expr {
        var left = try parsePrimary()
        while true {
            if symbol("+") { left = .arithmetic(plus: true, left, try parsePrimary()) }
            else if symbol("-") { left = .arithmetic(plus: false, left, try parsePrimary()) }
            else { return left }
        }
    }

    mutating func parsePrimary() throws(DynamoError) -> Expr {
        let token = current
        switch token.kind {
        case .string(let s):
            _ = advance()
            return .literal(.s(s))
        case .number(let text):
            _ = advance()
            return .literal(try number(text))
        case .symbol("-"):
            // A negative number literal.
            guard case .number(let text) = tokens[position + 1].kind else { throw unexpected() }
            _ = advance()
            _ = advance()
            return .literal(try number("-" + text))
        case .parameter:
            _ = advance()
            parameterCount += 1
            return .parameter(parameterCount - 1)
        case .symbol("("):
            _ = advance()
            try enter()
            defer { depth -= 1 }
            let inner = try parseExpression()
            try expectSymbol(")", "RIGHT_PAREN")
            return inner
        case .symbol("["):
            _ = advance()
            try enter()
            defer { depth -= 1 }
            var items: [Expr] = []
            if !current.isSymbol("]") {
                repeat { items.append(try parseAdditive()) } while symbol(",")
            }
            try expectSymbol("]", "RIGHT_BRACKET")
            return .list(items)
        case .symbol("{"):
            _ = advance()
            try enter()
            defer { depth -= 1 }
            var members: [(Expr, Expr)] = []
            if !current.isSymbol("}") {
                repeat {
                    let key = try parsePrimary()
                    try expectSymbol(":", "COLON")
                    members.append((key, try parseAdditive()))
                } while symbol(",")
            }
            try expectSymbol("}", "RIGHT_CURLY")
            return .tuple(members)
        case .symbol("<<"):
            _ = advance()
            var items: [Expr] = []
            if !current.isSymbol(">>") {
                repeat { items.append(try parsePrimary()) } while symbol(",")
            }
            try expectSymbol(">>", "RIGHT_DOUBLE_ANGLE_BRACKET")
            return .bag(items)
        case .word(let w):
            switch w.uppercased() {
            case "TRUE": _ = advance(); return .literal(.bool(true))
            case "FALSE": _ = advance(); return .literal(.bool(false))
            case "NULL": _ = advance(); return .literal(.null)
            case "MISSING": _ = advance(); return .missing
            default: break
            }
            if tokens[position + 1].isSymbol("("), !Self.reserved.contains(w.uppercased()) {
                _ = advance()
                _ = advance()
                try enter()
                defer { depth -= 1 }
                var args: [Expr] = []
                if !current.isSymbol(")") {
                    repeat { args.append(try parseExpression()) } while symbol(",")
                }
                try expectSymbol(")", "RIGHT_PAREN")
                return .call(w.lowercased(), args)
            }
            return .path(try parsePath())
        case .quoted:
            return .path(try parsePath())
        default:
            throw token.kind == .end ? fail("Expected expression") : unexpected()
        }
    }

    func number(_ text: String) throws(DynamoError) -> AttributeValue {
        do {
            return .n(try DynamoNumber(parsing: text))
        } catch {
            throw DynamoError.validation(error.message)
        }
    }
}

extension Token {
    var numberText: String? {
        if case .number(let t) = kind { return t }
        return nil
    }
}
