extension Messages {
    public static let returnValuesPutDelete = "ReturnValues can only be ALL_OLD or NONE"
    public static func invalidStartKey(_ reason: String) -> String { "The provided starting key is invalid: \(reason)" }
    public static let segmentWithoutTotal = "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"
    public static let totalWithoutSegment = "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"
    public static func segmentOutOfRange(_ segment: Int, _ total: Int) -> String {
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: \(segment) is not less than TotalSegments: \(total)"
    }
    public static let batchDuplicateKeys = "Provided list of item keys contains duplicates"
    public static let batchGetTooMany = "Too many items requested for the BatchGetItem call"
    public static let batchWriteRequestShape = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
}

extension Messages {
    public static let startKeyOutsideQuery = "The provided starting key is outside query boundaries based on provided conditions"
}

extension Messages {
    public static let startKeySize = "Exclusive Start Key must have same size as table's key schema"
    public static let startKeyInvalid = "The provided starting key is invalid"
    public static let startKeyOutsideRange = "The provided starting key does not match the range key predicate"
    public static func startKeyOutsideSegment(segment: Int, total: Int) -> String {
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: \(total) Segment: \(segment)"
    }
}

extension Messages {
    // The service's texts (dynalite test/putItem.js); DynamoDB Local 1.13.5 says "A value provided
    // cannot be converted into a number" and prints sets differently.
    public static func numberNotConvertible(_ text: String) -> String {
        text.isEmpty ? "The parameter cannot be converted to a numeric value" : "The parameter cannot be converted to a numeric value: \(text)"
    }
    public static let duplicateNumberSet = "Input collection contains duplicates"
    public static func duplicateBinarySet(_ rendered: String) -> String {
        "One or more parameter values were invalid: Input collection \(rendered)of type BS contains duplicates."
    }
    /// A Key with fewer attributes than the key schema (checked against DynamoDB Local 1.13.5).
    public static let keyConditionsCount = "The number of conditions on the keys is invalid"
    public static let batchWriteTooManyTotal = "Too many items requested for the BatchWriteItem call"
    public static func batchWriteListLength(_ rendered: String) -> String {
        validationErrors([constraintViolation(value: rendered, path: "requestItems", constraint: "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")])
    }
}
