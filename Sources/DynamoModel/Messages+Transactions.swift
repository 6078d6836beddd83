extension Messages {
    // TransactWriteItems and TransactGetItems (checked against DynamoDB Local 1.13.5; the service's
    // texts for duplicates and cancellations are the same, Conformance/test_transactions.py).
    public static let transactionDuplicateItem = "Transaction request cannot include multiple operations on one item"
    public static func transactionCanceled(_ codes: [String]) -> String {
        "Transaction cancelled, please refer cancellation reasons for specific reasons [\(codes.joined(separator: ", "))]"
    }
    /// A ConditionCheck's failure reason ends with a period; a Put's, Update's or Delete's does not.
    public static let conditionCheckFailed = "The conditional request failed."
    public static let transactWriteNoAction = "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request"
    public static let transactWriteManyActions = "TransactItems can only contain one of Check, Put, Update or Delete"
    public static func transactionTooLarge(_ size: Int) -> String {
        "Transaction payload size cannot exceed 4MB. Payload Size: \(size)"
    }
    /// DynamoDB Local 1.13.5 sends this exception with an empty message.
    public static let idempotentParameterMismatch = ""
}
