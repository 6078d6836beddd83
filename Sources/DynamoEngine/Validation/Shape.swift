import DynamoModel

/// Declarative request shapes, checked the way the service's request framework checks them:
/// first every member's JSON type (a mismatch is a SerializationException, before anything else),
/// then the declared constraints, reported together as "N validation errors detected: ..."
/// (at most 10, in declaration order), then each operation's own semantic checks.
indirect enum Shape: Sendable {
    case string
    case boolean
    case integer
    case long
    case double
    case blob
    /// A DynamoDB AttributeValue (`{"S": ...}`); its own members are type-checked here,
    /// its semantics later by `AttributeValueDecoder`.
    case attributeValue
    case list(Shape)
    case map(Shape)
    case structure([Field])
}

enum Constraint: Sendable {
    case notNull
    case minLength(Int)
    case maxLength(Int)
    case min(Int)
    case max(Int)
    /// A pattern, shown to the client as `display`; checked by `matches`.
    case pattern(display: String, matches: @Sendable (String) -> Bool)
    case oneOf([String])
}

/// A class, not a struct: the checks walk every declared field of every request, and copying a
/// struct of four references retained and released each of them.
final class Field: Sendable {
    let name: String
    /// The name as the service spells it in a constraint message's path ("tableName").
    let pathName: String
    let shape: Shape
    let constraints: [Constraint]
    /// Whether a constraint applies when the member is absent (only notNull does).
    let required: Bool
    /// `MemberNames.bit(name)`.
    let bit: UInt64

    init(_ name: String, _ shape: Shape, _ constraints: Constraint...) {
        self.name = name
        self.bit = MemberNames.bit(name)
        self.required = constraints.contains { if case .notNull = $0 { return true } else { return false } }
        // Computed once: Character.lowercased() per field and request was 4% of a GetItem's CPU.
        self.pathName = ShapeChecker.lowerFirst(name)
        self.shape = shape
        self.constraints = constraints
    }
}

extension Field {
    /// The hint for an object with these fields (a request, or a structure in one).
    static func parseHint(_ fields: [Field]) -> JSONHint? {
        let members = fields.compactMap { field in field.shape.parseHint.map { (field.name, $0) } }
        return members.isEmpty ? nil : .members(members)
    }
}

/// Which member names an object may have, as a 64-bit set of hashes of their lengths and first and
/// last bytes: a declared field whose bit is clear is absent without looking it up. Requests have a
/// few members and shapes declare many fields (PutItem 11): the look-ups were 4% of a PutItem.
enum MemberNames {
    static func bit(_ name: String) -> UInt64 {
        let utf8 = name.utf8
        let mixed = UInt64(utf8.count) &* 31 &+ UInt64(utf8.first ?? 0) &* 7 &+ UInt64(utf8.last ?? 0)
        return 1 << (mixed & 63)
    }

    /// The bits of an object's member names (all bits for text not yet parsed). Used for the
    /// request only: below it (a batch's entries) one or two fields are looked up directly.
    static func bits(_ json: JSON) -> UInt64 {
        guard case .object(let members) = json else { return ~0 }
        var bits: UInt64 = 0
        for member in members { bits |= bit(member.0) }
        return bits
    }
}

// MARK: - Common fields and patterns

enum Patterns {
    /// `[a-zA-Z0-9_.-]+`, DynamoDB's table and index name pattern.
    static let tableName = Constraint.pattern(display: "[a-zA-Z0-9_.-]+") { name in
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F || byte == 0x2E || byte == 0x2D
        }
    }
}

