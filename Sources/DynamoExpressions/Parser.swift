import DynamoModel

/// Entry points of the expression front end's first stage: syntax only, so the result
/// (or the error) can be cached per (kind, expression string).
///
/// Each parse checks, in DynamoDB's order: empty, size (> 4096 UTF-16 units), syntax (with
/// redundant parentheses found while parsing), duplicate update sections, then the static
/// checks that need no names or values (reserved words, list index range, function names).
public enum ExpressionParser {
    /// Longest expression DynamoDB accepts, in UTF-16 code units (checked against DynamoDB Local 1.13.5).
    public static let maxLength = 4096

    /// Parses a ConditionExpression, FilterExpression or KeyConditionExpression.
    public static func parseCondition(_ text: String, kind: ExpressionKind = .condition) throws(DynamoError) -> ParsedCondition {
        precondition(kind == .condition || kind == .filter || kind == .keyCondition)
        return try conditions.value(kind, text) { () throws(DynamoError) in
            var parser = try Parser(text, kind: kind)
            let root = try parser.parseConditionExpression()
            try StaticChecks(kind: kind).check(root)
            return ParsedCondition(kind: kind, root: root)
        }
    }

    public static func parseUpdate(_ text: String) throws(DynamoError) -> ParsedUpdate {
        try updates.value(.update, text) { () throws(DynamoError) in
            var parser = try Parser(text, kind: .update)
            let actions = try parser.parseUpdateExpression()
            try StaticChecks(kind: .update).check(actions)
            return ParsedUpdate(actions: actions)
        }
    }

    public static func parseProjection(_ text: String) throws(DynamoError) -> ParsedProjection {
        try projections.value(.projection, text) { () throws(DynamoError) in
            var parser = try Parser(text, kind: .projection)
            let paths = try parser.parseProjectionExpression()
            try StaticChecks(kind: .projection).check(paths)
            return ParsedProjection(paths: paths)
        }
    }

    static let conditions = ParseCache<ParsedCondition>()
    static let updates = ParseCache<ParsedUpdate>()
    static let projections = ParseCache<ParsedProjection>()

    /// Empties the caches of parsed expressions. The server calls it as it stops, so that a leak
    /// check at exit sees only what was really lost (it cannot follow Swift's enum payload
    /// pointers into a cache that is still full).
    public static func clearCaches() {
        conditions.removeAll()
        updates.removeAll()
        projections.removeAll()
    }
}

/// Expressions parsed before, by kind and text: a client sends the same few expressions again and
/// again with other values, and parsing "pk = :p AND sk >= :s" was 3% of a Query's instructions.
/// Only successful parses are kept (an error is parsed again, and says the same). Bounded: texts of
/// at most `maxTextBytes`, and when `capacity` entries are held the cache starts over.
final class ParseCache<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `entries` is only touched while `lock` is held.
    struct Key: Hashable {
        let kind: ExpressionKind
        let text: String
    }

    static var capacity: Int { 512 }
    static var maxTextBytes: Int { 1024 }

    private let lock = Lock()
    private var entries: [Key: Value] = [:]

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll()
    }

    func value(_ kind: ExpressionKind, _ text: String, parse: () throws(DynamoError) -> Value) throws(DynamoError) -> Value {
        let key = Key(kind: kind, text: text)
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        if let cached { return cached }
        let value = try parse()
        if text.utf8.count <= Self.maxTextBytes {
            lock.lock()
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
            lock.unlock()
        }
        return value
    }
}

/// Recursive descent over the token array, one token of look-ahead.
struct Parser {
    /// Nesting of parentheses and function calls; past this we stop rather than risk the stack.
    /// (Such an expression always has > 300 operators or redundant parentheses in DynamoDB.)
    static let maxNesting = 400

    let kind: ExpressionKind
    let bytes: [UInt8]
    let tokens: [Token]
    var pos = 0
    var nesting = 0

