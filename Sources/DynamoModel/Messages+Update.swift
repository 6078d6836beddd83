/// UpdateItem's own texts: the result's size and the legacy AttributeUpdates parameter.
/// The service's texts as dynalite test/updateItem.js recorded them; DynamoDB Local 1.13.5 names
/// types in full ("STRING") where the service says "S".
extension Messages {
    public static let updateItemTooLarge = "Item size to update has exceeded the maximum allowed size"
    public static let legacyUpdateTypeMismatch = "Type mismatch for attribute to update"
    public static let attributeUpdateWithoutValue =
        "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"
    /// `type` is the short name: "S", "N", "L", ...
    public static func attributeUpdateDeleteType(_ type: String) -> String {
        "One or more parameter values were invalid: DELETE action with value is not supported for the type \(type)"
    }
    public static func attributeUpdateAddType(_ type: String) -> String {
        "One or more parameter values were invalid: ADD action is not supported for the type \(type)"
    }
}

/// Expected's texts (checked against DynamoDB Local 1.13.5; the first three as dynalite
/// test/updateItem.js recorded them from the service).
extension Messages {
    public static func expectedValueMissing(_ name: String, exists: Bool?) -> String {
        "One or more parameter values were invalid: Value must be provided when Exists is \(exists == true ? "true" : "null") for Attribute: \(name)"
    }
    public static func expectedValueWithExistsFalse(_ name: String) -> String {
        "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: \(name)"
    }
    public static func expectedValueAndList(_ name: String) -> String {
        "One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: \(name)"
    }
    public static func expectedExistsAndOperator(_ name: String) -> String {
        "One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: \(name)"
    }
    public static func expectedOperatorWithoutValue(_ op: String, _ name: String) -> String {
        "One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: \(op) for Attribute: \(name)"
    }
    public static let conditionalOperatorNeedsTwo = "ConditionalOperator can only be used when Filter or Expected has two or more elements"
}