extension Field {
    static func tableName(_ name: String = "TableName") -> Field {
        Field(name, .string, .notNull, .minLength(3), .maxLength(255), Patterns.tableName)
    }
    static let returnConsumedCapacity = Field("ReturnConsumedCapacity", .string, .oneOf(["INDEXES", "TOTAL", "NONE"]))
    static let returnItemCollectionMetrics = Field("ReturnItemCollectionMetrics", .string, .oneOf(["SIZE", "NONE"]))
    static let expressionAttributeNames = Field("ExpressionAttributeNames", .map(.string))
    static let expressionAttributeValues = Field("ExpressionAttributeValues", .map(.attributeValue))
    static let keyMap = Field("Key", .map(.attributeValue), .notNull)
    static let expectedMap = Field("Expected", .map(.structure([
        Field("Value", .attributeValue),
        Field("Exists", .boolean),
        Field("ComparisonOperator", .string, .oneOf(ComparisonOperators.all)),
        Field("AttributeValueList", .list(.attributeValue)),
    ])))
    static let conditionalOperator = Field("ConditionalOperator", .string, .oneOf(["AND", "OR"]))
}

enum ComparisonOperators {
    static let all = ["IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS"]
}

// MARK: - Checking

struct ShapeChecker {
    /// Phase 1: JSON types. Throws the service's SerializationException for the first mismatch.
    static func checkTypes(_ json: JSON, _ fields: [Field]) throws(DynamoError) {
        guard case .object = json else {
            throw DynamoError(.serialization, Messages.serializationStartOfStructure(found: json))
        }
        let present = MemberNames.bits(json)
        for field in fields where field.bit & present != 0 {
            if let value = json[field.name] { try checkType(value, field.shape) }
        }
    }

    static func checkType(_ json: JSON, _ shape: Shape) throws(DynamoError) {
        if case .null = json { return }
        // Decoded while parsing, which succeeds only for values that pass these checks.
        if case .attributes(let map) = json {
            if case .map(.attributeValue) = shape { return }
            return try checkType(map.json, shape)
        }
        switch shape {
        case .string:
            switch json {
            case .string: return
            case .bool: throw DynamoError(.serialization, Messages.serializationCannotConvert("java.lang.Boolean", to: "String"))
            case .number(let text): throw DynamoError(.serialization, Messages.serializationCannotConvert(Messages.javaNumberClass(text), to: "String"))
            default: throw structureError(json)
            }
        case .boolean:
            switch json {
            case .bool: return
            case .string(let text): throw DynamoError(.serialization, Messages.serializationBadBoolean(text))
            case .number(let text): throw DynamoError(.serialization, Messages.serializationCannotConvert(Messages.javaNumberClass(text), to: "Boolean"))
            default: throw structureError(json)
            }
        case .integer, .long, .double:
            let name = shape.javaName
            switch json {
            case .number: return
            case .bool: throw DynamoError(.serialization, Messages.serializationCannotConvert("java.lang.Boolean", to: name))
            case .string: throw DynamoError(.serialization, Messages.serializationCannotConvert("java.lang.String", to: name))
            default: throw structureError(json)
            }
        case .blob:
            switch json {
            case .string(let text):
                if Base64.decode(text) == nil { throw DynamoError(.serialization, Messages.serializationBadBlob(text)) }
            case .bool: throw DynamoError(.serialization, Messages.serializationCannotConvertBlob("java.lang.Boolean"))
            case .number(let text): throw DynamoError(.serialization, Messages.serializationCannotConvertBlob(Messages.javaNumberClass(text)))
            default: throw structureError(json)
            }
        case .attributeValue:
            try checkAttributeValue(json)
        case .list:
            guard case .array(let elements) = json else {
                if case .object = json { throw DynamoError(.serialization, Messages.serializationStartOfStructure) }
                throw DynamoError(.serialization, Messages.serializationExpectedList)
            }
            for element in elements { try checkType(element, elementShape(element)) }
        case .map(let value):
            guard case .object(let members) = json else {
                if case .array = json { throw DynamoError(.serialization, Messages.serializationStartOfList) }
                throw DynamoError(.serialization, Messages.serializationExpectedMap)
            }
            // An item or key: its values checked without a recursive call per value.
            if case .attributeValue = value {
                for member in members { try checkAttributeValue(member.1) }
                return
            }
            for member in members { try checkType(member.1, value) }
        case .structure(let fields):
            guard case .object = json else {
                if case .array = json { throw DynamoError(.serialization, Messages.serializationStartOfList) }
                throw DynamoError(.serialization, Messages.serializationExpectedNull)
            }
            for field in fields {
                if let value = json[field.name] { try checkType(value, field.shape) }
            }
        }

        func elementShape(_ element: JSON) -> Shape {
            if case .list(let inner) = shape { return inner }
            return shape
        }
    }

