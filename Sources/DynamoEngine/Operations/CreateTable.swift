import DynamoModel
import DynamoStorage
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

enum CreateTable: WholeOperation {
    static let name = "CreateTable"

    static let keySchemaElement: Shape = .structure([
        Field("AttributeName", .string, .notNull, .minLength(1), .maxLength(255)),
        Field("KeyType", .string, .notNull, .oneOf(["HASH", "RANGE"])),
    ])
    static let throughput: Shape = .structure([
        Field("ReadCapacityUnits", .long, .notNull, .min(1)),
        Field("WriteCapacityUnits", .long, .notNull, .min(1)),
    ])

    static let projection: Shape = .structure([
        Field("ProjectionType", .string, .oneOf(["ALL", "INCLUDE", "KEYS_ONLY"])),
        Field("NonKeyAttributes", .list(.string), .minLength(1)),
    ])

    // Member order follows the service's checks (dynalite validations/createTable.js).
    static let fields: [Field] = [
        Field("AttributeDefinitions", .list(.structure([
            Field("AttributeName", .string, .notNull, .minLength(1), .maxLength(255)),
            Field("AttributeType", .string, .notNull, .oneOf(["B", "N", "S"])),
        ])), .notNull),
        .tableNameMember,
        Field("KeySchema", .list(keySchemaElement), .notNull, .minLength(1), .maxLength(2)),
        Field("LocalSecondaryIndexes", .list(.structure([
            Field("IndexName", .string, .notNull, .minLength(3), .maxLength(255), Patterns.tableName),
            Field("KeySchema", .list(keySchemaElement), .notNull, .minLength(1), .maxLength(2)),
            Field("Projection", projection, .notNull),
        ]))),
        Field("GlobalSecondaryIndexes", .list(.structure([
            Field("IndexName", .string, .notNull, .minLength(3), .maxLength(255), Patterns.tableName),
            Field("KeySchema", .list(keySchemaElement), .notNull, .minLength(1), .maxLength(2)),
            Field("Projection", projection, .notNull),
            Field("ProvisionedThroughput", throughput),
        ]))),
        Field("BillingMode", .string, .oneOf(["PROVISIONED", "PAY_PER_REQUEST"])),
        Field("ProvisionedThroughput", throughput),
        Field("StreamSpecification", .structure([Field("StreamEnabled", .boolean), Field("StreamViewType", .string)])),
        Field("SSESpecification", .structure([Field("Enabled", .boolean), Field("SSEType", .string), Field("KMSMasterKeyId", .string)])),
        Field("Tags", .list(.structure([Field("Key", .string), Field("Value", .string)]))),
        Field("TableClass", .string, .oneOf(["STANDARD", "STANDARD_INFREQUENT_ACCESS"])),
        Field("DeletionProtectionEnabled", .boolean),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = try TableNames.check(request.string("TableName"))
        let billingMode = BillingMode(rawValue: request.string("BillingMode") ?? "PROVISIONED") ?? .provisioned
        let throughput = request["ProvisionedThroughput"]
        let read = throughput.flatMap { Request($0).int("ReadCapacityUnits") }
        let write = throughput.flatMap { Request($0).int("WriteCapacityUnits") }

        if billingMode == .payPerRequest {
            if throughput != nil { throw DynamoError.validation(Messages.payPerRequestWithThroughput) }
        } else {
            guard let read, let write else { throw DynamoError.validation(Messages.provisionedNeedsThroughput) }
            if read > maxCapacity { throw DynamoError.validation(Messages.capacityOutOfBounds(read, "ReadCapacityUnits")) }
            if write > maxCapacity { throw DynamoError.validation(Messages.capacityOutOfBounds(write, "WriteCapacityUnits")) }
        }

        let definitions = elements(request["AttributeDefinitions"]).map {
            (name: Request($0).string("AttributeName")!, type: Request($0).string("AttributeType")!)
        }
        let keys = elements(request["KeySchema"]).map {
            (name: Request($0).string("AttributeName")!, type: Request($0).string("KeyType")!)
        }
        let definedNames = definitions.map(\.name)
        if keys.count > definitions.count { throw DynamoError.validation(Messages.keyWithoutDefinition) }
        if keys.contains(where: { !definedNames.contains($0.name) }) {
            throw DynamoError.validation(Messages.keysNotDefined(keys.map(\.name), definedNames))
        }
        if keys.count == 2 && keys[0].name == keys[1].name { throw DynamoError.validation(Messages.hashAndRangeSameName) }
        if keys[0].type != "HASH" { throw DynamoError.validation(Messages.firstKeyNotHash) }
        if keys.count == 2 && keys[1].type != "RANGE" { throw DynamoError.validation(Messages.secondKeyNotRange) }
        if Set(definedNames).count != definedNames.count { throw DynamoError.validation(Messages.duplicateAttributeDefinitions) }
        if request["LocalSecondaryIndexes"] == nil && request["GlobalSecondaryIndexes"] == nil && keys.count != definitions.count {
            throw DynamoError.validation(Messages.keySchemaDefinitionCountMismatch)
        }

        func element(_ key: (name: String, type: String)) -> KeyElement {
            let type = definitions.first { $0.name == key.name }!.type
            return KeyElement(name: key.name, type: ScalarType(rawValue: type)!)
        }
        let tableId = UUID().uuidString.lowercased()
        let keySchema = KeySchema(hash: element(keys[0]), range: keys.count == 2 ? element(keys[1]) : nil)
        let indexes = try IndexDefinitions.parse(request, tableKey: keySchema, definitions: definitions, billingMode: billingMode,
                                                 tableId: tableId)
        var table = TableDefinition(
            name: name,
            tableId: tableId,
            keySchema: keySchema,
            attributeDefinitions: definitions.map { AttributeDefinition(name: $0.name, type: ScalarType(rawValue: $0.type)!) },
            billingMode: billingMode,
            billingModeExplicit: request.string("BillingMode") != nil,
            readCapacityUnits: read ?? 0,
            writeCapacityUnits: write ?? 0,
            creationDateTime: context.now,
            storageName: "items_" + tableId.filter { $0 != "-" })
        table.indexes = indexes
        table.settings = try TableSettingsRequest.forCreateTable(request, now: table.creationDateTime)

        try context.write { tx in
            if tx.table(name) != nil || context.deletingTable(name) != nil {
                throw DynamoError(.resourceInUse, Messages.tableAlreadyExists(name))
            }
            try tx.createTable(table)
        }
        // ACTIVE at once, as DynamoDB Local does (it applies -delayTransientStatuses to indexes
        // only); with the flag DynamoLocal shows CREATING for a moment, as the service does.
        context.beginTransition(name, status: "CREATING",
                                indexStatuses: Dictionary(uniqueKeysWithValues: table.globalIndexes.map { ($0.name, "CREATING") }))
        let (status, indexStatuses) = context.reportedStatus(name)
        return .object([("TableDescription", TableDescription.render(table, status: status, statistics: (0, 0),
                                                                     indexStatuses: indexStatuses))])
    }

    static let maxCapacity = 1_000_000_000_000

    static func elements(_ json: JSON?) -> [JSON] {
        if case .array(let elements)? = json { return elements }
        return []
    }
}
