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

extension Tables {
    /// Entry count and size of each index, for DescribeTable and DeleteTable.
    static func indexStatistics(_ tx: StorageTransaction, _ table: TableDefinition) throws -> [String: (count: Int, bytes: Int)] {
        var statistics: [String: (count: Int, bytes: Int)] = [:]
        for index in table.indexes { statistics[index.name] = try tx.statistics(index) }
        return statistics
    }
}

enum TableNames {
    /// The TableName check of the table and item operations. The service's model types TableName as a
    /// name or an ARN, so a bad name is reported by the operation, not as a constraint violation.
    static func check(_ name: String?) throws(DynamoError) -> String {
        guard let name else { throw DynamoError.validation(Messages.parameterRequired("TableName")) }
        try checkName(name)
        return name
    }

    static func checkName(_ name: String) throws(DynamoError) {
        let count = name.utf8.count
        guard count >= 3, count <= 255, name.utf8.allSatisfy(isNameByte) else {
            throw DynamoError.validation(Messages.invalidTableName)
        }
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x5F || byte == 0x2E || byte == 0x2D
    }
}

extension Field {
    /// TableName as the service's current model declares it: a string, checked by `TableNames`.
    static let tableNameMember = Field("TableName", .string)
    static let requiredTableNameMember = Field("TableName", .string, .notNull)
}
