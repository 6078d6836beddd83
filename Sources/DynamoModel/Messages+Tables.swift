extension Messages {
    // CreateTable (texts: dynalite validations/createTable.js, checked against DynamoDB Local 1.13.5)
    public static let payPerRequestWithThroughput = "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
    public static let provisionedNeedsThroughput = "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
    public static func capacityOutOfBounds(_ value: Int, _ member: String) -> String {
        "Given value \(value) for \(member) is out of bounds"
    }
    public static let keyWithoutDefinition = "Invalid KeySchema: Some index key attribute have no definition"
    public static func keysNotDefined(_ keys: [String], _ definitions: [String]) -> String {
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [\(keys.joined(separator: ", "))], AttributeDefinitions: [\(definitions.joined(separator: ", "))]"
    }
    public static let hashAndRangeSameName = "Both the Hash Key and the Range Key element in the KeySchema have the same name"
    public static let firstKeyNotHash = "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
    public static let secondKeyNotRange = "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"
    public static let duplicateAttributeDefinitions = "Cannot have two attributes with the same name"
    public static let keySchemaDefinitionCountMismatch = "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"
}

extension Messages {
    // Table names: DynamoDB Local 1.13.5's text, checked against it. The service's model now types
    // TableName as a name or ARN (1-1024 characters), so the old constraint texts no longer apply.
    public static let invalidTableName = "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'"
    public static func parameterRequired(_ name: String) -> String {
        "The parameter '\(name)' is required but was not present in the request"
    }
}
