// Texts of the metadata operations (tags, Time to Live, continuous backups, UpdateTable).
// Where DynamoDB Local 1.13.5 has the operation its texts were compared with it; the service's own
// texts, where they differ, are the service's recorded responses (Conformance/DIVERGENCES.md).

extension Messages {
    // MARK: Tags (DynamoDB Local 1.13.5 has no tagging: "Tagging is not currently supported in DynamoDB Local.")

    public static let invalidTableArn = "Invalid TableArn"
    public static func invalidResourceArn(_ arn: String) -> String {
        "Invalid TableArn: Invalid ResourceArn provided as input \(arn)"
    }
    public static func arnMustStartWithArn(_ arn: String) -> String {
        "One or more parameter values were invalid: ARNs must start with 'arn:': \(arn)"
    }
    public static func notDynamoArn(_ arn: String) -> String {
        "One or more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: \(arn)"
    }
    public static func notTableOrStreamArn(_ arn: String) -> String {
        "One or more parameter values were invalid: Invalid resource arn provided, only table or stream is accepted. Provided resource arn: \(arn)"
    }
    public static func resourceArnNotFound(_ arn: String) -> String {
        "Requested resource not found: ResourceArn: \(arn) not found"
    }
    public static let noTags = "Atleast one Tag needs to be provided as Input."
    public static let noTagKeys = "Atleast one Tag Key needs to be provided as Input."
    public static func invalidTagKey(_ key: String?) -> String { "The Tag Key provided is invalid, Key: \(key ?? "null")" }
    public static func invalidTagValue(_ value: String?) -> String { "The Tag Value provided is invalid, Value: \(value ?? "null")" }
    public static func reservedTagKey(_ key: String) -> String { "Tag Key cannot be prefixed with aws:, Key: \(key)" }
    public static func duplicateTagKey(_ key: String) -> String {
        "Duplicate Tag Keys provided as input: Duplicate Tag Key found \(key)"
    }
    public static let tooManyTags = "Number of Tags exceed the current limit for the provided ResourceArn"

    // MARK: Time to Live (checked against DynamoDB Local 1.13.5, which adds no current name)

    public static let timeToLiveAlreadyEnabled = "TimeToLive is already enabled"
    public static let timeToLiveAlreadyDisabled = "TimeToLive is already disabled"
    public static func timeToLiveOtherAttribute(_ current: String) -> String {
        "TimeToLive is active on a different AttributeName: current AttributeName is \(current)"
    }

    // MARK: Continuous backups (not in DynamoDB Local 1.13.5)

    public static func continuousBackupsTableNotFound(_ name: String) -> String { "Table not found: \(name)" }
    public static let recoveryPeriodWhenDisabling = "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery."

    // MARK: UpdateTable and DeleteTable

    public static let updateTableNothingToUpdate = "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required"
    public static func onlyOperation(_ what: String) -> String {
        "One or more parameter values were invalid: \(what) modification must be the only operation in the request"
    }
    public static let invalidTableClass = "Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS]."
    public static let streamWhileUpdatingIOPS = "One or more parameter values were invalid: You cannot modify stream status while updating table IOPS"
    public static let streamEnableNeedsViewType = "One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required"
    public static let streamDisableWithViewType = "One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified"
    public static let createStreamNeedsViewType = "One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required"
    public static let createStreamDisabledWithViewType = "One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified"
    public static func streamAlreadyEnabled(_ table: String) -> String { "Table already has an enabled stream: TableName: \(table)" }
    public static func noStreamToDisable(_ table: String) -> String { "Table has no stream to disable: TableName: \(table)" }
    public static let provisionedNeedsThroughputOnUpdate = "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED"
    public static func throughputUnchanged(currentRead: Int, read: Int, currentWrite: Int, write: Int) -> String {
        "The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: \(currentRead). Requested ReadCapacityUnits: \(read). Current WriteCapacityUnits provisioned for the table: \(currentWrite). Requested WriteCapacityUnits: \(write). Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits."
    }
    public static let alreadyEncryptedByDefault = "One or more parameter values were invalid: Table is already encrypted by default"
    public static let deletionProtected = "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first."
}
