/// Messages of the five expression parameters (ConditionExpression, FilterExpression,
/// KeyConditionExpression, ProjectionExpression, UpdateExpression) and their name/value maps.
/// All texts checked against DynamoDB Local 1.13.5.
extension Messages {
    // MARK: Framing

    /// `kind` is the parameter name, e.g. "ConditionExpression".
    public static func invalidExpression(_ kind: String, _ detail: String) -> String { "Invalid \(kind): \(detail)" }

    public static let expressionEmpty = "The expression can not be empty;"
    /// ConditionExpression, FilterExpression and KeyConditionExpression report the size; the others don't.
    public static func expressionTooLarge(size: Int?) -> String {
        "Expression size has exceeded the maximum allowed size;" + (size.map { " expression size: \($0)" } ?? "")
    }
    public static func expressionSyntax(token: String, near: String) -> String { "Syntax error; token: \"\(token)\", near: \"\(near)\"" }
    public static let redundantParentheses = "The expression has redundant parentheses;"
    public static func sectionUsedTwice(_ clause: String) -> String { "The \"\(clause)\" section can only be used once in an update expression;" }

    // MARK: Names and values

    public static func reservedKeyword(_ word: String) -> String { "Attribute name is a reserved keyword; reserved keyword: \(word)" }
    public static func undefinedName(_ name: String) -> String {
        "An expression attribute name used in the document path is not defined; attribute name: \(name)"
    }
    public static func undefinedValue(_ name: String) -> String {
        "An expression attribute value used in expression is not defined; attribute value: \(name)"
    }
    public static func unusedValues(_ keys: [String]) -> String {
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {\(keys.joined(separator: ", "))}"
    }
    public static func unusedNames(_ keys: [String]) -> String {
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {\(keys.joined(separator: ", "))}"
    }
    public static let emptyExpressionValues = "ExpressionAttributeValues must not be empty"
    public static let emptyExpressionNames = "ExpressionAttributeNames must not be empty"

    // MARK: Structure

    public static func listIndexOutOfRange(_ digits: String) -> String { "List index is not within the allowable range; index: [\(digits)]" }
    public static func tooManyNestingLevels(_ levels: Int) -> String { "The document path has too many nesting levels; nesting levels: \(levels)" }
    public static func tooManyOperators(_ count: Int) -> String { "The expression contains too many operators; operator count: \(count)" }
    public static func tooManyInOperands(_ count: Int) -> String { "The IN operator is provided with too many operands; number of operands: \(count)" }
    public static func invalidFunctionName(_ name: String) -> String { "Invalid function name; function: \(name)" }
    public static func functionMisused(_ name: String) -> String {
        "The function is not allowed to be used this way in an expression; function: \(name)"
    }
    public static func functionNotAllowedInCondition(_ name: String) -> String {
        "The function is not allowed in a condition expression; function: \(name)"
    }
    public static func functionNotAllowedInUpdate(_ name: String) -> String {
        "The function is not allowed in an update expression; function: \(name)"
    }
    public static func operandCount(_ function: String, _ count: Int) -> String {
        "Incorrect number of operands for operator or function; operator or function: \(function), number of operands: \(count)"
    }
    public static func requiresDocumentPath(_ function: String) -> String {
        "Operator or function requires a document path; operator or function: \(function)"
    }
    /// `path` is rendered like "[a, [0], b]".
    public static func operandsNotDistinct(_ op: String, _ path: String) -> String {
        "The first operand must be distinct from the remaining operands for this operator or function; operator: \(op), first operand: \(path)"
    }

    // MARK: Types

    /// `type` is the short name: "N", "BOOL", "SS", ...
    public static func incorrectOperandType(_ function: String, _ type: String) -> String {
        "Incorrect operand type for operator or function; operator or function: \(function), operand type: \(type)"
    }
    /// ADD and DELETE name the type in full: "STRING", "NUMBER", "BINARY", "BOOLEAN", "NULL", "LIST", "MAP".
    public static func incorrectActionOperandType(_ action: String, _ type: String) -> String {
        "Incorrect operand type for operator or function; operator: \(action), operand type: \(type)"
    }
    public static func invalidAttributeTypeName(_ type: String) -> String {
        "Invalid attribute type name found; type: \(type), valid types: {BOOL,S,N,NULL,BS,M,L,B,SS,NS}"
    }
    /// Operands are rendered like "{S:x}" / "{N:1}".
    public static func betweenTypeMismatch(_ lower: String, _ upper: String) -> String {
        "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: \(lower), upper bound operand: AttributeValue: \(upper)"
    }
    public static func betweenBoundsOrder(_ lower: String, _ upper: String) -> String {
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: \(lower), upper bound operand: AttributeValue: \(upper)"
    }

    // MARK: Update

