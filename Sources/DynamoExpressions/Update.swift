import DynamoModel

/// The outcome of applying an UpdateExpression.
public struct UpdateResult: Sendable, Equatable {
    public var item: Item
    /// The path of every action, in the order written.
    public var updatedPaths: [DocumentPath]
    /// The top-level attributes those paths touch.
    public var updatedAttributes: Set<String>
}

extension UpdateExpression {
    /// Top-level attributes the expression names; compare with the key schema
    /// ("Cannot update attribute pk. This attribute is part of the key").
    public var topLevelAttributes: [String] { actions.map(\.path.attribute) }

    /// Throws when an action's path starts with a key attribute. DynamoDB reports this after
    /// every expression of the request was validated and unused names/values were rejected.
    public func checkKeyAttributes(_ keyNames: [String]) throws(DynamoError) {
        for name in topLevelAttributes where keyNames.contains(name) {
            throw DynamoError.validation(Messages.updateKeyAttribute(name))
        }
    }

    /// Applies the actions to `item` (the existing item, or just its key when there is none).
    /// All SET values are computed from the original item; list indexes refer to the original
    /// positions (REMOVE of several elements, SET past the end appends). Errors carry DynamoDB's
    /// messages (checked against DynamoDB Local 1.13.5).
    public func apply(to item: Item) throws(DynamoError) -> UpdateResult {
        var values: [AttributeValue?] = []
        values.reserveCapacity(actions.count)
        for action in actions {
            if case .set(_, let operand) = action { values.append(try Self.evaluate(operand, item)) } else { values.append(nil) }
        }
        var result = item
        var removals: [DocumentPath] = []
        for (i, action) in actions.enumerated() {
            switch action {
            case .set(let path, _):
                try Self.modify(path, in: &result) { (current: inout AttributeValue?, _) throws(DynamoError) in current = values[i] }
            case .remove(let path):
                removals.append(path)
            case .add(let path, let operand):
                try Self.modify(path, in: &result) { (current: inout AttributeValue?, _) throws(DynamoError) in
                    current = try Self.add(current, operand)
                }
            case .delete(let path, let operand):
                try Self.modify(path, in: &result) { (current: inout AttributeValue?, _) throws(DynamoError) in
                    current = try Self.delete(current, operand)
                }
            }
        }
        // Later list positions first, so earlier indexes still mean the original elements.
        removals.sort { Self.descending($0.elements, $1.elements) }
        for path in removals {
            try Self.modify(path, in: &result, removing: true) { (current: inout AttributeValue?, _) throws(DynamoError) in current = nil }
        }
        let paths = actions.map(\.path)
        return UpdateResult(item: result, updatedPaths: paths, updatedAttributes: Set(paths.map(\.attribute)))
    }

    /// ReturnValues UPDATED_OLD / UPDATED_NEW: the whole top-level attribute of every updated
    /// path that exists in `item` (pass the old or the new item). Checked against DynamoDB Local 1.13.5.
    public static func returnedAttributes(_ paths: [DocumentPath], in item: Item) -> Item {
        var out: Item = [:]
        for path in paths where Evaluator.lookup(path, item) != nil {
            out[path.attribute] = item[path.attribute]
        }
        return out
    }