    init(_ text: String, kind: ExpressionKind) throws(DynamoError) {
        self.kind = kind
        if text.isEmpty { throw kind.error(Messages.expressionEmpty) }
        let length = text.utf16.count
        if length > ExpressionParser.maxLength {
            // Only the condition-like expressions report the size (checked against DynamoDB Local 1.13.5).
            let reportsSize = kind == .condition || kind == .filter || kind == .keyCondition
            throw kind.error(Messages.expressionTooLarge(size: reportsSize ? length : nil))
        }
        bytes = Array(text.utf8)
        tokens = Lexer.tokenize(bytes)
    }

    var current: TokenKind { tokens[pos].kind }

    func text(_ token: Token) -> String { String(decoding: bytes[token.start..<token.end], as: UTF8.self) }

    /// `Syntax error; token: "<tok>", near: "<prev tok next>"`: the source from the previous
    /// token's start to the next token's end (checked against DynamoDB Local 1.13.5).
    func syntaxError(at index: Int) -> DynamoError {
        let token = tokens[index]
        let tokenText = token.kind == .eof ? "<EOF>" : text(token)
        let start = index > 0 ? tokens[index - 1].start : 0
        var end = bytes.count
        if token.kind != .eof, tokens[index + 1].kind != .eof { end = tokens[index + 1].end }
        let near = String(decoding: bytes[start..<end], as: UTF8.self)
        return kind.error(Messages.expressionSyntax(token: tokenText, near: near))
    }

    mutating func expect(_ kind: TokenKind) throws(DynamoError) {
        guard current == kind else { throw syntaxError(at: pos) }
        pos += 1
    }

    mutating func enter(_ levels: Int = 1) throws(DynamoError) {
        nesting += levels
        if nesting > Self.maxNesting {
            throw kind == .update || kind == .projection ? syntaxError(at: pos) : kind.error(Messages.tooManyOperators(301))
        }
    }

    // MARK: Paths

    mutating func parsePath() throws(DynamoError) -> RawPath {
        var elements: [RawElement] = []
        try elements.append(parseName())
        while true {
            switch current {
            case .dot:
                pos += 1
                try elements.append(parseName())
            case .lbracket:
                pos += 1
                guard current == .number else { throw syntaxError(at: pos) }
                let digits = text(tokens[pos])
                pos += 1
                try expect(.rbracket)
                if digits.count <= 10, let value = Int(digits), value <= Int(Int32.max) {
                    elements.append(.index(value))
                } else {
                    elements.append(.badIndex(digits))
                }
            default:
                return RawPath(elements: elements)
            }
        }
    }

    mutating func parseName() throws(DynamoError) -> RawElement {
        let token = tokens[pos]
        switch token.kind {
        case .identifier: pos += 1; return .identifier(text(token))
        case .nameRef: pos += 1; return .nameRef(text(token))
        default: throw syntaxError(at: pos)
        }
    }

    // MARK: Operands

    /// path | :value | function(args) | '(' operand ')'. In UpdateExpression a parenthesised
    /// operand at the top of a SET value may hold `x + y` (see parseSetValue).
    mutating func parseOperand() throws(DynamoError) -> (RawOperand, paren: Bool) {
        let token = tokens[pos]
        switch token.kind {
        case .identifier where tokens[pos + 1].kind == .lparen:
            let name = text(token)
            pos += 2
            try enter()
            var args: [RawOperand] = []
            repeat {
                if !args.isEmpty { pos += 1 }
                try args.append(parseOperand().0)
            } while current == .comma
            try expect(.rparen)
            nesting -= 1
            return (.call(RawCall(name: name, args: args)), false)
        case .identifier, .nameRef:
            return (.path(try parsePath()), false)
        case .valueRef:
            pos += 1
            return (.value(text(token)), false)
        case .lparen:
            pos += 1
            try enter()
            let (inner, innerParen) = try parseOperand()
            try expect(.rparen)
            nesting -= 1
            if innerParen { throw kind.error(Messages.redundantParentheses) }
            return (inner, true)
        default:
            throw syntaxError(at: pos)
        }
    }

