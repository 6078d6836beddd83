import XCTest
import DynamoModel
@testable import DynamoExpressions
import TestSupport

/// Property-based fuzzing of the expression front end with fixed seeds: token soups built from
/// the language's own tokens, deep nesting and long inputs go through the three parse entry
/// points, a Resolver and evaluation. Each must return or throw a DynamoError: no crash, no hang.
/// `FUZZ_ITERATIONS=100000 swift test --filter FuzzParserTests` runs longer.
final class FuzzParserTests: XCTestCase {
    static let iterations = ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 5000

    static let keywords = ["AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "and", "set", "Between"]
    static let functions = ["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains",
                            "size", "if_not_exists", "list_append", "unknown_fn"]
    static let punctuation = ["=", "<>", "<", "<=", ">", ">=", "(", ")", "[", "]", ",", ".", "+", "-", "!", "@", "'", "\"", "\\", "<<", "=="]
    static let identifiers = ["a", "pk", "sk", "n", "l", "m", "x_1", "Z9", "name", "data", "value", "size", "é", "😀"]
    static let names = ["#a", "#n", "#p", "#k", "#undefined", "#", "#_"]
    static let values = [":s", ":n", ":l", ":m", ":ss", ":ns", ":b", ":null", ":bool", ":undefined", ":", ":_"]
    static let numbers = ["0", "1", "01", "31", "99999999999999999999", "-1"]
    static let vocabulary = keywords + functions + punctuation + identifiers + names + values + numbers

    static let resolverNames: [String: String] = ["#a": "a", "#n": "n", "#p": "pk", "#k": "sk", "#_": "l"]
    static let resolverValues: [String: AttributeValue] = [
        ":s": .s("x"), ":n": .n(try! DynamoNumber(parsing: "2")), ":l": .l([.s("y")]), ":m": .m(["k": .bool(true)]),
        ":ss": .ss(["x", "y"]), ":ns": .ns([try! DynamoNumber(parsing: "1")]), ":b": .b([1, 2]), ":null": .null,
        ":bool": .bool(false), ":_": .s("S"),
    ]
    static let item: Item = ["pk": .s("k"), "sk": .s("k"), "a": .s("xyz"), "n": .n(try! DynamoNumber(parsing: "5")),
                             "l": .l([.s("p"), .l([.n(try! DynamoNumber(parsing: "1"))])]), "m": .m(["k": .ss(["q"])])]
    static let schema = KeySchema(hash: KeyElement(name: "pk", type: .s), range: KeyElement(name: "sk", type: .s))

    /// Runs one text through every kind. Anything a parser throws is a DynamoError by its type;
    /// what matters here is that each call returns, and soon (a debug build takes milliseconds).
    func exercise(_ text: String) {
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            XCTAssertLessThan(elapsed, .seconds(2), "slow: \(text.prefix(200).debugDescription) (\(text.utf8.count) bytes)")
        }
        for kind in [ExpressionKind.condition, .filter, .keyCondition] {
            guard let parsed = try? ExpressionParser.parseCondition(text, kind: kind) else { continue }
            guard var resolver = try? Resolver(names: Self.resolverNames, values: Self.resolverValues),
                  let condition = try? resolver.resolve(parsed) else { continue }
            _ = condition.isSatisfied(by: Self.item)
            _ = condition.isSatisfied(by: nil)
            if kind == .keyCondition { _ = try? KeyCondition(condition, schema: Self.schema) }
        }
        if let parsed = try? ExpressionParser.parseUpdate(text), var resolver = try? Resolver(names: Self.resolverNames, values: Self.resolverValues),
           let update = try? resolver.resolve(parsed) {
            _ = try? update.checkKeyAttributes(["pk", "sk"])
            _ = try? update.apply(to: Self.item)
            _ = try? update.apply(to: ["pk": .s("k")])
        }
        if let parsed = try? ExpressionParser.parseProjection(text), var resolver = try? Resolver(names: Self.resolverNames, values: Self.resolverValues),
           let paths = try? resolver.resolve(parsed) {
            _ = Projection.project(paths, Self.item)
        }
    }

