/// The scalar types a key attribute may have.
public enum ScalarType: String, Codable, Sendable, CaseIterable {
    case s = "S", n = "N", b = "B"

    /// Whether `value` is of this type.
    public func matches(_ value: AttributeValue) -> Bool {
        switch (self, value) {
        case (.s, .s), (.n, .n), (.b, .b): return true
        default: return false
        }
    }
}

public struct KeyElement: Codable, Sendable, Equatable {
    public var name: String
    public var type: ScalarType

    public init(name: String, type: ScalarType) {
        self.name = name
        self.type = type
    }
}

/// A primary key: a partition ("HASH") key and an optional sort ("RANGE") key.
public struct KeySchema: Codable, Sendable, Equatable {
    public var hash: KeyElement
    public var range: KeyElement?

    public init(hash: KeyElement, range: KeyElement? = nil) {
        self.hash = hash
        self.range = range
    }

    public var elements: [KeyElement] { range.map { [hash, $0] } ?? [hash] }

    public func contains(_ name: String) -> Bool { hash.name == name || range?.name == name }

    /// The wire form: `[{"AttributeName":..., "KeyType":"HASH"}, ...]`.
    public var json: JSON {
        .array(elements.enumerated().map { index, element in
            .object([("AttributeName", .string(element.name)), ("KeyType", .string(index == 0 ? "HASH" : "RANGE"))])
        })
    }
}

public enum BillingMode: String, Codable, Sendable {
    case provisioned = "PROVISIONED"
    case payPerRequest = "PAY_PER_REQUEST"
}

public struct AttributeDefinition: Codable, Sendable, Equatable {
    public var name: String
    public var type: ScalarType

    public init(name: String, type: ScalarType) {
        self.name = name
        self.type = type
    }
}

/// Everything DynamoLocal keeps about one table, stored in the namespace's catalogue.
public struct TableDefinition: Codable, Sendable {
    public var name: String
    public var tableId: String
    public var keySchema: KeySchema
    public var attributeDefinitions: [AttributeDefinition]
    public var billingMode: BillingMode
    /// Set when the billing mode was given explicitly (DescribeTable then reports BillingModeSummary).
    public var billingModeExplicit: Bool
    public var readCapacityUnits: Int
    public var writeCapacityUnits: Int
    /// Seconds since 1970.
    public var creationDateTime: Double
    public var lastIncreaseDateTime: Double?
    public var lastDecreaseDateTime: Double?
    public var numberOfDecreasesToday: Int
    /// Name of the SQL table that holds the items; fixed at creation.
    public var storageName: String
    /// Local and global secondary indexes, in creation order (locals first).
    public var indexes: [SecondaryIndex] = []
    /// Tags, Time to Live, streams, table class and the other metadata settings.
    public var settings: TableSettings = TableSettings()

    public init(name: String, tableId: String, keySchema: KeySchema, attributeDefinitions: [AttributeDefinition],
                billingMode: BillingMode, billingModeExplicit: Bool, readCapacityUnits: Int, writeCapacityUnits: Int,
                creationDateTime: Double, storageName: String) {
        self.name = name
        self.tableId = tableId
        self.keySchema = keySchema
        self.attributeDefinitions = attributeDefinitions
        self.billingMode = billingMode
        self.billingModeExplicit = billingModeExplicit
        self.readCapacityUnits = readCapacityUnits
        self.writeCapacityUnits = writeCapacityUnits
        self.creationDateTime = creationDateTime
        self.numberOfDecreasesToday = 0
        self.storageName = storageName
    }
}

extension TableDefinition {
    /// arn:aws:dynamodb:ddblocal:000000000000:table/<name>, as DynamoDB Local writes table ARNs
    /// (checked against DynamoDB Local 1.13.5); index and stream ARNs extend it.
    public static let arnPrefix = "arn:aws:dynamodb:ddblocal:000000000000:table/"
    public var arn: String { Self.arnPrefix + name }
    public func indexArn(_ index: String) -> String { arn + "/index/" + index }
    public func streamArn(label: String) -> String { arn + "/stream/" + label }
}
