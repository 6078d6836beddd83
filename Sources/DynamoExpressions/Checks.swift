import DynamoModel

/// Functions of the language, by where they may appear.
enum Functions {
    static let conditions: Set<String> = ["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"]
    static let updateOnly: Set<String> = ["if_not_exists", "list_append"]
}

/// Checks that need no names or values, run right after parsing, in text order: reserved words,
/// list index range, function names and where functions may appear. Checked against
/// DynamoDB Local 1.13.5: these all come before any undefined name or value.
struct StaticChecks {
    let kind: ExpressionKind

    func check(_ condition: RawCondition) throws(DynamoError) {
        switch condition {
        case .compare(_, let l, let r):
            try check(l)
            try check(r)
        case .between(let a, let lo, let hi):
            try check(a)
            try check(lo)
            try check(hi)
        case .in(let a, let list):
            try check(a)
            for o in list { try check(o) }
        case .and(let items), .or(let items):
            for c in items { try check(c) }
        case .not(let c):
            try check(c)
        case .call(let call):
            if !Functions.conditions.contains(call.name) {
                if call.name == "size" { throw kind.error(Messages.functionMisused(call.name)) }
                if Functions.updateOnly.contains(call.name) { throw kind.error(Messages.functionNotAllowedInCondition(call.name)) }
                throw kind.error(Messages.invalidFunctionName(call.name))
            }
            for a in call.args { try check(a) }
        }
    }

    func check(_ operand: RawOperand) throws(DynamoError) {
        switch operand {
        case .path(let p):
            try check(p)
        case .value:
            break
        case .arithmetic(_, let l, let r):
            try check(l)
            try check(r)
        case .call(let call):
            if kind == .update {
                if Functions.conditions.contains(call.name) || call.name == "size" {
                    throw kind.error(Messages.functionNotAllowedInUpdate(call.name))
                }
                if !Functions.updateOnly.contains(call.name) { throw kind.error(Messages.invalidFunctionName(call.name)) }
            } else if call.name != "size" {
                if Functions.conditions.contains(call.name) { throw kind.error(Messages.functionMisused(call.name)) }
                if Functions.updateOnly.contains(call.name) { throw kind.error(Messages.functionNotAllowedInCondition(call.name)) }
                throw kind.error(Messages.invalidFunctionName(call.name))
            }
            for a in call.args { try check(a) }
        }
    }

    func check(_ path: RawPath) throws(DynamoError) {
        for element in path.elements {
            switch element {
            case .identifier(let name) where ReservedWords.contains(name):
                throw kind.error(Messages.reservedKeyword(name))
            case .badIndex(let digits):
                throw kind.error(Messages.listIndexOutOfRange(digits))
            default:
                break
            }
        }
    }

    func check(_ actions: [RawUpdateAction]) throws(DynamoError) {
        for action in actions {
            switch action {
            case .set(let p, let v):
                try check(p)
                try check(v)
            case .remove(let p), .add(let p, _), .delete(let p, _):
                try check(p)
            }
        }
    }

    func check(_ paths: [RawPath]) throws(DynamoError) {
        for p in paths { try check(p) }
    }
}

// MARK: - Checks after resolution

enum PostChecks {
    /// Most operators (comparisons, BETWEEN, IN, AND, OR, NOT, functions) a condition may hold.
    static let maxOperators = 300

    /// Counts every operator node; DynamoDB reports the count at which it gave up (301).
    static func checkOperatorCount(_ condition: Condition, kind: ExpressionKind) throws(DynamoError) {
        var count = 0
        func countOperand(_ o: Operand) {
            switch o {
            case .path, .value: break
            case .size(let inner): count += 1; countOperand(inner)
            case .ifNotExists(_, let inner): count += 1; countOperand(inner)
            case .listAppend(let a, let b), .plus(let a, let b), .minus(let a, let b): count += 1; countOperand(a); countOperand(b)
            }
        }
        func countCondition(_ c: Condition) {
            count += 1
            switch c {
            case .compare(_, let a, let b), .attributeType(let a, let b), .beginsWith(let a, let b), .contains(let a, let b):
                countOperand(a); countOperand(b)
            case .between(let a, let b, let d):
                countOperand(a); countOperand(b); countOperand(d)
            case .in(let a, let list):
                countOperand(a); list.forEach(countOperand)
            case .and(let items), .or(let items):
                count += items.count - 2  // n operands joined by n - 1 operators
                items.forEach(countCondition)
            case .not(let inner):
                countCondition(inner)
            case .attributeExists, .attributeNotExists:
                break
            }
        }
        countCondition(condition)
        if count > maxOperators { throw kind.error(Messages.tooManyOperators(maxOperators + 1)) }
    }

    /// "Two document paths overlap" (one is a prefix of the other) or "conflict" (one indexes
    /// a list where the other names a map key). Each path is compared with those before it.
    static func checkOverlaps(_ paths: [DocumentPath], kind: ExpressionKind) throws(DynamoError) {
        for j in paths.indices {
            for i in 0..<j {
                let one = paths[i].elements, two = paths[j].elements
                var k = 0
                while k < one.count, k < two.count, one[k] == two[k] { k += 1 }
                if k == one.count || k == two.count {
                    throw kind.error(Messages.pathsOverlap(paths[i].description, paths[j].description))
                }
                switch (one[k], two[k]) {
                case (.name, .index), (.index, .name):
                    throw kind.error(Messages.pathsConflict(paths[i].description, paths[j].description))
                default:
                    continue
                }
            }
        }
    }
}