    func testTokenSoups() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<Self.iterations {
            let count = 1 + Int(rng.next(upTo: 24))
            let separator = rng.next(upTo: 4) == 0 ? "" : " "
            exercise((0..<count).map { _ in Self.vocabulary[Int(rng.next(upTo: UInt64(Self.vocabulary.count)))] }.joined(separator: separator))
        }
    }

    /// Well-formed shapes with random pieces swapped in reach the resolver and the evaluator.
    func testGrammarShapedInputs() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<Self.iterations {
            exercise(Self.condition(&rng, depth: 0))
            exercise(Self.update(&rng))
            exercise((0...rng.next(upTo: 4)).map { _ in Self.path(&rng) }.joined(separator: ", "))
        }
    }

    func testMutationsOfValidExpressions() {
        let seeds = ["a = :s AND begins_with(#a, :s)", "SET #a = :n + :n, l[0] = list_append(:l, l) REMOVE m.k ADD n :n DELETE m.k :ss",
                     "pk = :s AND sk BETWEEN :s AND :_", "a, l[1][0], m.k, #p", "size(l) > :n OR NOT attribute_type(a, :_)",
                     "a IN (:s, :n, :b) AND contains(m.k, :s)", "SET a = if_not_exists(a, :s)"]
        var rng = SplitMix64(seed: 13)
        for _ in 0..<Self.iterations {
            var chars = Array(seeds[Int(rng.next(upTo: UInt64(seeds.count)))])
            for _ in 0..<(1 + Int(rng.next(upTo: 3))) {
                let at = Int(rng.next(upTo: UInt64(chars.count + 1)))
                switch rng.next(upTo: 3) {
                case 0: if at < chars.count { chars.remove(at: at) }
                case 1: chars.insert(contentsOf: Self.vocabulary[Int(rng.next(upTo: UInt64(Self.vocabulary.count)))], at: at)
                default: chars.insert(Character(Unicode.Scalar(UInt8(rng.next(upTo: 128)))), at: at)
                }
            }
            exercise(String(chars))
        }
    }

    func testDeepNestingAndLongInputs() {
        for depth in [10, 100, 399, 400, 401, 1000, 2040] {
            exercise(String(repeating: "(", count: depth) + "a = :s" + String(repeating: ")", count: depth))
            exercise(String(repeating: "(", count: depth))
            exercise(String(repeating: "NOT ", count: depth) + "a = :s")
            exercise(String(repeating: "size(", count: depth) + "a" + String(repeating: ")", count: depth) + " = :n")
            exercise("SET a = " + String(repeating: "if_not_exists(a, ", count: depth) + ":s" + String(repeating: ")", count: depth))
            exercise("a" + String(repeating: ".b", count: depth) + " = :s")
            exercise("a" + String(repeating: "[0]", count: depth))
            exercise("SET a = " + Array(repeating: ":n", count: depth).joined(separator: " + "))
            exercise(Array(repeating: "a = :s", count: depth).joined(separator: " OR "))
            exercise("a IN (" + Array(repeating: ":s", count: depth).joined(separator: ", ") + ")")
        }
        for length in [4095, 4096, 4097, 100_000] {
            exercise(String(repeating: "a", count: length))
            exercise("a = " + String(repeating: "é", count: length / 2))
            exercise(String(repeating: "(", count: length))
            exercise("a[" + String(repeating: "9", count: length) + "]")
        }
    }

    func testRandomBytesAsText() {
        var rng = SplitMix64(seed: 14)
        for _ in 0..<Self.iterations {
            let bytes = (0..<rng.next(upTo: 32)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            exercise(String(decoding: bytes, as: UTF8.self))
        }
    }

    // MARK: - Generators

    static func pick(_ list: [String], _ rng: inout SplitMix64) -> String { list[Int(rng.next(upTo: UInt64(list.count)))] }

    static func path(_ rng: inout SplitMix64) -> String {
        var text = pick(identifiers + names, &rng)
        for _ in 0..<rng.next(upTo: 3) { text += rng.next(upTo: 2) == 0 ? "[\(rng.next(upTo: 3))]" : "." + pick(identifiers + names, &rng) }
        return text
    }

    static func operand(_ rng: inout SplitMix64, depth: Int) -> String {
        switch rng.next(upTo: depth > 3 ? 2 : 3) {
        case 0: return path(&rng)
        case 1: return pick(values, &rng)
        default: return "size(\(operand(&rng, depth: depth + 1)))"
        }
    }

    static func condition(_ rng: inout SplitMix64, depth: Int) -> String {
        switch rng.next(upTo: depth > 4 ? 5 : 8) {
        case 0: return "\(operand(&rng, depth: depth)) \(pick(["=", "<>", "<", "<=", ">", ">="], &rng)) \(operand(&rng, depth: depth))"
        case 1: return "\(operand(&rng, depth: depth)) BETWEEN \(operand(&rng, depth: depth)) AND \(operand(&rng, depth: depth))"
        case 2: return "\(operand(&rng, depth: depth)) IN (\((0...rng.next(upTo: 3)).map { _ in operand(&rng, depth: depth) }.joined(separator: ", ")))"
        case 3: return "\(pick(["attribute_exists", "attribute_not_exists"], &rng))(\(path(&rng)))"
        case 4: return "\(pick(["attribute_type", "begins_with", "contains"], &rng))(\(operand(&rng, depth: depth)), \(operand(&rng, depth: depth)))"
        case 5: return "NOT \(condition(&rng, depth: depth + 1))"
        case 6: return "(\(condition(&rng, depth: depth + 1)))"
        default: return "\(condition(&rng, depth: depth + 1)) \(pick(["AND", "OR"], &rng)) \(condition(&rng, depth: depth + 1))"
        }
    }

    static func update(_ rng: inout SplitMix64) -> String {
        var sections: [String] = []
        for _ in 0...rng.next(upTo: 3) {
            switch rng.next(upTo: 4) {
            case 0:
                let actions = (0...rng.next(upTo: 2)).map { _ -> String in
                    let value: String
                    switch rng.next(upTo: 4) {
                    case 0: value = operand(&rng, depth: 4)
                    case 1: value = "\(operand(&rng, depth: 4)) \(pick(["+", "-"], &rng)) \(operand(&rng, depth: 4))"
                    case 2: value = "if_not_exists(\(path(&rng)), \(operand(&rng, depth: 4)))"
                    default: value = "list_append(\(operand(&rng, depth: 4)), \(operand(&rng, depth: 4)))"
                    }
                    return "\(path(&rng)) = \(value)"
                }
                sections.append("SET " + actions.joined(separator: ", "))
            case 1: sections.append("REMOVE " + (0...rng.next(upTo: 2)).map { _ in path(&rng) }.joined(separator: ", "))
            case 2: sections.append("ADD \(path(&rng)) \(pick(values, &rng))")
            default: sections.append("DELETE \(path(&rng)) \(pick(values, &rng))")
            }
        }
        return sections.joined(separator: " ")
    }
}

