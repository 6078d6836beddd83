import DynamoModel
import DynamoStorage

/// ExclusiveStartKey checks for Query and Scan. DynamoDB Local 1.13.5 words several of these
/// differently (Conformance/DIVERGENCES.md); these are the service's texts as reported by users
/// of the service (aws-sdk issues) and DynamoDB Local 3.x.
enum StartKey {
    /// The storage key an ExclusiveStartKey names on the table's primary key.
    static func decode(_ key: Item, _ table: TableDefinition, query: Bool) throws(DynamoError) -> StorageKey {
        let schema = table.keySchema
        guard key.count == schema.elements.count else { throw DynamoError.validation(Messages.startKeySize) }
        for element in schema.elements {
            guard let value = key[element.name] else {
                throw DynamoError.validation(query ? Messages.startKeyInvalid : Messages.invalidStartKey(Messages.keyMismatch))
            }
            guard element.type.matches(value) else { throw DynamoError.validation(Messages.invalidStartKey(Messages.keyMismatch)) }
            switch value {
            case .s(let s) where s.isEmpty: throw DynamoError.validation(Messages.invalidStartKey(Messages.emptyKeyString(element.name)))
            case .b(let b) where b.isEmpty: throw DynamoError.validation(Messages.invalidStartKey(Messages.emptyKeyBinary(element.name)))
            default: break
            }
        }
        return StorageKey(partition: key[schema.hash.name]!, sort: schema.range.map { key[$0.name]! })
    }
}
