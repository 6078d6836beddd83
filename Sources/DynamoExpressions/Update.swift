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
    /// Every SET value is computed from the original item, and list indexes mean the original
    /// positions: REMOVE of several elements removes those elements, an index past the end
    /// appends (SET, ADD) in ascending index order whatever the action order, and REMOVE or
    /// DELETE of something absent does nothing. Errors carry DynamoDB's messages (checked
    /// against DynamoDB Local 1.13.5).
    public func apply(to item: Item) throws(DynamoError) -> UpdateResult {
        var values: [AttributeValue?] = []
        values.reserveCapacity(actions.count)
        for action in actions {
            if case .set(_, let operand) = action { values.append(try Self.evaluate(operand, item)) } else { values.append(nil) }
        }
        var result = item
        var appends: [Append] = []
        var removals: [DocumentPath] = []
        for (i, action) in actions.enumerated() {
            switch action {
            case .set(let path, _):
                try Self.modify(path, in: &result, appends: &appends) { (current: inout AttributeValue?) throws(DynamoError) in current = values[i] }
            case .remove(let path):
                // Only what exists in the original item is removed; the parents must still be valid.
                if Evaluator.lookup(path, item) != nil {
                    removals.append(path)
                } else {
                    try Self.checkParents(path, item)
                }
            case .add(let path, let operand):
                try Self.modify(path, in: &result, appends: &appends) { (current: inout AttributeValue?) throws(DynamoError) in
                    current = try Self.add(current, operand, legacy: isLegacy)
                }
            case .delete(let path, let operand):
                try Self.modify(path, in: &result, appends: &appends) { (current: inout AttributeValue?) throws(DynamoError) in
                    current = try Self.delete(current, operand, legacy: isLegacy)
                }
            }
        }
        // Appended elements never shift an original position, so removals after them are safe.
        for append in appends.sorted(by: { $0.index < $1.index }) {
            try Self.modify(append.list, in: &result, appends: &appends) { (current: inout AttributeValue?) throws(DynamoError) in
                if case .l(let list)? = current { current = .l(list + [append.value]) }
            }
        }
        // Later list positions first, so earlier indexes still mean the original elements.
        removals.sort { Self.descending($0.elements, $1.elements) }
        for path in removals {
            try Self.modify(path, in: &result, appends: &appends) { (current: inout AttributeValue?) throws(DynamoError) in current = nil }
        }
        let paths = actions.map(\.path)
        return UpdateResult(item: result, updatedPaths: paths, updatedAttributes: Set(paths.map(\.attribute)))
    }

    /// ReturnValues UPDATED_OLD / UPDATED_NEW: the updated paths projected from `item` (pass the
    /// old or the new item), as a ProjectionExpression of those paths would return them. This is
    /// the service's behaviour (dynalite test/updateItem.js, recorded against it); DynamoDB Local
    /// 1.13.5 returns each updated top-level attribute whole.
    public static func returnedAttributes(_ paths: [DocumentPath], in item: Item) -> Item {
        Projection.project(paths, item)
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

    /// ADD. AttributeUpdates' ADD also appends lists and has its own type-mismatch text
    /// (checked against DynamoDB Local 1.13.5).
    static func add(_ current: AttributeValue?, _ operand: AttributeValue, legacy: Bool) throws(DynamoError) -> AttributeValue {
        guard let current else { return operand }
        switch (current, operand) {
        case (.l(let a), .l(let b)) where legacy:
            return .l(a + b)
        case (.n(let a), .n(let b)):
            do { return .n(try a.adding(b)) } catch { throw DynamoError.validation(error.message) }
        case (.ss(let a), .ss(let b)):
            return .ss(a + b.filter { x in !a.contains { $0.utf8.elementsEqual(x.utf8) } })
        case (.ns(let a), .ns(let b)):
            return .ns(a + b.filter { !a.contains($0) })
        case (.bs(let a), .bs(let b)):
            return .bs(a + b.filter { !a.contains($0) })
        default:
            throw DynamoError.validation(legacy ? Messages.legacyUpdateTypeMismatch : Messages.updateOperandType)
        }
    }

    /// nil when the set becomes empty (the attribute is removed).
    static func delete(_ current: AttributeValue?, _ operand: AttributeValue, legacy: Bool) throws(DynamoError) -> AttributeValue? {
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
            throw DynamoError.validation(legacy ? Messages.legacyUpdateTypeMismatch : Messages.updateOperandType)
        }
    }

    // MARK: Paths

    /// A value for a list index past the end, appended once every action has run.
    struct Append {
        let list: DocumentPath
        let index: Int
        let value: AttributeValue
    }

    typealias Change = (inout AttributeValue?) throws(DynamoError) -> Void

    /// Runs `change` on the value at `path` (nil when absent; setting nil removes it). Every
    /// parent must exist with the right type, else "invalid for update". A list index past the
    /// end is recorded in `appends` when the change produces a value.
    static func modify(_ path: DocumentPath, in item: inout Item, appends: inout [Append], _ change: Change) throws(DynamoError) {
        let name = path.attribute
        if path.elements.count == 1 {
            var current = item[name]
            try change(&current)
            item[name] = current
            return
        }
        guard var top = item[name] else { throw DynamoError.validation(Messages.updateInvalidPath) }
        item[name] = nil  // keep the value uniquely referenced while it changes
        defer { item[name] = top }
        try modify(path, from: 1, in: &top, appends: &appends, change)
    }

    static func modify(_ path: DocumentPath, from position: Int, in container: inout AttributeValue, appends: inout [Append],
                       _ change: Change) throws(DynamoError) {
        let element = path.elements[position]
        let last = position == path.elements.count - 1
        switch (element, container) {
        case (.name(let key), .m(var map)):
            container = .null
            defer { container = .m(map) }
            if last {
                var current = map[key]
                try change(&current)
                map[key] = current
            } else {
                guard var child = map[key] else { throw DynamoError.validation(Messages.updateInvalidPath) }
                map[key] = nil
                defer { map[key] = child }
                try modify(path, from: position + 1, in: &child, appends: &appends, change)
            }
        case (.index(let i), .l(var list)):
            container = .null
            defer { container = .l(list) }
            if last {
                var current: AttributeValue? = i < list.count ? list[i] : nil
                try change(&current)
                if i < list.count {
                    if let current { list[i] = current } else { list.remove(at: i) }
                } else if let current {
                    appends.append(Append(list: DocumentPath(Array(path.elements[..<position])), index: i, value: current))
                }
            } else {
                guard i < list.count else { throw DynamoError.validation(Messages.updateInvalidPath) }
                var child = list[i]
                list[i] = .null
                defer { list[i] = child }
                try modify(path, from: position + 1, in: &child, appends: &appends, change)
            }
        default:
            throw DynamoError.validation(Messages.updateInvalidPath)
        }
    }

    /// REMOVE of an absent path: nothing to do, but its parents must be a map or list as named.
    static func checkParents(_ path: DocumentPath, _ item: Item) throws(DynamoError) {
        guard path.elements.count > 1 else { return }
        var current = item[path.attribute]
        for position in 1..<path.elements.count {
            switch (path.elements[position], current) {
            case (.name(let key), .m(let map)?): current = map[key]
            case (.index(let i), .l(let list)?): current = i < list.count ? list[i] : nil
            default: throw DynamoError.validation(Messages.updateInvalidPath)
            }
            if current == nil && position < path.elements.count - 1 { throw DynamoError.validation(Messages.updateInvalidPath) }
        }
    }
}
