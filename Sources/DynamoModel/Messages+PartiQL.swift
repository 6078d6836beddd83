/// PartiQL texts (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction). The service's
/// validation texts as its shared PartiQL library words them (the `ValidationExceptionMessages`
/// catalogue that ships inside DynamoDB Local 2.x); DynamoDB Local 1.13.5 has no PartiQL at all
/// (it answers UnknownOperationException). The syntax-error details after the common prefix are
/// ours: the prefix is the service's, the detail its parser's and not documented.
extension Messages {
    public static func statementNotWellFormed(_ detail: String) -> String {
        "Statement wasn't well formed, can't be processed: \(detail)"
    }
    public static let partiQLParameterCount = "Number of parameters in request and statement don't match."
    public static let partiQLIncompleteKey = "Where clause does not contain a mandatory equality on all key attributes"
    public static func partiQLMultipleKeyConditions(_ key: String) -> String {
        "Multiple conditions on same key \(key). Only single item Update/Insert/Delete are supported"
    }
    public static let partiQLDuplicateItem = "Duplicate primary key exists in table"
    public static func partiQLKeyAbsent(_ key: String) -> String { "Key attribute should be present in the item: Key \(key)" }
    public static func partiQLKeyTypeMismatch(_ key: String) -> String {
        "Key attribute's data type should match its data type in table's schema: Key \(key)"
    }
    public static func partiQLKeyNotScalar(_ key: String) -> String {
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key \(key)"
    }
    public static let partiQLStarAndOthers = "Other attributes should not be present in the projection when '*' is used."
    public static let partiQLInvalidTableName =
        "Table name should be within the length [3, 255] and only contain 'a-z', 'A-Z', '0-9', '-', '_', '.'."
    public static let partiQLDMLFrom = "FROM clause may only contain a single table name in data manipulation statements"
    public static let partiQLPathElements = "A path may contain at most 2 components in the FROM clause"
    public static let partiQLMissingComparison = "MISSING must be compared using IS operator"
    public static let partiQLWhereNotBoolean = "WHERE clause must contain an expression that resolves to a boolean"
    public static func partiQLUnrecognizedFunction(_ name: String) -> String { "Unrecognized function: \(name)" }
    public static func partiQLUnsupportedConditionOperator(_ op: String) -> String {
        "Unsupported operator in Condition Expression. Operator: \(op)"
    }
    public static func partiQLUnsupportedUpdateOperator(_ op: String) -> String {
        "Unsupported operator in Update Expression. Operator: \(op)"
    }
    public static func partiQLSetFunctionArguments(_ name: String) -> String { "SET_\(name) must have exactly two arguments" }
    public static func partiQLSetFunctionFirstArgument(_ name: String) -> String {
        "The first argument to SET_\(name) must equal the assignment value"
    }
    public static func partiQLSetFunctionSecondArgument(_ name: String) -> String {
        "The second argument to SET_\(name) must be a value with type SET"
    }
    public static let partiQLEmptyBag = "Empty bags are not supported"
    public static let partiQLBagType = "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags"
    public static func partiQLUnsupportedIsType(_ type: String) -> String {
        "Unsupported data type for IS operator: \(type). Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]"
    }
    public static func partiQLDuplicateTupleKey(_ key: String, under: String) -> String { "Duplicate keys in tuple. Key: \(key) under \(under)" }
    public static func partiQLTupleKeyType(_ type: String, under: String) -> String {
        "Tuple keys must be of type String. Actual type: \(type) under \(under)"
    }
    public static let partiQLReturningInInsert = "RETURNING is not supported in INSERT"
    public static func partiQLReturningInDelete(_ returning: String) -> String {
        "Invalid returning clause: RETURNING \(returning). Only RETURNING ALL OLD * is allowed in DELETE statements."
    }
    public static let partiQLIndexNotSupported = "This operation is not supported on an index"
    public static let partiQLConsistentReadOnGlobalIndex = "Strongly consistent read is not supported on Global Secondary Indexes"
    public static let partiQLInvalidNextToken = "Invalid NextToken"
    public static let partiQLNextTokenMismatch = "NextToken does not match request"
    public static let partiQLExistsOutsideTransaction = "EXISTS can only be used in ExecuteTransaction write requests."
    public static let partiQLOrderByWithoutWhere = "Must have WHERE clause in the statement when using ORDER BY clause."
    public static let partiQLOrderByWithoutHashKey =
        "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause."
    public static func partiQLOrderByNotKey(_ name: String) -> String {
        "Variable reference \(name) in ORDER BY clause must be part of the primary key"
    }
    // BatchExecuteStatement (DynamoDB Local 2.x's BatchExecuteStatementFunction texts).
    public static let partiQLBatchMixed = "Read and write requests together in the same batch is not supported."
    public static let partiQLBatchSingleItemSelect = "Only single item select is supported"
    // ExecuteTransaction.
    public static let partiQLTransactionSelectKey = "Select statements within ExecuteTransaction must specify the primary key in the where clause."
    public static let partiQLTransactionIndexRead = "Reads on indices are not supported within transactions."
    public static let partiQLTransactionIndexWrite = "Operations on indices are not supported in transactions"
    public static let partiQLTransactionExistsKey = "EXISTS() must contain a single item read with additional condition"
    public static let partiQLTransactionMixed = "Unsupported operation in transaction."
    public static let partiQLTransactionReturning = "RETURNING clause is not supported in ExecuteTransaction."
}