    static func checkAttributeValue(_ json: JSON) throws(DynamoError) {
        // Nearly every AttributeValue has one member: check just its field. Same outcome as
        // the declaration-order walk, without ten look-ups per value.
        if case .object(let members) = json, members.count == 1 {
            let (name, value) = members[0]
            // S or N with a string, the common case, without the look-up.
            if case .string = value, name == "S" || name == "N" { return }
            if let shape = AttributeValueShape.memberShape(name) { try checkType(value, shape) }
            return
        }
        if case .null = json { return }
        try checkType(json, AttributeValueShape.shape)
    }

    static func structureError(_ json: JSON) -> DynamoError {
        if case .array = json { return DynamoError(.serialization, Messages.serializationStartOfList) }
        return DynamoError(.serialization, Messages.serializationStartOfStructure)
    }

    /// Phase 2: declared constraints. Collects up to 10 violations and throws them together.
    static func checkConstraints(_ json: JSON, _ fields: [Field]) throws(DynamoError) {
        var errors: [String] = []
        check(json, fields, present: MemberNames.bits(json), path: { nil }, into: &errors)
        guard errors.isEmpty else { throw DynamoError.validation(Messages.validationErrors(errors)) }
    }

    // Where a member sits, as the text "requestItems.t.member.1.member.putRequest.item": `path`
    // gives the parent's (nil at the root), and is called only for an error. Building it for
    // every element of a batch was 8% of its instructions; a non-escaping closure allocates nothing.

    /// A member of a structure: parent, then ".", then the name.
    static func memberPath(_ parent: String?, _ name: String) -> String {
        guard let parent else { return name }
        return parent + "." + name
    }

    /// An element of a list (".<n>.member") or a value of a map (".<key>.member").
    static func elementPath(_ parent: String?, _ name: String) -> String {
        (parent ?? "") + "." + name + ".member"
    }

    /// `present`: `MemberNames.bits` of `json` (for the request itself; ~0, look every field up, below it).
    static func check(_ json: JSON, _ fields: [Field], present: UInt64 = ~0, path: () -> String?, into errors: inout [String]) {
        for field in fields {
            let value = field.bit & present == 0 ? nil : json[field.name].flatMap { $0.isNull ? nil : $0 }
            if value == nil && !field.required { continue }
            for constraint in field.constraints where errors.count < 10 {
                if let failure = violation(constraint, value) {
                    errors.append(Messages.constraintViolation(value: value.map(displayValue), path: memberPath(path(), field.pathName),
                                                               constraint: failure))
                }
            }
            if let value, field.shape.hasConstrainedChildren {
                checkChildren(value, field.shape, path: { memberPath(path(), field.pathName) }, into: &errors)
            }
        }
    }

    static func checkChildren(_ json: JSON, _ shape: Shape, path: () -> String?, into errors: inout [String]) {
        switch (shape, json) {
        case let (.structure(fields), .object):
            check(json, fields, path: path, into: &errors)
        case let (.list(.structure(fields)), .array(elements)):
            for (index, element) in elements.enumerated() {
                check(element, fields, path: { elementPath(path(), String(index + 1)) }, into: &errors)
            }
        case let (.map(.structure(fields)), .object(members)):
            for member in members {
                check(member.1, fields, path: { elementPath(path(), member.0) }, into: &errors)
            }
        case let (.map(.list(element)), .object(members)):
            // BatchWriteItem's RequestItems: 'requestItems.<table>.member.1.member.putRequest.item'
            // (the service's path, as dynalite's tests record it). Without this descent a PutRequest
            // without Item reached the operation (found by Conformance/test_network_fuzz.py).
            for member in members {
                checkChildren(member.1, .list(element), path: { elementPath(path(), member.0) }, into: &errors)
            }
        default:
            break
        }
    }