    public static func pathsOverlap(_ one: String, _ two: String) -> String {
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(one), path two: \(two)"
    }
    public static func pathsConflict(_ one: String, _ two: String) -> String {
        "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: \(one), path two: \(two)"
    }
    public static func updateKeyAttribute(_ name: String) -> String {
        "One or more parameter values were invalid: Cannot update attribute \(name). This attribute is part of the key"
    }
    // Runtime errors of UpdateExpression: no "Invalid UpdateExpression:" prefix.
    public static let updateOperandType = "An operand in the update expression has an incorrect data type"
    public static let updateMissingAttribute = "The provided expression refers to an attribute that does not exist in the item"
    public static let updateInvalidPath = "The document path provided in the update expression is invalid for update"

    // MARK: KeyConditionExpression (no "Invalid KeyConditionExpression:" prefix)

    /// DynamoDB Local 1.13.5 omits the element name that the service appends (": pk").
    public static func keyConditionMissedElement(_ name: String) -> String { "Query condition missed key schema element: \(name)" }
    public static let keyConditionNotSupported = "Query key condition not supported"
    public static let keyConditionOnePerKey = "KeyConditionExpressions must only contain one condition per key"
    public static let keyConditionLength = "Conditions can be of length 1 or 2 only"
    public static func keyConditionInvalidOperator(_ op: String) -> String { "Invalid operator used in KeyConditionExpression: \(op)" }
    public static let keyConditionNestedOperations = "KeyConditionExpressions cannot contain nested operations"
    public static let keyConditionNestedAttributes = "KeyConditionExpressions cannot have conditions on nested attributes"
    public static func keyConditionKeyNotScalar(_ key: String) -> String {
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: \(key)"
    }
    public static let keyConditionMultipleNames = "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
    public static let keyConditionNoKeyAttribute = "Invalid condition in KeyConditionExpression: No key attribute specified"
    public static func keyConditionKeyFirst(_ op: String) -> String {
        "Invalid condition in KeyConditionExpression: \(op) operator must have the key attribute as its first operand"
    }
    public static let keyConditionTypeMismatch = "One or more parameter values were invalid: Condition parameter type does not match schema type"
    /// Query's FilterExpression may not name a key attribute.
    public static func filterOnKeyAttribute(_ name: String) -> String {
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: \(name)"
    }
}

/// How requests combine expression parameters, legacy parameters, names and values; and Select.
/// Checked against DynamoDB Local 1.13.5.
extension Messages {
    public static func expressionMix(legacy: [String], expressions: [String]) -> String {
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {\(legacy.joined(separator: ", "))} Expression parameters: {\(expressions.joined(separator: ", "))}"
    }
    public static let namesWithoutExpressions = "ExpressionAttributeNames can only be specified when using expressions"
    /// `kinds`: the operation's expressions that take values ("FilterExpression is null",
    /// "FilterExpression and KeyConditionExpression are null").
    public static func valuesWithoutExpressions(_ kinds: [String]) -> String {
        "ExpressionAttributeValues can only be specified when using expressions: "
            + (kinds.count == 1 ? "\(kinds[0]) is null" : "\(kinds.joined(separator: " and ")) are null")
    }
    public static func invalidNameKey(_ key: String) -> String { "ExpressionAttributeNames contains invalid key: Syntax error; key: \"\(key)\"" }
    public static func emptyNameValue(_ key: String) -> String { "ExpressionAttributeNames contains invalid value: Empty attribute name for key \(key)" }
    public static func invalidValueKey(_ key: String) -> String { "ExpressionAttributeValues contains invalid key: Syntax error; key: \"\(key)\"" }
    public static func invalidExpressionValue(_ message: String, key: String) -> String {
        "ExpressionAttributeValues contains invalid value: \(message) for key \(key)"
    }
    public static let duplicateAttributesToGet = "Cannot have two attributes with the same name"
    public static let queryWithoutKeyCondition = "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
    public static func selectCountWithProjection(_ parameter: String) -> String {
        "Cannot specify the \(parameter) when choosing to get only the Count"
    }
    public static let selectSpecificWithoutProjection = "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"
    public static let selectAllProjectedWithoutIndex = "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
    public static func selectAllProjectedWithProjection(_ parameter: String) -> String {
        "Cannot specify the \(parameter) when choosing to get ALL_PROJECTED_ATTRIBUTES"
    }
    public static func selectAllWithProjection(_ parameter: String) -> String {
        "Cannot specify the \(parameter) when choosing to get ALL_ATTRIBUTES"
    }
}

/// The legacy condition parameters (KeyConditions, QueryFilter, ScanFilter, Expected).
extension Messages {
    public static func legacyArgumentCount(_ op: String) -> String {
        "One or more parameter values were invalid: Invalid number of argument(s) for the \(op) ComparisonOperator"
    }
    public static func legacyOperatorType(_ op: String, _ type: String) -> String {
        "One or more parameter values were invalid: ComparisonOperator \(op) is not valid for \(type) AttributeValue type"
    }
    public static func queryFilterOnKeyAttribute(_ name: String) -> String {
        "QueryFilter can only contain non-primary key attributes: Primary key attribute: \(name)"
    }
    public static let notIndexableOperation = "Attempted conditional constraint is not an indexable operation"
    public static func noSuchIndex(_ name: String) -> String { "The table does not have the specified index: \(name)" }
}
