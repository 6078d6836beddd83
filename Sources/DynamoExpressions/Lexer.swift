/// Tokens of the expression language. Keywords are case-insensitive; function names are plain
/// identifiers (case-sensitive, checked later).
enum TokenKind: Equatable, Sendable {
    case identifier      // [A-Za-z][A-Za-z0-9_]*
    case nameRef         // #[A-Za-z0-9_]+
    case valueRef        // :[A-Za-z0-9_]+
    case number          // 0 | [1-9][0-9]*  ("01" lexes as "0", "1", as in DynamoDB)
    case and, or, not, between, `in`, set, remove, add, delete
    case eq, ne, lt, le, gt, ge
    case lparen, rparen, lbracket, rbracket, comma, dot, plus, minus
    case invalid         // any other character: always a syntax error
    case eof
}

struct Token: Sendable {
    var kind: TokenKind
    /// Byte offsets into the expression's UTF-8.
    var start: Int
    var end: Int
}

/// A hand-written lexer over UTF-8 bytes. It lexes the whole expression up front; an
/// unknown character becomes an `.invalid` token, reported only when the parser reaches it.
struct Lexer {
    static func tokenize(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 2 + 1)
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                i += 1
                continue
            case _ where isLetter(c):
                let start = i
                i += 1
                while i < n, isLetter(bytes[i]) || isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_") { i += 1 }
                tokens.append(Token(kind: keyword(bytes, start, i) ?? .identifier, start: start, end: i))
                continue
            case UInt8(ascii: "#"), UInt8(ascii: ":"):
                let start = i
                i += 1
                while i < n, isLetter(bytes[i]) || isDigit(bytes[i]) || bytes[i] == UInt8(ascii: "_") { i += 1 }
                if i == start + 1 {
                    tokens.append(Token(kind: .invalid, start: start, end: i))
                } else {
                    tokens.append(Token(kind: c == UInt8(ascii: "#") ? .nameRef : .valueRef, start: start, end: i))
                }
                continue
            case _ where isDigit(c):
                let start = i
                i += 1
                if c != UInt8(ascii: "0") { while i < n, isDigit(bytes[i]) { i += 1 } }
                tokens.append(Token(kind: .number, start: start, end: i))
                continue
            default:
                break
            }
            let start = i
            var kind: TokenKind
            i += 1
            switch c {
            case UInt8(ascii: "="): kind = .eq
            case UInt8(ascii: "<"):
                if i < n, bytes[i] == UInt8(ascii: ">") { kind = .ne; i += 1 }
                else if i < n, bytes[i] == UInt8(ascii: "=") { kind = .le; i += 1 }
                else { kind = .lt }
            case UInt8(ascii: ">"):
                if i < n, bytes[i] == UInt8(ascii: "=") { kind = .ge; i += 1 } else { kind = .gt }
            case UInt8(ascii: "("): kind = .lparen
            case UInt8(ascii: ")"): kind = .rparen
            case UInt8(ascii: "["): kind = .lbracket
            case UInt8(ascii: "]"): kind = .rbracket
            case UInt8(ascii: ","): kind = .comma
            case UInt8(ascii: "."): kind = .dot
            case UInt8(ascii: "+"): kind = .plus
            case UInt8(ascii: "-"): kind = .minus
            default:
                kind = .invalid
                // One whole UTF-8 scalar, so the message shows the character.
                while i < n, bytes[i] & 0xC0 == 0x80 { i += 1 }
            }
            tokens.append(Token(kind: kind, start: start, end: i))
        }
        tokens.append(Token(kind: .eof, start: n, end: n))
        return tokens
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    static func keyword(_ bytes: [UInt8], _ start: Int, _ end: Int) -> TokenKind? {
        let length = end - start
        guard length >= 2 && length <= 7 else { return nil }
        var word: UInt64 = 0
        for i in start..<end { word = word << 8 | UInt64(bytes[i] | 0x20) }  // ASCII lower-case
        for (packedWord, kind) in keywords where packedWord == word { return kind }
        return nil
    }

    static let keywords: [(UInt64, TokenKind)] = [
        (packed("and"), .and), (packed("or"), .or), (packed("not"), .not), (packed("between"), .between),
        (packed("in"), .in), (packed("set"), .set), (packed("remove"), .remove), (packed("add"), .add),
        (packed("delete"), .delete),
    ]

    static func packed(_ s: StaticString) -> UInt64 {
        var word: UInt64 = 0
        s.withUTF8Buffer { for b in $0 { word = word << 8 | UInt64(b) } }
        return word
    }
}
