import DynamoModel
import DynamoStorage

/// UpdateTable's GlobalSecondaryIndexUpdates. A created index is filled from the table's items in
/// the same transaction and is ACTIVE at once (DynamoDB Local's default; the service builds it in
/// the background). Texts: the service's as recorded by dynalite (validations/updateTable.js) and
/// by users of the service.
struct IndexChanges {
    var create: Request?
    var delete: String?
    var throughput: [(name: String, read: Int, write: Int)] = []
    let definitions: [(name: String, type: String)]

    init(_ request: Request) throws(DynamoError) {
        guard case .array(let updates)? = request["GlobalSecondaryIndexUpdates"] else { definitions = []; return }
        var names: Set<String> = []
        var structural = 0
        for json in updates {
            let update = Request(json)
            guard let (action, spec) = [("Create", update["Create"]), ("Update", update["Update"]), ("Delete", update["Delete"])]
                .first(where: { $0.1 != nil }).map({ ($0.0, Request($0.1!)) }) else {
                throw DynamoError.validation(Messages.indexUpdateActionMissing)
            }
            let name = spec.string("IndexName")!
            if !names.insert(name).inserted { throw DynamoError.validation(Messages.oneUpdatePerIndex(name)) }
            switch action {
            case "Create":
                create = spec
                structural += 1
            case "Delete":
                delete = name
                structural += 1
            default:
                let t = spec["ProvisionedThroughput"].map(Request.init)
                throughput.append((name, t?.int("ReadCapacityUnits") ?? 0, t?.int("WriteCapacityUnits") ?? 0))
            }
        }
        if structural > 1 { throw DynamoError(.limitExceeded, Messages.oneOnlineIndexChange) }
        definitions = (CreateTable.elements(request["AttributeDefinitions"])).map {
            (name: Request($0).string("AttributeName")!, type: Request($0).string("AttributeType")!)
        }
    }

    func apply(to table: TableDefinition, _ tx: StorageTransaction) throws -> TableDefinition {
        var table = table
        for change in throughput {
            guard let i = table.indexes.firstIndex(where: { $0.name == change.name && $0.kind == .global }) else {
                throw DynamoError(.resourceNotFound, Messages.resourceNotFound)
            }
            table.indexes[i].readCapacityUnits = change.read
            table.indexes[i].writeCapacityUnits = change.write
            try tx.saveTable(table)
        }
        if let delete {
            guard let index = table.index(named: delete) else { throw DynamoError(.resourceNotFound, Messages.resourceNotFound) }
            guard index.kind == .global else { throw DynamoError.validation(Messages.deleteNonGlobalIndex(delete)) }
            try tx.removeIndex(delete, from: table)
            table = tx.table(table.name)!
            table.attributeDefinitions = Self.used(table.attributeDefinitions, table)
            try tx.saveTable(table)
        }
        if let create {
            let name = create.string("IndexName")!
            // Checked before the index's own definition (reported by users of the service).
            if table.index(named: name) != nil { throw DynamoError.validation(Messages.indexAlreadyExists) }
            var merged = table.attributeDefinitions.map { (name: $0.name, type: $0.type.rawValue) }
            for definition in definitions where !merged.contains(where: { $0.name == definition.name }) { merged.append(definition) }
            let index = try IndexDefinitions.parseIndex(create, kind: .global, tableKey: table.keySchema, definitions: merged,
                                                        billingMode: table.billingMode, tableId: table.tableId)
            if table.globalIndexes.count >= IndexDefinitions.maxGlobal { throw DynamoError.validation(Messages.tooManyGlobalIndexes) }
            table.attributeDefinitions = merged.compactMap { d in ScalarType(rawValue: d.type).map { AttributeDefinition(name: d.name, type: $0) } }
            var withIndex = table
            withIndex.indexes.append(index)
            withIndex.attributeDefinitions = Self.used(table.attributeDefinitions, withIndex)
            // Items whose index key has the wrong type cannot be indexed; the service reports them
            // as backfill violations, DynamoLocal leaves them out of the index (sparse).
            try tx.saveTable(withIndex.removingIndex(index.name))
            try tx.addIndex(index, to: withIndex.removingIndex(index.name))
            table = tx.table(table.name)!
        }
        return table
    }

    /// The definitions of attributes some key uses (DescribeTable lists only those).
    static func used(_ definitions: [AttributeDefinition], _ table: TableDefinition) -> [AttributeDefinition] {
        var keys = Set(table.keySchema.elements.map(\.name))
        for index in table.indexes { keys.formUnion(index.keySchema.elements.map(\.name)) }
        return definitions.filter { keys.contains($0.name) }
    }
}

extension TableDefinition {
    func removingIndex(_ name: String) -> TableDefinition {
        var copy = self
        copy.indexes.removeAll { $0.name == name }
        return copy
    }
}
