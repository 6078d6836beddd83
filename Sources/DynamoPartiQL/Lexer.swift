import DynamoModel

/// One token of a PartiQL statement.
enum TokenKind: Equatable, Sendable {
    /// An unquoted identifier or keyword, as written.
    case word(String)
    /// A double-quoted identifier ("Artist"): never a keyword.
    case quoted(String)
    /// A single-quoted string literal ('Acme Band').
    case string(String)
    /// A number literal, as written.
    case number(String)
    /// `?`, a positional parameter.
    case parameter
    /// Punctuation and operators: ( ) [ ] { } , . * = <> != < <= > >= + - : << >>
    case symbol(String)
    case end
}

struct Token: Sendable {
    let kind: TokenKind
    /// Byte offset in the statement, for messages.
    let offset: Int

    /// Whether the token is the keyword `k` (keywords are case-insensitive).
    func isKeyword(_ k: String) -> Bool {
        if case .word(let w) = kind { return w.uppercased() == k }
        return false
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }
}

/// Splits a statement into tokens. PartiQL strings use single quotes ('' is a quote inside one),
/// identifiers double quotes; `--` and `/* */` are comments.
enum Lexer {
    static func tokenize(_ text: String) throws(DynamoError) -> [Token] {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var i = 0
        func fail(_ detail: String) -> DynamoError { DynamoError.validation(Messages.statementNotWellFormed(detail)) }
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            if c == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
                continue
            }
            if c == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                var j = i + 2
                while j + 1 < bytes.count && !(bytes[j] == UInt8(ascii: "*") && bytes[j + 1] == UInt8(ascii: "/")) { j += 1 }
                guard j + 1 < bytes.count else { throw fail("Unterminated block comment") }
                i = j + 2
                continue
            }
            let start = i
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                var value: [UInt8] = []
                var j = i + 1
                var closed = false
                while j < bytes.count {
                    if bytes[j] == c {
                        if j + 1 < bytes.count && bytes[j + 1] == c { value.append(c); j += 2; continue }
                        closed = true
                        break
                    }
                    value.append(bytes[j])
                    j += 1
                }
                guard closed else { throw fail(c == UInt8(ascii: "'") ? "Unterminated string literal" : "Unterminated quoted identifier") }
                let s = String(decoding: value, as: UTF8.self)
                tokens.append(Token(kind: c == UInt8(ascii: "'") ? .string(s) : .quoted(s), offset: start))
                i = j + 1
                continue
            }
            if isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < bytes.count && isDigit(bytes[i + 1])) {
                var j = i
                while j < bytes.count && isDigit(bytes[j]) { j += 1 }
                if j < bytes.count && bytes[j] == UInt8(ascii: ".") {
                    j += 1
                    while j < bytes.count && isDigit(bytes[j]) { j += 1 }
                }
                if j < bytes.count && (bytes[j] | 0x20) == UInt8(ascii: "e") {
                    var k = j + 1
                    if k < bytes.count && (bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-")) { k += 1 }
                    if k < bytes.count && isDigit(bytes[k]) {
                        while k < bytes.count && isDigit(bytes[k]) { k += 1 }
                        j = k
                    }
                }
                tokens.append(Token(kind: .number(String(decoding: bytes[i..<j], as: UTF8.self)), offset: start))
                i = j
                continue
            }
            if isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "$") {
                var j = i
                while j < bytes.count && (isLetter(bytes[j]) || isDigit(bytes[j]) || bytes[j] == UInt8(ascii: "_") || bytes[j] == UInt8(ascii: "$")) { j += 1 }
                tokens.append(Token(kind: .word(String(decoding: bytes[i..<j], as: UTF8.self)), offset: start))
                i = j
                continue
            }
            if c == UInt8(ascii: "?") { tokens.append(Token(kind: .parameter, offset: start)); i += 1; continue }
            // Two-byte operators first: <<, >> (bags), <=, >=, <>, !=.
            if i + 1 < bytes.count {
                let pair = String(decoding: bytes[i...i + 1], as: UTF8.self)
                if ["<<", ">>", "<=", ">=", "<>", "!="].contains(pair) {
                    tokens.append(Token(kind: .symbol(pair == "!=" ? "<>" : pair), offset: start))
                    i += 2
                    continue
                }
            }
            let single = "()[]{},.*=<>+-:;"
            if c < 0x80, single.utf8.contains(c) {
                tokens.append(Token(kind: .symbol(String(UnicodeScalar(c))), offset: start))
                i += 1
                continue
            }
            throw fail("Invalid character")
        }
        // A trailing semicolon ends the statement.
        if let last = tokens.last, last.isSymbol(";") { tokens.removeLast() }
        tokens.append(Token(kind: .end, offset: bytes.count))
        return tokens
    }

    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
