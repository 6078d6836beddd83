import DynamoModel
import DynamoStorage

// TEMPORARY while DynamoExpressions is being written: only the no-expression paths.
struct ReadOptions {
    var select: Select
    let request: Request
    init(_ request: Request) throws {
        self.request = request
        select = Select(rawValue: request.string("Select") ?? "ALL_ATTRIBUTES") ?? .allAttributes
    }
    func keyCondition(_ schema: KeySchema) throws -> KeyRangeCondition {
        throw DynamoError.validation("KeyConditionExpression not yet supported")
    }
    func output(_ item: Item) throws -> Item? { item }
}

struct Projection {
    init(_ request: Request) throws {}
    func apply(_ item: Item) -> Item { item }
}

struct Condition {
    enum Kind { case put, delete, update }
    init(_ request: Request, kind: Kind) throws {}
    func check(_ item: Item?) throws {}
}
