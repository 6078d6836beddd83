import DynamoExpressions
import DynamoModel

/// The parsed statement, syntax only: parameters are still positions. `Translator` binds them and
/// builds the DynamoExpressions trees the engine evaluates.
indirect enum Expr: Sendable {
    case path([PathElement])
    case literal(AttributeValue)
    /// The n-th `?` of the statement (0-based).
    case parameter(Int)
    case missing
    case list([Expr])
    /// A tuple `{'k': v, ...}` with its keys as written (string literals or parameters).
    case tuple([(Expr, Expr)])
    /// A bag `<<...>>`: DynamoDB's string or number set.
    case bag([Expr])
    case compare(Comparator, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case not(Expr)
    case between(Expr, Expr, Expr)
    case `in`(Expr, [Expr])
    /// `e IS [NOT] <type>` with the type name upper-cased.
    case isType(Expr, String, negated: Bool)
    case call(String, [Expr])
    case arithmetic(plus: Bool, Expr, Expr)
}

enum SyntaxStatement: Sendable {
    struct Select: Sendable {
        /// nil: `*`.
        var projection: [Expr]?
        var table: String
        var index: String?
        var condition: Expr?
        var orderBy: [(name: String, descending: Bool)]
    }

    enum Assignment: Sendable {
        case set([PathElement], Expr)
        case remove([PathElement])
    }

    case select(Select)
    case insert(table: String, item: Expr)
    case update(table: String, assignments: [Assignment], condition: Expr, returning: Returning?)
    case delete(table: String, condition: Expr, returning: Returning?)
    case exists(Select)
}

/// RETURNING of UPDATE and DELETE.
public enum Returning: String, Sendable {
    case allOld = "ALL OLD *"
    case modifiedOld = "MODIFIED OLD *"
    case allNew = "ALL NEW *"
    case modifiedNew = "MODIFIED NEW *"
}
