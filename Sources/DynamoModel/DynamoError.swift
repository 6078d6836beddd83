/// The one error type of DynamoLocal. Every failure a client can see is a `DynamoError`;
/// the wire layer renders it as `{"__type": ..., "message": ...}` with `kind.status`.
/// Messages come from the catalogue in `Messages.swift`, so each text exists once.
public struct DynamoError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        // com.amazon.coral.* (the request framework)
        case validation = "ValidationException"
        case serialization = "SerializationException"
        case unknownOperation = "UnknownOperationException"
        case incompleteSignature = "IncompleteSignatureException"
        case invalidSignature = "InvalidSignatureException"
        case unrecognizedClient = "UnrecognizedClientException"
        case accessDenied = "AccessDeniedException"
        case requestEntityTooLarge = "RequestEntityTooLarge"
        case missingAuthenticationToken = "MissingAuthenticationTokenException"
        // com.amazonaws.dynamodb.v20120810#*
        case resourceNotFound = "ResourceNotFoundException"
        case resourceInUse = "ResourceInUseException"
        /// DescribeContinuousBackups and UpdateContinuousBackups name a missing table with this one.
        case tableNotFound = "TableNotFoundException"
        case conditionalCheckFailed = "ConditionalCheckFailedException"
        case limitExceeded = "LimitExceededException"
        case provisionedThroughputExceeded = "ProvisionedThroughputExceededException"
        case itemCollectionSizeLimitExceeded = "ItemCollectionSizeLimitExceededException"
        case transactionCanceled = "TransactionCanceledException"
        case transactionConflict = "TransactionConflictException"
        case transactionInProgress = "TransactionInProgressException"
        case idempotentParameterMismatch = "IdempotentParameterMismatchException"
        case duplicateItem = "DuplicateItemException"
        case expiredIterator = "ExpiredIteratorException"
        case trimmedDataAccess = "TrimmedDataAccessException"
        case internalServerError = "InternalServerError"

        /// The `__type` namespace the service uses for this error.
        public var namespace: String {
            switch self {
            case .validation: return "com.amazon.coral.validate"
            case .serialization, .unknownOperation, .incompleteSignature, .invalidSignature,
                 .unrecognizedClient, .accessDenied, .requestEntityTooLarge, .missingAuthenticationToken:
                return "com.amazon.coral.service"
            default: return "com.amazonaws.dynamodb.v20120810"
            }
        }

        /// `__type` as it appears on the wire.
        public var wireType: String { namespace + "#" + rawValue }

        public var status: Int {
            switch self {
            case .internalServerError: return 500
            case .requestEntityTooLarge: return 413
            default: return 400
            }
        }
    }

    public let kind: Kind
    public let message: String?
    /// The item returned with ConditionalCheckFailedException when
    /// ReturnValuesOnConditionCheckFailure is ALL_OLD.
    public var item: Item?
    /// Per-action reasons of a TransactionCanceledException, in request order.
    public var cancellationReasons: [CancellationReason]?

    public init(_ kind: Kind, _ message: String?, item: Item? = nil, cancellationReasons: [CancellationReason]? = nil) {
        self.kind = kind
        self.message = message
        self.item = item
        self.cancellationReasons = cancellationReasons
    }

    public static func validation(_ message: String) -> DynamoError { DynamoError(.validation, message) }
}

/// One entry of a TransactionCanceledException's CancellationReasons.
public struct CancellationReason: Sendable, Equatable {
    public var code: String
    public var message: String?
    public var item: Item?

    public init(code: String, message: String? = nil, item: Item? = nil) {
        self.code = code
        self.message = message
        self.item = item
    }
}
