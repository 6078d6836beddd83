/// A local or global secondary index of a table: its key schema, what it projects, and where its
/// entries are stored.
public struct SecondaryIndex: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case local, global
    }

    public enum ProjectionType: String, Codable, Sendable {
        case all = "ALL"
        case keysOnly = "KEYS_ONLY"
        case include = "INCLUDE"
    }

    public var name: String
    public var kind: Kind
    public var keySchema: KeySchema
    public var projectionType: ProjectionType
    /// INCLUDE only, in request order.
    public var nonKeyAttributes: [String]
    /// Global indexes only (0 with PAY_PER_REQUEST).
    public var readCapacityUnits: Int
    public var writeCapacityUnits: Int
    /// Name of the SQL table that holds the index entries; fixed at creation.
    public var storageName: String

    public init(name: String, kind: Kind, keySchema: KeySchema, projectionType: ProjectionType, nonKeyAttributes: [String],
                readCapacityUnits: Int, writeCapacityUnits: Int, storageName: String) {
        self.name = name
        self.kind = kind
        self.keySchema = keySchema
        self.projectionType = projectionType
        self.nonKeyAttributes = nonKeyAttributes
        self.readCapacityUnits = readCapacityUnits
        self.writeCapacityUnits = writeCapacityUnits
        self.storageName = storageName
    }

    /// Whether the index holds attribute `name` of its items (the table's and the index's keys always).
    public func projects(_ name: String, tableKey: KeySchema) -> Bool {
        switch projectionType {
        case .all: return true
        case .keysOnly: return keySchema.contains(name) || tableKey.contains(name)
        case .include: return keySchema.contains(name) || tableKey.contains(name) || nonKeyAttributes.contains(name)
        }
    }

    /// The item as the index stores it.
    public func project(_ item: Item, tableKey: KeySchema) -> Item {
        if projectionType == .all { return item }
        return item.filter { projects($0.key, tableKey: tableKey) }
    }

    /// Whether `item` has every index key attribute with the declared type: indexes are sparse, so
    /// an item without them has no entry. (Wrong types are refused before the write.)
    public func indexes(_ item: Item) -> Bool {
        keySchema.elements.allSatisfy { element in item[element.name].map(element.type.matches) ?? false }
    }
}

extension TableDefinition {
    public func index(named name: String) -> SecondaryIndex? { indexes.first { $0.name == name } }
    public var localIndexes: [SecondaryIndex] { indexes.filter { $0.kind == .local } }
    public var globalIndexes: [SecondaryIndex] { indexes.filter { $0.kind == .global } }
}
