import DynamoExpressions
import DynamoModel

/// The expression front end on arbitrary text, as every kind: parse, resolve against fixed
/// names and values, then what the engine does with the result (evaluate a condition, turn a
/// key condition into key bounds, apply an update, project). Each step may throw a DynamoError;
/// none may crash or hang (scripts/fuzz runs with a per-input timeout).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzExpressions(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for kind in [ExpressionKind.condition, .filter, .keyCondition] {
        guard let parsed = try? ExpressionParser.parseCondition(text, kind: kind),
              var resolver = try? Resolver(names: Fixture.names, values: Fixture.values),
              let condition = try? resolver.resolve(parsed) else { continue }
        _ = try? resolver.checkUnused()
        _ = condition.isSatisfied(by: Fixture.item)
        _ = condition.isSatisfied(by: nil)
        if kind == .keyCondition {
            _ = try? KeyCondition(condition, schema: Fixture.schema)
            _ = try? KeyCondition(condition, schema: Fixture.hashOnly)
        }
    }
    if let parsed = try? ExpressionParser.parseUpdate(text),
       var resolver = try? Resolver(names: Fixture.names, values: Fixture.values),
       let update = try? resolver.resolve(parsed) {
        _ = try? update.checkKeyAttributes(["pk", "sk"])
        if let result = try? update.apply(to: Fixture.item) { _ = itemSize(result.item) }
        _ = try? update.apply(to: ["pk": .s("k")])
    }
    if let parsed = try? ExpressionParser.parseProjection(text),
       var resolver = try? Resolver(names: Fixture.names, values: Fixture.values),
       let paths = try? resolver.resolve(parsed) {
        _ = Projection.project(paths, Fixture.item)
    }
    return 0
}

enum Fixture {
    static let names: [String: String] = ["#a": "a", "#n": "n", "#p": "pk", "#k": "sk", "#l": "l", "#m": "m"]
    static let values: [String: AttributeValue] = [
        ":s": .s("x"), ":n": .n(number("2")), ":l": .l([.s("y")]), ":m": .m(["k": .bool(true)]),
        ":ss": .ss(["x", "y"]), ":ns": .ns([number("1")]), ":bs": .bs([[1]]), ":b": .b([1, 2]), ":null": .null,
        ":bool": .bool(false), ":t": .s("S"), ":big": .n(number("9.9999999999999999999999999999999999999E+125")),
    ]
    static let item: Item = [
        "pk": .s("k"), "sk": .s("k"), "a": .s("xyz"), "n": .n(number("5")), "ns": .ns([number("1"), number("2")]),
        "l": .l([.s("p"), .l([.n(number("1"))]), .m(["q": .null])]), "m": .m(["k": .ss(["q"]), "m": .m(["b": .b([0])])]),
    ]
    static let schema = KeySchema(hash: KeyElement(name: "pk", type: .s), range: KeyElement(name: "sk", type: .s))
    static let hashOnly = KeySchema(hash: KeyElement(name: "pk", type: .s), range: nil)

    static func number(_ text: String) -> DynamoNumber {
        guard let value = try? DynamoNumber(parsing: text) else { fatalError("bad fixture number \(text)") }
        return value
    }
}
