import DynamoModel

/// The five expression parameters; the raw value is the name used in error messages.
public enum ExpressionKind: String, Sendable {
    case condition = "ConditionExpression"
    case filter = "FilterExpression"
    case keyCondition = "KeyConditionExpression"
    case projection = "ProjectionExpression"
    case update = "UpdateExpression"

    /// "Invalid <kind>: <detail>" as a ValidationException.
    func error(_ detail: String) -> DynamoError { DynamoError.validation(Messages.invalidExpression(rawValue, detail)) }
}

// MARK: - Resolved tree (what evaluation works on)

/// One step of a document path: a map key or a list index.
public enum PathElement: Hashable, Sendable {
    case name(String)
    case index(Int)
}

/// A resolved document path such as `a.b[2].c` (names already substituted).
public struct DocumentPath: Hashable, Sendable, CustomStringConvertible {
    public var elements: [PathElement]
    public init(_ elements: [PathElement]) { self.elements = elements }

    /// The top-level attribute name.
    public var attribute: String {
        guard case .name(let n) = elements[0] else { preconditionFailure("paths start with a name") }
        return n
    }

    /// DynamoDB's rendering in messages: `[a, [0], b]`.
    public var description: String {
        "[" + elements.map { e -> String in
            switch e {
            case .name(let n): return n
            case .index(let i): return "[\(i)]"
            }
        }.joined(separator: ", ") + "]"
    }
}

public enum Comparator: String, Sendable {
    case eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">="

    /// The comparator with its operands swapped (`:v < k` is `k > :v`).
    var flipped: Comparator {
        switch self {
        case .eq, .ne: return self
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        }
    }
}

/// A value-producing operand.
public indirect enum Operand: Sendable, Equatable {
    case path(DocumentPath)
    case value(AttributeValue)
    case size(Operand)
    /// UpdateExpression only.
    case ifNotExists(DocumentPath, Operand)
    case listAppend(Operand, Operand)
    case plus(Operand, Operand)
    case minus(Operand, Operand)
}

/// A resolved ConditionExpression / FilterExpression / KeyConditionExpression.
public indirect enum Condition: Sendable, Equatable {
    case compare(Comparator, Operand, Operand)
    case between(Operand, Operand, Operand)
    case `in`(Operand, [Operand])
    case and([Condition])
    case or([Condition])
    case not(Condition)
    case attributeExists(DocumentPath)
    case attributeNotExists(DocumentPath)
    case attributeType(Operand, Operand)
    case beginsWith(Operand, Operand)
    case contains(Operand, Operand)
}

public enum UpdateAction: Sendable, Equatable {
    case set(DocumentPath, Operand)
    case remove(DocumentPath)
    case add(DocumentPath, AttributeValue)
    case delete(DocumentPath, AttributeValue)

    public var path: DocumentPath {
        switch self {
        case .set(let p, _), .remove(let p), .add(let p, _), .delete(let p, _): return p
        }
    }
}

/// A resolved UpdateExpression: its actions in the order written. UpdateItem's legacy
/// AttributeUpdates become one too (`isLegacy`: ADD also appends lists, and type mismatches
/// have AttributeUpdates' own message).
public struct UpdateExpression: Sendable, Equatable {
    public var actions: [UpdateAction]
    public var isLegacy: Bool

    public init(actions: [UpdateAction], isLegacy: Bool = false) {
        self.actions = actions
        self.isLegacy = isLegacy
    }
}

// MARK: - Parsed tree (syntax only; cacheable per expression string)

enum RawElement: Sendable {
    /// An identifier as written (checked against the reserved words).
    case identifier(String)
    /// `#name`, substituted from ExpressionAttributeNames.
    case nameRef(String)
    case index(Int)
    /// An index beyond Int32: "List index is not within the allowable range".
    case badIndex(String)
}

struct RawPath: Sendable {
    var elements: [RawElement]
}

struct RawCall: Sendable {
    var name: String
    var args: [RawOperand]
}

indirect enum RawOperand: Sendable {
    case path(RawPath)
    case value(String)
    case call(RawCall)
    case arithmetic(plus: Bool, RawOperand, RawOperand)
}

indirect enum RawCondition: Sendable {
    case compare(Comparator, RawOperand, RawOperand)
    case between(RawOperand, RawOperand, RawOperand)
    case `in`(RawOperand, [RawOperand])
    case and([RawCondition])
    case or([RawCondition])
    case not(RawCondition)
    case call(RawCall)
}

enum RawUpdateAction: Sendable {
    case set(RawPath, RawOperand)
    case remove(RawPath)
    case add(RawPath, String)
    case delete(RawPath, String)
}

/// A parsed ConditionExpression, FilterExpression or KeyConditionExpression.
public struct ParsedCondition: Sendable {
    public let kind: ExpressionKind
    let root: RawCondition
}

/// A parsed UpdateExpression.
public struct ParsedUpdate: Sendable {
    let actions: [RawUpdateAction]
}

/// A parsed ProjectionExpression.
public struct ParsedProjection: Sendable {
    let paths: [RawPath]
}

// MARK: - Queries over resolved trees

extension Operand {
    func collectAttributes(into names: inout [String]) {
        switch self {
        case .path(let p): names.append(p.attribute)
        case .value: break
        case .size(let o): o.collectAttributes(into: &names)
        case .ifNotExists(let p, let o):
            names.append(p.attribute)
            o.collectAttributes(into: &names)
        case .listAppend(let a, let b), .plus(let a, let b), .minus(let a, let b):
            a.collectAttributes(into: &names)
            b.collectAttributes(into: &names)
        }
    }
}

extension Condition {
    /// The top-level attributes the condition reads, in text order. Query uses it to refuse a
    /// FilterExpression on a key attribute.
    public var attributes: [String] {
        var names: [String] = []
        collectAttributes(into: &names)
        return names
    }

    func collectAttributes(into names: inout [String]) {
        switch self {
        case .compare(_, let a, let b), .attributeType(let a, let b), .beginsWith(let a, let b), .contains(let a, let b):
            a.collectAttributes(into: &names)
            b.collectAttributes(into: &names)
        case .between(let a, let b, let c):
            for o in [a, b, c] { o.collectAttributes(into: &names) }
        case .in(let a, let list):
            a.collectAttributes(into: &names)
            for o in list { o.collectAttributes(into: &names) }
        case .and(let items), .or(let items):
            for c in items { c.collectAttributes(into: &names) }
        case .not(let c):
            c.collectAttributes(into: &names)
        case .attributeExists(let p), .attributeNotExists(let p):
            names.append(p.attribute)
        }
    }
}