    static func descending(_ a: [PathElement], _ b: [PathElement]) -> Bool {
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case (.index(let i), .index(let j)) where i != j: return i > j
            case (.name(let m), .name(let n)) where m != n: return m > n
            case (.index, .name): return true
            case (.name, .index): return false
            default: continue
            }
        }
        return a.count > b.count
    }

    // MARK: Values

    static func evaluate(_ operand: Operand, _ item: Item) throws(DynamoError) -> AttributeValue {
        switch operand {
        case .path(let p):
            guard let v = Evaluator.lookup(p, item) else { throw DynamoError.validation(Messages.updateMissingAttribute) }
            return v
        case .value(let v):
            return v
        case .ifNotExists(let p, let fallback):
            if let v = Evaluator.lookup(p, item) { return v }
            return try evaluate(fallback, item)
        case .listAppend(let a, let b):
            let x = try evaluate(a, item), y = try evaluate(b, item)
            guard case .l(let first) = x, case .l(let second) = y else { throw DynamoError.validation(Messages.updateOperandType) }
            return .l(first + second)
        case .plus(let a, let b), .minus(let a, let b):
            let x = try evaluate(a, item), y = try evaluate(b, item)
            guard case .n(let m) = x, case .n(let n) = y else { throw DynamoError.validation(Messages.updateOperandType) }
            do {
                if case .plus = operand { return .n(try m.adding(n)) }
                return .n(try m.subtracting(n))
            } catch {
                throw DynamoError.validation(error.message)
            }
        case .size:
            throw DynamoError.validation(Messages.updateOperandType)  // rejected before evaluation
        }
    }

    static func add(_ current: AttributeValue?, _ operand: AttributeValue) throws(DynamoError) -> AttributeValue {
        guard let current else { return operand }
        switch (current, operand) {
        case (.n(let a), .n(let b)):
            do { return .n(try a.adding(b)) } catch { throw DynamoError.validation(error.message) }
        case (.ss(let a), .ss(let b)):
            return .ss(a + b.filter { x in !a.contains { $0.utf8.elementsEqual(x.utf8) } })
        case (.ns(let a), .ns(let b)):
            return .ns(a + b.filter { !a.contains($0) })
        case (.bs(let a), .bs(let b)):
            return .bs(a + b.filter { !a.contains($0) })
        default:
            throw DynamoError.validation(Messages.updateOperandType)
        }
    }

    /// nil when the set becomes empty (the attribute is removed).
    static func delete(_ current: AttributeValue?, _ operand: AttributeValue) throws(DynamoError) -> AttributeValue? {
        guard let current else { return nil }
        switch (current, operand) {
        case (.ss(let a), .ss(let b)):
            let rest = a.filter { x in !b.contains { $0.utf8.elementsEqual(x.utf8) } }
            return rest.isEmpty ? nil : .ss(rest)
        case (.ns(let a), .ns(let b)):
            let rest = a.filter { !b.contains($0) }
            return rest.isEmpty ? nil : .ns(rest)
        case (.bs(let a), .bs(let b)):
            let rest = a.filter { !b.contains($0) }
            return rest.isEmpty ? nil : .bs(rest)
        default:
            throw DynamoError.validation(Messages.updateOperandType)
        }
    }

    // MARK: Paths

    typealias Change = (inout AttributeValue?, Bool) throws(DynamoError) -> Void

    /// Runs `change` on the value at `path` (nil when absent; setting nil removes it). Every
    /// parent must exist with the right type, else "invalid for update"; a list index past the
    /// end appends (or, for REMOVE, does nothing).
    static func modify(_ path: DocumentPath, in item: inout Item, removing: Bool = false, _ change: Change) throws(DynamoError) {
        let name = path.attribute
        if path.elements.count == 1 {
            var current = item[name]
            try change(&current, removing)
            item[name] = current
            return
        }
        guard var top = item[name] else { throw DynamoError.validation(Messages.updateInvalidPath) }
        item[name] = nil  // keep the value uniquely referenced while it changes
        defer { item[name] = top }
        try modify(path.elements[1...], in: &top, removing: removing, change)
    }

    static func modify(_ rest: ArraySlice<PathElement>, in container: inout AttributeValue, removing: Bool, _ change: Change) throws(DynamoError) {
        let element = rest.first!
        let last = rest.count == 1
        switch (element, container) {
        case (.name(let key), .m(var map)):
            container = .null
            defer { container = .m(map) }
            if last {
                var current = map[key]
                try change(&current, removing)
                map[key] = current
            } else {
                guard var child = map[key] else { throw DynamoError.validation(Messages.updateInvalidPath) }
                map[key] = nil
                defer { map[key] = child }
                try modify(rest.dropFirst(), in: &child, removing: removing, change)
            }
        case (.index(let i), .l(var list)):
            container = .null
            defer { container = .l(list) }
            if last {
                if i < list.count {
                    var current: AttributeValue? = list[i]
                    try change(&current, removing)
                    if let current { list[i] = current } else { list.remove(at: i) }
                } else if !removing {
                    var current: AttributeValue? = nil
                    try change(&current, removing)
                    if let current { list.append(current) }
                }
            } else {
                guard i < list.count else { throw DynamoError.validation(Messages.updateInvalidPath) }
                var child = list[i]
                list[i] = .null
                defer { list[i] = child }
                try modify(rest.dropFirst(), in: &child, removing: removing, change)
            }
        default:
            throw DynamoError.validation(Messages.updateInvalidPath)
        }
    }
}