    // MARK: Conditions

    enum Primary {
        case condition(RawCondition)
        case operand(RawOperand)
    }

    mutating func parseConditionExpression() throws(DynamoError) -> RawCondition {
        let (result, _) = try parseOr(allowBare: false)
        guard current == .eof, case .condition(let condition) = result else { throw syntaxError(at: pos) }
        return condition
    }

    /// `allowBare`: inside parentheses, which may also hold a bare operand: `(a) = :v`.
    mutating func parseOr(allowBare: Bool) throws(DynamoError) -> (Primary, paren: Bool) {
        let first = try parseAnd(allowBare: allowBare)
        guard current == .or else { return first }
        guard case .condition(let c) = first.0 else { throw syntaxError(at: pos) }
        var items = [c]
        while current == .or {
            pos += 1
            guard case .condition(let next) = try parseAnd(allowBare: false).0 else { throw syntaxError(at: pos) }
            items.append(next)
        }
        return (.condition(.or(items)), false)
    }

    mutating func parseAnd(allowBare: Bool) throws(DynamoError) -> (Primary, paren: Bool) {
        let first = try parseNot(allowBare: allowBare)
        guard current == .and else { return first }
        guard case .condition(let c) = first.0 else { throw syntaxError(at: pos) }
        var items = [c]
        while current == .and {
            pos += 1
            guard case .condition(let next) = try parseNot(allowBare: false).0 else { throw syntaxError(at: pos) }
            items.append(next)
        }
        return (.condition(.and(items)), false)
    }

    mutating func parseNot(allowBare: Bool) throws(DynamoError) -> (Primary, paren: Bool) {
        guard current == .not else { return try parsePrimary(allowBare: allowBare) }
        var count = 0
        while current == .not { count += 1; pos += 1 }
        // Each NOT is a level of the tree that later stages walk recursively, so a long run of
        // them counts as nesting (found by FuzzParserTests: 1000 NOTs overflowed the Resolver's stack).
        try enter(count)
        guard case .condition(var c) = try parsePrimary(allowBare: false).0 else { throw syntaxError(at: pos) }
        nesting -= count
        for _ in 0..<count { c = .not(c) }
        return (.condition(c), false)
    }

    mutating func parsePrimary(allowBare: Bool) throws(DynamoError) -> (Primary, paren: Bool) {
        if current == .lparen {
            pos += 1
            try enter()
            let (inner, innerParen) = try parseOr(allowBare: true)
            try expect(.rparen)
            nesting -= 1
            if innerParen { throw kind.error(Messages.redundantParentheses) }
            switch inner {
            case .condition(let c): return (.condition(c), true)
            case .operand(let o): return try parseComparison(left: o, leftParen: true, allowBare: allowBare)
            }
        }
        let (left, leftParen) = try parseOperand()
        return try parseComparison(left: left, leftParen: leftParen, allowBare: allowBare)
    }

    mutating func parseComparison(left: RawOperand, leftParen: Bool, allowBare: Bool) throws(DynamoError) -> (Primary, paren: Bool) {
        let comparator: Comparator
        switch current {
        case .eq: comparator = .eq
        case .ne: comparator = .ne
        case .lt: comparator = .lt
        case .le: comparator = .le
        case .gt: comparator = .gt
        case .ge: comparator = .ge
        case .between:
            pos += 1
            let lower = try parseOperand().0
            try expect(.and)
            let upper = try parseOperand().0
            return (.condition(.between(left, lower, upper)), false)
        case .in:
            pos += 1
            try expect(.lparen)
            var list: [RawOperand] = []
            repeat {
                if !list.isEmpty { pos += 1 }
                try list.append(parseOperand().0)
            } while current == .comma
            try expect(.rparen)
            return (.condition(.in(left, list)), false)
        case .rparen where allowBare:
            return (.operand(left), leftParen)
        default:
            // A function call standing alone is a condition (attribute_exists(a), ...).
            if case .call(let call) = left { return (.condition(.call(call)), leftParen) }
            throw syntaxError(at: pos)
        }
        pos += 1
        let right = try parseOperand().0
        return (.condition(.compare(comparator, left, right)), false)
    }

