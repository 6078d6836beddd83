import DynamoExpressions
import DynamoModel

/// UpdateItem's pre-expression AttributeUpdates, translated into the UpdateExpression tree so
/// that one `apply` serves both: PUT is SET, DELETE without a value is REMOVE, DELETE with a
/// set is DELETE, ADD is ADD (which, for AttributeUpdates only, also appends lists).
enum LegacyUpdates {
    /// Checks each entry in request order, as the service does before looking up the table.
    static func expression(_ json: JSON) throws(DynamoError) -> UpdateExpression {
        guard case .object(let members) = json else { return UpdateExpression(actions: [], isLegacy: true) }
        var actions: [UpdateAction] = []
        for (name, spec) in members {
            let action: String
            if case .string(let a)? = spec["Action"] { action = a } else { action = "PUT" }
            let path = DocumentPath([.name(name)])
            let value: AttributeValue?
            if let json = spec["Value"], json != .null { value = try AttributeValue.decode(json) } else { value = nil }
            guard let value else {
                guard action == "DELETE" else { throw DynamoError.validation(Messages.attributeUpdateWithoutValue) }
                actions.append(.remove(path))
                continue
            }
            switch (action, value) {
            case ("DELETE", .ss), ("DELETE", .ns), ("DELETE", .bs):
                actions.append(.delete(path, value))
            case ("DELETE", _):
                throw DynamoError.validation(Messages.attributeUpdateDeleteType(value.typeName))
            case ("ADD", .n), ("ADD", .ss), ("ADD", .ns), ("ADD", .bs), ("ADD", .l):
                actions.append(.add(path, value))
            case ("ADD", _):
                throw DynamoError.validation(Messages.attributeUpdateAddType(value.typeName))
            default:
                actions.append(.set(path, .value(value)))
            }
        }
        return UpdateExpression(actions: actions, isLegacy: true)
    }
}
