import DynamoModel

/// How an item is stored in its row: a format byte, then the item in DynamoDB's JSON form.
/// The format byte lets a later, faster binary codec read rows written by this one.
enum ItemCodec {
    static let jsonFormat: UInt8 = 1

    static func encode(_ item: Item) -> [UInt8] {
        var out: [UInt8] = [jsonFormat]
        out.reserveCapacity(128)
        AttributeValue.json(item).write(to: &out)
        return out
    }

    static func decode(_ bytes: [UInt8]) throws -> Item {
        guard bytes.first == jsonFormat else { throw StorageError("unknown item format \(bytes.first ?? 0)") }
        let json = try JSON.parse(bytes.dropFirst())
        return try AttributeValue.decodeItem(json)
    }
}
