/// A table's metadata settings beyond its key schema and capacity: tags, Time to Live,
/// point-in-time recovery, streams, table class and deletion protection.
/// Every member has a default, and a catalogue entry written before a member existed still
/// decodes (see `decode(_:forKey:)` below), so adding a setting needs no migration.
public struct TableSettings: Codable, Sendable, Equatable {
    public struct Tag: Codable, Sendable, Equatable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// In the order they were first added; a re-tagged key keeps its place.
    public var tags: [Tag] = []
    /// The TTL attribute while Time to Live is enabled; nil while it is disabled.
    public var timeToLiveAttribute: String?
    /// Set while point-in-time recovery is enabled.
    public var pointInTimeRecovery: PointInTimeRecovery?
    /// The view type while a stream is enabled; nil while streams are off.
    public var streamViewType: String?
    /// The label of the most recent stream; it outlives disabling the stream (as DynamoDB Local shows it).
    public var latestStreamLabel: String?
    /// nil until CreateTable or UpdateTable names a class (DescribeTable then shows TableClassSummary).
    public var tableClass: String?
    public var tableClassUpdateDateTime: Double?
    /// nil until CreateTable or UpdateTable sets it (DescribeTable then shows it).
    public var deletionProtectionEnabled: Bool?
    /// When the table last switched to PAY_PER_REQUEST; nil means at creation.
    public var lastUpdateToPayPerRequestDateTime: Double?

    public struct PointInTimeRecovery: Codable, Sendable, Equatable {
        public var recoveryPeriodInDays: Int
        /// Seconds since 1970.
        public var enabledDateTime: Double

        public init(recoveryPeriodInDays: Int, enabledDateTime: Double) {
            self.recoveryPeriodInDays = recoveryPeriodInDays
            self.enabledDateTime = enabledDateTime
        }
    }

    public init() {}

    enum CodingKeys: String, CodingKey {
        case tags, timeToLiveAttribute, pointInTimeRecovery, streamViewType, latestStreamLabel, tableClass,
             tableClassUpdateDateTime, deletionProtectionEnabled, lastUpdateToPayPerRequestDateTime
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tags = try c.decodeIfPresent([Tag].self, forKey: .tags) ?? []
        timeToLiveAttribute = try c.decodeIfPresent(String.self, forKey: .timeToLiveAttribute)
        pointInTimeRecovery = try c.decodeIfPresent(PointInTimeRecovery.self, forKey: .pointInTimeRecovery)
        streamViewType = try c.decodeIfPresent(String.self, forKey: .streamViewType)
        latestStreamLabel = try c.decodeIfPresent(String.self, forKey: .latestStreamLabel)
        tableClass = try c.decodeIfPresent(String.self, forKey: .tableClass)
        tableClassUpdateDateTime = try c.decodeIfPresent(Double.self, forKey: .tableClassUpdateDateTime)
        deletionProtectionEnabled = try c.decodeIfPresent(Bool.self, forKey: .deletionProtectionEnabled)
        lastUpdateToPayPerRequestDateTime = try c.decodeIfPresent(Double.self, forKey: .lastUpdateToPayPerRequestDateTime)
    }
}

extension KeyedDecodingContainer {
    /// Chosen over the generic `decode` by TableDefinition's synthesized decoder, so catalogues
    /// written before `settings` existed decode with the defaults.
    public func decode(_ type: TableSettings.Type, forKey key: Key) throws -> TableSettings {
        try decodeIfPresent(type, forKey: key) ?? TableSettings()
    }
}
