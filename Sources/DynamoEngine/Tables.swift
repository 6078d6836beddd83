import DynamoModel
import DynamoStorage

enum Tables {
    /// The table an item operation names. The service answers a missing table on item
    /// operations with "Requested resource not found" (DynamoDB Local 1.13.5 says
    /// "Cannot do operations on a non-existent table"; Conformance/DIVERGENCES.md).
    static func get(_ tx: StorageTransaction, _ name: String) throws(DynamoError) -> TableDefinition {
        guard let table = tx.table(name) else { throw DynamoError(.resourceNotFound, Messages.resourceNotFound) }
        return table
    }
}
