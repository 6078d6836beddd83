import XCTest
import DynamoModel
@testable import DynamoExpressions

/// Replays the cases recorded from DynamoDB Local 1.13.5 (RecordedCases.swift) through the
/// whole front end: parse, resolve, the kind's own checks, then evaluation on a missing item.
final class ExpressionTests: XCTestCase {
    static let values: [String: AttributeValue] = [
        ":s": .s("x"), ":t": .s("y"), ":n": .n((try! DynamoNumber(parsing: "1"))), ":m2": .n((try! DynamoNumber(parsing: "2"))),
        ":b": .b(Array("a".utf8)), ":null": .null, ":map": .m(["k": .s("v")]),
        ":ns": .ns([(try! DynamoNumber(parsing: "1"))]), ":ss": .ss(["x"]), ":l": .l([.n(try! DynamoNumber(parsing: "1"))]), ":bool": .bool(true),
        ":big": .n((try! DynamoNumber(parsing: "9E+125"))), ":type": .s("S"),
    ]
    static let names: [String: String] = ["#a": "a", "#n": "a", "#p": "pk"]
    static let schema = KeySchema(hash: KeyElement(name: "pk", type: .s), range: KeyElement(name: "sk", type: .s))

    /// The outcome DynamoDB Local gave: "OK", "FAILED" or the error message.
    static func outcome(kind: String, expression: String) -> String {
        let refs = Set(expression.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == "#") })
            .flatMap { token in token.split(separator: ".").map(String.init) })
        let values = Self.values.filter { refs.contains($0.key) }
        let names = Self.names.filter { refs.contains($0.key) }
        do {
            var resolver = try Resolver(names: names.isEmpty ? nil : names, values: values.isEmpty ? nil : values)
            switch kind {
            case "condition":
                let condition = try resolver.resolve(try ExpressionParser.parseCondition(expression, kind: .condition))
                return condition.isSatisfied(by: nil) ? "OK" : "FAILED"
            case "keyCondition":
                let condition = try resolver.resolve(try ExpressionParser.parseCondition(expression, kind: .keyCondition))
                _ = try KeyCondition(condition, schema: schema)
                return "OK"
            case "update":
                let update = try resolver.resolve(try ExpressionParser.parseUpdate(expression))
                try update.checkKeyAttributes(["pk", "sk"])
                // UpdateItem's item always holds its key, even when it did not exist before.
                _ = try update.apply(to: ["pk": .s("k"), "sk": .s("k")])
                return "OK"
            default:
                _ = try resolver.resolve(try ExpressionParser.parseProjection(expression))
                return "OK"
            }
        } catch {
            return error.message ?? "\(error)"
        }
    }

    func testRecordedCasesFromDynamoDBLocal() {
        var failures: [String] = []
        for var c in recordedCases {
            let got = Self.outcome(kind: c.kind, expression: c.expression)
            // The one recorded text where the service differs: it names the key (Conformance/DIVERGENCES.md).
            if c.expected == "Query condition missed key schema element", got.hasPrefix(c.expected + ": ") { c.expected = got }
            if got != c.expected { failures.append("\(c.kind) \(c.expression.prefix(80))\n   expected: \(c.expected.prefix(200))\n   got:      \(got.prefix(200))") }
        }
        XCTAssert(failures.isEmpty, "\(failures.count) of \(recordedCases.count) differ:\n" + failures.joined(separator: "\n"))
    }

    func testEvaluationOnAnItem() throws {
        let item: Item = ["a": .s("abc"), "n": .n((try! DynamoNumber(parsing: "10"))), "l": .l([.s("x"), .n((try! DynamoNumber(parsing: "2")))]),
                          "m": .m(["k": .ss(["p", "q"])])]
        func check(_ text: String, _ values: [String: AttributeValue] = [:]) throws -> Bool {
            var resolver = try Resolver(names: nil, values: values.isEmpty ? nil : values)
            return try resolver.resolve(try ExpressionParser.parseCondition(text)).isSatisfied(by: item)
        }
        XCTAssertTrue(try check("begins_with(a, :p)", [":p": .s("ab")]))
        XCTAssertFalse(try check("begins_with(a, :p)", [":p": .s("b")]))
        XCTAssertTrue(try check("n BETWEEN :lo AND :hi", [":lo": .n((try! DynamoNumber(parsing: "9.5"))), ":hi": .n((try! DynamoNumber(parsing: "1E1")))]))
        XCTAssertTrue(try check("l[1] = :v", [":v": .n((try! DynamoNumber(parsing: "2.00")))]))
        XCTAssertTrue(try check("contains(m.k, :v) AND size(l) = :two", [":v": .s("q"), ":two": .n((try! DynamoNumber(parsing: "2")))]))
        XCTAssertTrue(try check("NOT attribute_exists(z) OR a = :v", [":v": .s("nope")]))
        // Comparisons across types are false, and <> is true.
        XCTAssertFalse(try check("a < :v", [":v": .n((try! DynamoNumber(parsing: "1")))]))
        XCTAssertTrue(try check("a <> :v", [":v": .n((try! DynamoNumber(parsing: "1")))]))
        // AND binds tighter than OR.
        XCTAssertTrue(try check("a = :x OR a = :y AND n = :z", [":x": .s("abc"), ":y": .s("q"), ":z": .n((try! DynamoNumber(parsing: "0")))]))
    }

    /// Found by FuzzParserTests: a run of 1000 NOTs built a tree deep enough to overflow the
    /// Resolver's stack. Any run past 300 operators is "too many operators"; a long one now
    /// stops in the parser, with the same message the resolver gives for a shorter one.
    func testALongRunOfNotIsTooManyOperatorsNotAStackOverflow() throws {
        func outcome(_ count: Int) -> String? {
            let text = String(repeating: "NOT ", count: count) + "a = :v"
            do {
                var resolver = try Resolver(names: nil, values: [":v": .s("x")])
                _ = try resolver.resolve(try ExpressionParser.parseCondition(text, kind: .filter))
                return nil
            } catch {
                return error.message
            }
        }
        XCTAssertNil(outcome(150))
        let expected = outcome(350)
        XCTAssertNotNil(expected)
        XCTAssertEqual(outcome(401), expected)
        XCTAssertEqual(outcome(1000), expected)
    }
}
