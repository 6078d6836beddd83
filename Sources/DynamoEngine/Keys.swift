import DynamoModel
import DynamoStorage

/// Key checks shared by every item operation, with the service's messages.
enum Keys {
    /// The storage key for a `Key` parameter: exactly the schema's attributes, of the declared types.
    /// In BatchWriteItem the service reports every schema mismatch as `keyMismatch`, where the single-item
    /// operations have more specific texts (dynalite actions/batchWriteItem.js).
    static func fromKey(_ key: Item, _ table: TableDefinition, inBatchWrite: Bool = false) throws(DynamoError) -> StorageKey {
        // Each key attribute is looked up once, hash first (four look-ups and an `elements` array
        // were 6% of a GetItem's instructions); the errors come in the same order as before.
        let schema = table.keySchema
        let expected = schema.range == nil ? 1 : 2
        guard key.count <= expected else { throw DynamoError.validation(Messages.keyMismatch) }
        func attribute(_ element: KeyElement) throws(DynamoError) -> AttributeValue {
            guard let value = key[element.name] else {
                // Too few attributes has its own text (checked against DynamoDB Local 1.13.5).
                let tooFew = key.count < expected && !inBatchWrite
                throw DynamoError.validation(tooFew ? Messages.keyConditionsCount : Messages.keyMismatch)
            }
            guard element.type.matches(value) else { throw DynamoError.validation(Messages.keyMismatch) }
            return value
        }
        let partition = try attribute(schema.hash)
        var sort: AttributeValue?
        if let range = schema.range { sort = try attribute(range) }
        try checkValue(partition, schema.hash.name, isHash: true)
        if let sort, let range = schema.range { try checkValue(sort, range.name, isHash: false) }
        return StorageKey(partition: partition, sort: sort)
    }

    /// The storage key of a whole item (PutItem, BatchWriteItem): the key attributes must be present and typed.
    static func fromItem(_ item: Item, _ table: TableDefinition, inBatchWrite: Bool = false) throws(DynamoError) -> StorageKey {
        // Each key attribute is looked up once (this ran for every item of a batch: `elements`
        // builds an array, and the values were looked up three times).
        let schema = table.keySchema
        let partition = try keyAttribute(of: item, schema.hash, inBatchWrite: inBatchWrite)
        var sort: AttributeValue?
        if let range = schema.range { sort = try keyAttribute(of: item, range, inBatchWrite: inBatchWrite) }
        try checkValue(partition, schema.hash.name, isHash: true)
        if let sort, let range = schema.range { try checkValue(sort, range.name, isHash: false) }
        if !table.indexes.isEmpty { try checkIndexKeys(item, table) }
        return StorageKey(partition: partition, sort: sort)
    }

    /// A key attribute of a whole item: present and of the declared type.
    @inline(__always)
    static func keyAttribute(of item: Item, _ element: KeyElement, inBatchWrite: Bool) throws(DynamoError) -> AttributeValue {
        guard let value = item[element.name] else {
            throw DynamoError.validation(inBatchWrite ? Messages.keyMismatch : Messages.missingKey(element.name))
        }
        guard element.type.matches(value) else {
            if inBatchWrite { throw DynamoError.validation(Messages.keyMismatch) }
            throw DynamoError.validation(Messages.keyTypeMismatch(element.name, expected: element.type.rawValue, actual: value.typeName))
        }
        return value
    }

    /// An item's secondary-index key attributes, where present, must have the declared type and
    /// must not be empty (an item without them is simply not in the index).
    static func checkIndexKeys(_ item: Item, _ table: TableDefinition) throws(DynamoError) {
        for index in table.indexes {
            for element in index.keySchema.elements {
                guard let value = item[element.name] else { continue }
                guard element.type.matches(value) else {
                    throw DynamoError.validation(Messages.indexKeyTypeMismatch(
                        element.name, expected: element.type.rawValue, actual: value.typeName, index: index.name))
                }
                switch value {
                case .s(let s) where s.isEmpty:
                    throw DynamoError.validation(Messages.emptyIndexKey(index.name, element.name, binary: false))
                case .b(let b) where b.isEmpty:
                    throw DynamoError.validation(Messages.emptyIndexKey(index.name, element.name, binary: true))
                default: break
                }
            }
        }
    }

    /// One key value: not empty, and within 2048 bytes (partition key) or 1024 (sort key).
    static func checkValue(_ value: AttributeValue, _ name: String, isHash: Bool) throws(DynamoError) {
        let size: Int
        switch value {
        case .s(let s):
            if s.isEmpty { throw DynamoError.validation(Messages.emptyKeyString(name)) }
            size = s.utf8.count
        case .b(let b):
            if b.isEmpty { throw DynamoError.validation(Messages.emptyKeyBinary(name)) }
            size = b.count
        default:
            return
        }
        if isHash && size > 2048 { throw DynamoError.validation(Messages.hashKeyTooLarge) }
        if !isHash && size > 1024 { throw DynamoError.validation(Messages.rangeKeyTooLarge) }
    }

    /// Just the key attributes of an item.
    static func keyAttributes(of item: Item, _ schema: KeySchema) -> Item {
        var key: Item = [:]
        for element in schema.elements { key[element.name] = item[element.name] }
        return key
    }
}

extension Keys {
    /// An ExclusiveStartKey for the table's primary key.
    static func exclusiveStart(_ key: Item, _ table: TableDefinition) throws(DynamoError) -> StorageKey {
        do {
            return try fromKey(key, table)
        } catch {
            throw DynamoError.validation(Messages.invalidStartKey(error.message ?? Messages.keyMismatch))
        }
    }
}