    static func violation(_ constraint: Constraint, _ value: JSON?) -> String? {
        switch constraint {
        case .notNull:
            return value == nil ? "Member must not be null" : nil
        case .minLength(let n):
            guard let value, let length = length(value), length < n else { return nil }
            return "Member must have length greater than or equal to \(n)"
        case .maxLength(let n):
            guard let value, let length = length(value), length > n else { return nil }
            return "Member must have length less than or equal to \(n)"
        case .min(let n):
            guard case .number(let text)? = value, let number = Double(text), number < Double(n) else { return nil }
            return "Member must have value greater than or equal to \(n)"
        case .max(let n):
            guard case .number(let text)? = value, let number = Double(text), number > Double(n) else { return nil }
            return "Member must have value less than or equal to \(n)"
        case .pattern(let display, let matches):
            guard case .string(let text)? = value, !matches(text) else { return nil }
            return "Member must satisfy regular expression pattern: \(display)"
        case .oneOf(let values):
            guard case .string(let text)? = value, !values.contains(text) else { return nil }
            return "Member must satisfy enum value set: [\(values.joined(separator: ", "))]"
        }
    }

    static func length(_ json: JSON) -> Int? {
        switch json {
        case .string(let s): return s.count
        case .array(let a): return a.count
        case .object(let o): return o.count
        case .attributes(let map): return map.pairs.count
        default: return nil
        }
    }

    /// How the service prints a member's value inside a constraint message.
    static func displayValue(_ json: JSON) -> String {
        switch json {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let elements): return "[" + elements.map(displayValue).joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { "\($0.0)=\(displayValue($0.1))" }.joined(separator: ", ") + "}"
        case .raw, .attributes: return displayValue(json.tree)
        }
    }

    static func lowerFirst(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.lowercased() + name.dropFirst()
    }
}

extension Shape {
    /// Where a value of this shape holds AttributeValue maps, for `JSON.parse(_:hint:)`; nil
    /// when it holds none.
    var parseHint: JSONHint? {
        switch self {
        case .map(.attributeValue): return .attributeMap
        case .map(let value): return value.parseHint.map(JSONHint.values)
        case .list(let element): return element.parseHint.map(JSONHint.elements)
        case .structure(let fields): return Field.parseHint(fields)
        default: return nil
        }
    }

    /// Whether `checkChildren` can find anything below a value of this shape.
    var hasConstrainedChildren: Bool {
        switch self {
        case .structure, .list(.structure), .map(.structure), .map(.list): return true
        default: return false
        }
    }

    var javaName: String {
        switch self {
        case .integer: return "Integer"
        case .long: return "Long"
        case .double: return "Double"
        default: return "Object"
        }
    }
}

/// The members of an AttributeValue, for phase 1 type checks.
enum AttributeValueShape {
    static let shape: Shape = .structure([
        Field("S", .string),
        Field("N", .string),
        Field("B", .blob),
        Field("SS", .list(.string)),
        Field("NS", .list(.string)),
        Field("BS", .list(.blob)),
        Field("M", .map(.attributeValue)),
        Field("L", .list(.attributeValue)),
        Field("NULL", .boolean),
        Field("BOOL", .boolean),
    ])

    /// The shape of one member of `shape`, or nil for a name it does not declare.
    static func memberShape(_ name: String) -> Shape? {
        switch name {
        case "S", "N": return .string
        case "B": return .blob
        case "SS", "NS": return .list(.string)
        case "BS": return .list(.blob)
        case "M": return .map(.attributeValue)
        case "L": return .list(.attributeValue)
        case "NULL", "BOOL": return .boolean
        default: return nil
        }
    }
}
