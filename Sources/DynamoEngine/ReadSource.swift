import DynamoExpressions
import DynamoModel
import DynamoStorage

/// Where a Query or Scan reads: the table, or one of its secondary indexes, with the checks that
/// need the table's definition (checked against DynamoDB Local 1.13.5 unless noted).
struct ReadSource {
    let table: TableDefinition
    let index: SecondaryIndex?
    /// A local index read that needs attributes the index does not hold reads the base item too.
    let fetchesBaseItem: Bool

    init(_ table: TableDefinition, _ request: Request, _ reads: ReadOptions) throws(DynamoError) {
        self.table = table
        guard let name = request.string("IndexName") else {
            index = nil
            fetchesBaseItem = false
            return
        }
        guard let index = table.index(named: name) else { throw DynamoError.validation(Messages.noSuchIndex(name)) }
        self.index = index
        let global = index.kind == .global
        // The service's text; DynamoDB Local 1.13.5 says "Consistent read cannot be true when querying a GSI".
        if global && request.bool("ConsistentRead") == true { throw DynamoError.validation(Messages.consistentReadOnGlobalIndex) }
        var fetches = false
        switch reads.select {
        case .allAttributes where index.projectionType != .all:
            if global { throw DynamoError.validation(Messages.selectAllOnGlobalIndex(name)) }
            fetches = true
        case .specificAttributes:
            let wanted = reads.projection.paths?.map(\.attribute) ?? []
            var missing: [String] = []
            for attribute in wanted where !index.projects(attribute, tableKey: table.keySchema) && !missing.contains(attribute) {
                missing.append(attribute)
            }
            if !missing.isEmpty {
                if global { throw DynamoError.validation(Messages.globalIndexDoesNotProject(name, missing)) }
                fetches = true
            }
        default:
            break
        }
        fetchesBaseItem = fetches
    }

    /// The key schema the key condition, the filter check and ordering use.
    var keySchema: KeySchema { index?.keySchema ?? table.keySchema }

    /// LastEvaluatedKey: the table's key attributes, plus the index's on an index.
    func lastEvaluatedKey(_ item: Item) -> Item {
        var key = Keys.keyAttributes(of: item, table.keySchema)
        if let index { for element in index.keySchema.elements { key[element.name] = item[element.name] } }
        return key
    }

    /// An ExclusiveStartKey on an index: exactly the table's and the index's key attributes.
    func indexPosition(_ key: Item, query: Bool) throws(DynamoError) -> IndexPosition {
        let index = index!
        var elements = table.keySchema.elements
        for element in index.keySchema.elements where !elements.contains(where: { $0.name == element.name }) {
            elements.append(element)
        }
        guard key.count == elements.count else { throw DynamoError.validation(Messages.startKeySize) }
        for element in elements {
            guard let value = key[element.name] else { throw DynamoError.validation(Messages.startKeyInvalid) }
            guard element.type.matches(value) else { throw DynamoError.validation(Messages.invalidStartKey(Messages.keyMismatch)) }
        }
        let tableKey = try StartKey.decode(Keys.keyAttributes(of: key, table.keySchema), table, query: query)
        return IndexPosition(partition: KeyEncoding.encode(key[index.keySchema.hash.name]!),
                             sort: index.keySchema.range.map { KeyEncoding.encode(key[$0.name]!) } ?? [],
                             tableKey: tableKey)
    }

    /// The stored item a read returns for an index entry: the entry, or the base item when needed.
    func item(for entry: IndexEntry, _ tx: StorageTransaction) throws -> StoredItem {
        guard fetchesBaseItem else { return entry.stored }
        let key = StorageKey(encodedPartition: entry.tablePartition, encodedSort: entry.tableSort)
        return try tx.getItem(table, key) ?? entry.stored
    }
}
