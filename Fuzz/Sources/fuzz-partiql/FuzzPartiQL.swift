import DynamoExpressions
import DynamoModel
import DynamoPartiQL

/// The PartiQL parser and translator on arbitrary text, with as many parameters as the text has
/// `?` characters (so statements with placeholders get past the parameter count), then what
/// the engine does with a statement: evaluate its condition, apply its update, project.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzPartiQL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let count = min(text.utf8.lazy.filter { $0 == UInt8(ascii: "?") }.count, 1000)
    let parameters = (0..<count).map { Fixture.parameters[$0 % Fixture.parameters.count] }
    guard let statement = try? PartiQLStatement.parse(text, parameters: parameters) else { return 0 }
    _ = statement.tableName
    switch statement {
    case .select(let select), .exists(let select):
        _ = select.condition?.isSatisfied(by: Fixture.item)
        if let projection = select.projection { _ = Projection.project(projection, Fixture.item) }
        for conjunct in select.condition?.conjuncts ?? [] { _ = conjunct.keyEquality }
    case .insert(let insert):
        _ = itemSize(insert.item)
    case .update(let update):
        _ = update.condition.isSatisfied(by: Fixture.item)
        _ = try? update.update.apply(to: Fixture.item)
    case .delete(let delete):
        _ = delete.condition.isSatisfied(by: Fixture.item)
    }
    return 0
}

enum Fixture {
    static let parameters: [AttributeValue] = [
        .s("k"), .n(number("1")), .l([.s("x")]), .m(["a": .null]), .ss(["x"]), .ns([number("2")]), .b([1]), .bool(true), .null,
    ]
    static let item: Item = [
        "pk": .s("k"), "sk": .n(number("1")), "a": .s("xyz"), "l": .l([.s("p"), .m(["q": .bool(true)])]), "m": .m(["k": .ss(["q"])]),
    ]

    static func number(_ text: String) -> DynamoNumber {
        guard let value = try? DynamoNumber(parsing: text) else { fatalError("bad fixture number \(text)") }
        return value
    }
}
