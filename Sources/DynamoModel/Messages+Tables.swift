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

/// Secondary indexes: definitions (dynalite validations/createTable.js) and writes and reads.
extension Messages {
    public static func emptyIndexList(_ parameter: String) -> String { "One or more parameter values were invalid: List of \(parameter) is empty" }
    public static let localIndexWithoutTableRange = "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"
    public static func localIndexWithoutRange(_ index: String) -> String {
        "One or more parameter values were invalid: Index KeySchema does not have a range key for index: \(index)"
    }
    public static func localIndexHashMismatch(_ index: String, _ indexHash: String, _ tableHash: String) -> String {
        "One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: \(index). index hash key: \(indexHash), table hash key: \(tableHash)"
    }
    public static let unknownProjectionType = "One or more parameter values were invalid: Unknown ProjectionType: null"
    public static func nonKeyAttributesWithoutInclude(_ type: String) -> String {
        "One or more parameter values were invalid: ProjectionType is \(type), but NonKeyAttributes is specified"
    }
    public static func indexThroughputWithPayPerRequest(_ index: String) -> String {
        "One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: \(index) when BillingMode is PAY_PER_REQUEST"
    }
    public static func indexThroughputMissing(_ index: String) -> String {
        "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: \(index)"
    }
    public static func unusedAttributeDefinitions(_ defined: [String], _ used: [String]) -> String {
        "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [\(defined.joined(separator: ", "))], keys used: [\(used.joined(separator: ", "))]"
    }
    public static func duplicateIndexName(_ index: String) -> String { "One or more parameter values were invalid: Duplicate index name: \(index)" }
    public static let tooManyLocalIndexes = "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5"
    public static let tooManyGlobalIndexes = "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20"
    public static let tooManyProjectedAttributes = "One or more parameter values were invalid: Number of projected attributes in all indexes exceeds limit of 100"

    /// The service names the key, both types and the index; DynamoDB Local 1.13.5 stops after "Index Key".
    public static func indexKeyTypeMismatch(_ key: String, expected: String, actual: String, index: String) -> String {
        "One or more parameter values were invalid: Type mismatch for Index Key \(key) Expected: \(expected) Actual: \(actual) IndexName: \(index)"
    }
    public static func emptyIndexKey(_ index: String, _ key: String, binary: Bool) -> String {
        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty \(binary ? "binary" : "string") value. IndexName: \(index), IndexKey: \(key)"
    }
    public static let consistentReadOnGlobalIndex = "Consistent reads are not supported on global secondary indexes"
    public static func selectAllOnGlobalIndex(_ index: String) -> String {
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index \(index) because its projection type is not ALL"
    }
    public static func globalIndexDoesNotProject(_ index: String, _ attributes: [String]) -> String {
        "One or more parameter values were invalid: Global secondary index \(index) does not project [\(attributes.joined(separator: ", "))]"
    }
}

/// UpdateTable's GlobalSecondaryIndexUpdates.
extension Messages {
    public static let indexUpdateActionMissing = "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null"
    public static func oneUpdatePerIndex(_ index: String) -> String {
        "One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: \(index)"
    }
    public static let oneOnlineIndexChange = "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"
    public static let indexAlreadyExists = "Attempting to create an index which already exists"
    public static func deleteNonGlobalIndex(_ index: String) -> String { "Cannot delete an index that is not a GlobalSecondaryIndex: \(index)" }
}

/// The Streams API (checked against DynamoDB Local 1.13.5 unless noted).
extension Messages {
    public static func streamNotFound(_ arn: String) -> String { "Requested resource not found: Stream: \(arn) not found" }
    public static let shardNotFound = "Shard does not exist"
    public static let invalidShardIterator = "Invalid ShardIterator"
    public static let invalidShardIteratorType = "Invalid ShardIteratorType."
    public static let invalidSequenceNumber = "One or more parameter values were invalid: Invalid SequenceNumber"
    public static let sequenceNumberNotAllowed = "One or more parameter values were invalid: SequenceNumber should not be passed for this iterator type"
    public static let getRecordsLimit = "One or more parameter values were invalid: Limit should be less than or equal to 1000"
    /// The service's texts (AWS Streams API reference, error descriptions).
    public static let expiredIterator = "Iterator expired. The iterator was created more than 15 minutes ago."
    public static let trimmedData = "The operation attempted to read past the oldest stream record in a shard."
}
