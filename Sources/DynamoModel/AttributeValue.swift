/// One DynamoDB attribute value, of exactly one of the ten data types.
///
/// Sets keep the order in which they arrived (DynamoDB returns them in an unspecified order);
/// equality between sets ignores that order, as DynamoDB's comparisons do.
/// Not `indirect`: maps and lists already hold their values out of line, and a box per value
/// was an allocation per attribute of every item decoded.
public enum AttributeValue: Sendable {
    case s(String)
    case n(DynamoNumber)
    case b([UInt8])
    case bool(Bool)
    case null
    case m([String: AttributeValue])
    case l([AttributeValue])
    case ss([String])
    case ns([DynamoNumber])
    case bs([[UInt8]])

    /// The wire name of the type: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS" or "BS".
    public var typeName: String {
        switch self {
        case .s: return "S"
        case .n: return "N"
        case .b: return "B"
        case .bool: return "BOOL"
        case .null: return "NULL"
        case .m: return "M"
        case .l: return "L"
        case .ss: return "SS"
        case .ns: return "NS"
        case .bs: return "BS"
        }
    }
}

/// An item: attribute names to values.
public typealias Item = [String: AttributeValue]

extension AttributeValue: Equatable {
    public static func == (lhs: AttributeValue, rhs: AttributeValue) -> Bool {
        switch (lhs, rhs) {
        // Strings compare by UTF-8 bytes: DynamoDB does not treat canonically equivalent forms as equal.
        case let (.s(a), .s(b)): return a.utf8.elementsEqual(b.utf8)
        case let (.n(a), .n(b)): return a == b
        case let (.b(a), .b(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        case let (.m(a), .m(b)): return a == b
        case let (.l(a), .l(b)): return a == b
        case let (.ss(a), .ss(b)): return a.count == b.count && Set(a.map { Array($0.utf8) }) == Set(b.map { Array($0.utf8) })
        case let (.ns(a), .ns(b)): return a.count == b.count && Set(a) == Set(b)
        case let (.bs(a), .bs(b)): return a.count == b.count && Set(a) == Set(b)
        default: return false
        }
    }
}

extension AttributeValue: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(typeName)
        switch self {
        case .s(let v): hasher.combine(Array(v.utf8))
        case .n(let v): hasher.combine(v)
        case .b(let v): hasher.combine(v)
        case .bool(let v): hasher.combine(v)
        case .null: break
        case .m(let v): hasher.combine(v)
        case .l(let v): hasher.combine(v)
        // Order-independent, to agree with ==.
        case .ss(let v): hasher.combine(Set(v.map { Array($0.utf8) }))
        case .ns(let v): hasher.combine(Set(v))
        case .bs(let v): hasher.combine(Set(v))
        }
    }
}

// MARK: - Size

extension AttributeValue {
    /// The value's size under DynamoDB's item-size rules (the attribute name is counted by the caller).
    /// Lists and maps cost 3 bytes plus 1 byte per element; null and booleans cost 1 byte.
    /// See "Item sizes and formats" in the DynamoDB Developer Guide.
    public var size: Int {
        switch self {
        case .s(let v): return v.utf8.count
        case .n(let v): return v.storageSize
        case .b(let v): return v.count
        case .bool, .null: return 1
        case .ss(let v): return v.reduce(0) { $0 + $1.utf8.count }
        case .ns(let v): return v.reduce(0) { $0 + $1.storageSize }
        case .bs(let v): return v.reduce(0) { $0 + $1.count }
        case .l(let v): return v.reduce(3) { $0 + $1.size + 1 }
        case .m(let v): return v.reduce(3) { $0 + attributeSize($1.key, $1.value) + 1 }
        }
    }
}

/// The size of an item under DynamoDB's rules: the sum of attribute-name and value sizes.
public func itemSize(_ item: Item) -> Int {
    item.reduce(0) { $0 + attributeSize($1.key, $1.value) }
}

/// One attribute's share of its item's size: the name's UTF-8 bytes and the value's size.
@inlinable
public func attributeSize(_ name: String, _ value: AttributeValue) -> Int {
    name.utf8.count + value.size
}

/// The largest item DynamoDB stores: 400 KB.
public let maxItemSize = 400 * 1024

// MARK: - JSON

extension AttributeValue {
    /// The value in DynamoDB's JSON form, e.g. `{"S":"x"}`.
    public var json: JSON {
        switch self {
        case .s(let v): return .object([("S", .string(v))])
        case .n(let v): return .object([("N", .string(v.description))])
        case .b(let v): return .object([("B", .string(Base64.encode(v)))])
        case .bool(let v): return .object([("BOOL", .bool(v))])
        case .null: return .object([("NULL", .bool(true))])
        case .m(let v): return .object([("M", Self.json(v))])
        case .l(let v): return .object([("L", .array(v.map(\.json)))])
        case .ss(let v): return .object([("SS", .array(v.map { .string($0) }))])
        case .ns(let v): return .object([("NS", .array(v.map { .string($0.description) }))])
        case .bs(let v): return .object([("BS", .array(v.map { .string(Base64.encode($0)) }))])
        }
    }

    /// An item (or map) in DynamoDB's JSON form, encoded at once (`JSON.raw`). Attribute names
    /// are sorted so output is stable.
    public static func json(_ item: Item) -> JSON {
        var out = JSONWriter(capacity: 32 + 48 * item.count)
        writeJSON(item, to: &out)
        return .raw(out.bytes())
    }

    /// Writes the same text `json(item).write(to:)` would, without building the tree.
    public static func writeJSON(_ item: Item, to out: inout JSONWriter) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for key in item.keys.sorted() {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.writeString(key)
            out.append(UInt8(ascii: ":"))
            item[key]!.writeJSON(to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Writes `json` as text, without building it.
    public func writeJSON(to out: inout JSONWriter) {
        func list<T>(_ values: [T], _ write: (T, inout JSONWriter) -> Void) {
            out.append(UInt8(ascii: "["))
            for (i, value) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(value, &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        switch self {
        case .s(let v): out.append(#"{"S":"#); out.writeString(v)
        case .n(let v): out.append(#"{"N":"#); out.writeNumberString(v)
        case .b(let v): out.append(#"{"B":"#); out.writeBase64String(v)
        case .bool(let v): v ? out.append(#"{"BOOL":true"#) : out.append(#"{"BOOL":false"#)
        case .null: out.append(#"{"NULL":true"#)
        case .m(let v): out.append(#"{"M":"#); Self.writeJSON(v, to: &out)
        case .l(let v): out.append(#"{"L":"#); list(v) { $0.writeJSON(to: &$1) }
        case .ss(let v): out.append(#"{"SS":"#); list(v) { $1.writeString($0) }
        case .ns(let v): out.append(#"{"NS":"#); list(v) { $1.writeNumberString($0) }
        case .bs(let v): out.append(#"{"BS":"#); list(v) { $1.writeBase64String($0) }
        }
        out.append(UInt8(ascii: "}"))
    }
}
