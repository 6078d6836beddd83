import DynamoModel

/// Evaluation of resolved conditions over an item: pure functions, no errors. A missing
/// attribute or a comparison across types makes a comparison false (and `<>` true), as in
/// DynamoDB (checked against DynamoDB Local 1.13.5).
public enum Evaluator {
    /// The type names attribute_type accepts.
    public static let typeNames: Set<String> = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"]

    /// Whether `item` satisfies `condition`. A missing item is an empty one.
    public static func evaluate(_ condition: Condition, _ item: Item) -> Bool {
        switch condition {
        case .compare(let op, let l, let r):
            let a = value(l, item), b = value(r, item)
            guard let a, let b else { return op == .ne }
            switch op {
            case .eq: return a == b
            case .ne: return a != b
            default:
                guard let c = compare(a, b) else { return false }
                switch op {
                case .lt: return c < 0
                case .le: return c <= 0
                case .gt: return c > 0
                default: return c >= 0
                }
            }
        case .between(let v, let lo, let hi):
            guard let a = value(v, item), let l = value(lo, item), let h = value(hi, item),
                  let c1 = compare(l, a), let c2 = compare(a, h) else { return false }
            return c1 <= 0 && c2 <= 0
        case .in(let v, let list):
            guard let a = value(v, item) else { return false }
            return list.contains { value($0, item) == a }
        case .and(let items):
            return items.allSatisfy { evaluate($0, item) }
        case .or(let items):
            return items.contains { evaluate($0, item) }
        case .not(let c):
            return !evaluate(c, item)
        case .attributeExists(let p):
            return lookup(p, item) != nil
        case .attributeNotExists(let p):
            return lookup(p, item) == nil
        case .attributeType(let v, let t):
            guard let a = value(v, item), case .s(let name)? = value(t, item) else { return false }
            return a.typeName == name
        case .beginsWith(let v, let p):
            switch (value(v, item), value(p, item)) {
            case (.s(let a)?, .s(let b)?): return a.utf8.starts(with: b.utf8)
            case (.b(let a)?, .b(let b)?): return a.starts(with: b)
            default: return false
            }
        case .contains(let v, let p):
            guard let a = value(v, item), let b = value(p, item) else { return false }
            switch (a, b) {
            case (.s(let s), .s(let sub)): return sub.isEmpty || contains(Array(s.utf8), Array(sub.utf8))
            case (.b(let s), .b(let sub)): return sub.isEmpty || contains(s, sub)
            case (.ss(let set), .s(let x)): return set.contains { $0.utf8.elementsEqual(x.utf8) }
            case (.ns(let set), .n(let x)): return set.contains(x)
            case (.bs(let set), .b(let x)): return set.contains(x)
            case (.l(let list), _): return list.contains(b)
            default: return false
            }
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// Ordering of two N, two S (UTF-8 bytes) or two B (unsigned bytes) values; nil otherwise.
    public static func compare(_ a: AttributeValue, _ b: AttributeValue) -> Int? {
        switch (a, b) {
        case (.n(let x), .n(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.s(let x), .s(let y)): return order(x.utf8, y.utf8)
        case (.b(let x), .b(let y)): return order(x, y)
        default: return nil
        }
    }

    static func order<C: Sequence<UInt8>>(_ x: C, _ y: C) -> Int {
        var i = x.makeIterator(), j = y.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?): if p != q { return p < q ? -1 : 1 }
            }
        }
    }

    /// An operand's value, or nil when it refers to something missing.
    public static func value(_ operand: Operand, _ item: Item) -> AttributeValue? {
        switch operand {
        case .path(let p): return lookup(p, item)
        case .value(let v): return v
        case .size(let o):
            switch value(o, item) {
            case .s(let s)?: return .n(DynamoNumber(s.utf16.count))  // Java String length
            case .b(let b)?: return .n(DynamoNumber(b.count))
            case .ss(let v)?: return .n(DynamoNumber(v.count))
            case .ns(let v)?: return .n(DynamoNumber(v.count))
            case .bs(let v)?: return .n(DynamoNumber(v.count))
            case .l(let v)?: return .n(DynamoNumber(v.count))
            case .m(let v)?: return .n(DynamoNumber(v.count))
            default: return nil
            }
        case .ifNotExists(let p, let o):
            return lookup(p, item) ?? value(o, item)
        case .listAppend, .plus, .minus:
            return nil  // update-only; see UpdateExpression.apply
        }
    }

    /// The value at `path`, or nil when any step is missing or of the wrong type.
    public static func lookup(_ path: DocumentPath, _ item: Item) -> AttributeValue? {
        var current: AttributeValue? = nil
        for (i, element) in path.elements.enumerated() {
            switch (element, i == 0 ? nil : current) {
            case (.name(let n), nil) where i == 0: current = item[n]
            case (.name(let n), .m(let map)?): current = map[n]
            case (.index(let k), .l(let list)?): current = k < list.count ? list[k] : nil
            default: return nil
            }
            if current == nil { return nil }
        }
        return current
    }
}

extension Condition {
    /// Whether `item` satisfies the condition (a missing item is an empty one).
    public func isSatisfied(by item: Item?) -> Bool { Evaluator.evaluate(self, item ?? [:]) }
}
