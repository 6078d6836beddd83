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
    public static func batchWriteTooMany(_ rendered: String) -> String {
        "1 validation error detected: Value '\(rendered)' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"
    }
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