    // MARK: UpdateExpression

    mutating func parseUpdateExpression() throws(DynamoError) -> [RawUpdateAction] {
        var actions: [RawUpdateAction] = []
        var clauses: [TokenKind] = []
        if current == .eof { throw syntaxError(at: pos) }
        while current != .eof {
            let clause = current
            pos += 1
            switch clause {
            case .set:
                repeat {
                    let path = try parsePath()
                    try expect(.eq)
                    let value = try parseSetValue().0
                    actions.append(.set(path, value))
                } while try comma()
            case .remove:
                repeat { actions.append(.remove(try parsePath())) } while try comma()
            case .add, .delete:
                repeat {
                    let path = try parsePath()
                    guard current == .valueRef else { throw syntaxError(at: pos) }
                    let value = text(tokens[pos])
                    pos += 1
                    actions.append(clause == .add ? .add(path, value) : .delete(path, value))
                } while try comma()
            default:
                throw syntaxError(at: pos - 1)
            }
            clauses.append(clause)
        }
        // Checked after the whole parse: a later syntax error wins (checked against DynamoDB Local 1.13.5).
        var seen: [TokenKind] = []
        for clause in clauses {
            if seen.contains(clause) {
                let name: String
                switch clause {
                case .set: name = "SET"
                case .remove: name = "REMOVE"
                case .add: name = "ADD"
                default: name = "DELETE"
                }
                throw kind.error(Messages.sectionUsedTwice(name))
            }
            seen.append(clause)
        }
        return actions
    }

    mutating func comma() throws(DynamoError) -> Bool {
        guard current == .comma else { return false }
        pos += 1
        return true
    }

    /// operand [ (+|-) operand ], or '(' that ')'. Only one + or - (checked against DynamoDB Local 1.13.5).
    mutating func parseSetValue() throws(DynamoError) -> (RawOperand, paren: Bool) {
        let (left, leftParen) = try parseSetTerm(outer: true)
        guard current == .plus || current == .minus else { return (left, leftParen) }
        let plus = current == .plus
        pos += 1
        let right = try parseSetTerm(outer: false).0
        return (.arithmetic(plus: plus, left, right), false)
    }

    mutating func parseSetTerm(outer: Bool) throws(DynamoError) -> (RawOperand, paren: Bool) {
        guard current == .lparen else { return try parseUpdateOperand() }
        pos += 1
        try enter()
        let (inner, innerParen) = outer ? try parseSetValue() : try parseSetTerm(outer: false)
        try expect(.rparen)
        nesting -= 1
        if innerParen { throw kind.error(Messages.redundantParentheses) }
        return (inner, true)
    }

    /// Like parseOperand, with function arguments parsed as update terms.
    mutating func parseUpdateOperand() throws(DynamoError) -> (RawOperand, paren: Bool) {
        let token = tokens[pos]
        guard token.kind == .identifier, tokens[pos + 1].kind == .lparen else { return try parseOperand() }
        let name = text(token)
        pos += 2
        try enter()
        var args: [RawOperand] = []
        repeat {
            if !args.isEmpty { pos += 1 }
            try args.append(parseSetTerm(outer: false).0)
        } while current == .comma
        try expect(.rparen)
        nesting -= 1
        return (.call(RawCall(name: name, args: args)), false)
    }

    // MARK: ProjectionExpression

    mutating func parseProjectionExpression() throws(DynamoError) -> [RawPath] {
        var paths: [RawPath] = []
        repeat { paths.append(try parsePath()) } while try comma()
        guard current == .eof else { throw syntaxError(at: pos) }
        return paths
    }
}
