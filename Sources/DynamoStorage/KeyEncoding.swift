import DynamoModel

/// Key values as BLOBs whose memcmp order (SQLite's BLOB comparison) is DynamoDB's key order.
///
/// A key attribute has one type per table or index, and each key attribute has its own column,
/// so a column only ever compares values of one type: no type tag or terminator is needed.
public enum KeyEncoding {
    public static func encode(_ value: AttributeValue) -> [UInt8] {
        switch value {
        // DynamoDB orders strings by their UTF-8 bytes, and binaries as unsigned bytes.
        case .s(let string): return Array(string.utf8)
        case .b(let bytes): return bytes
        case .n(let number): return number.orderedKeyBytes
        default: preconditionFailure("KeyEncoding: \(value.typeName) is not a key type")
        }
    }
}
