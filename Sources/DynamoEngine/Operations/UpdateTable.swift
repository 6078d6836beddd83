import DynamoModel
import DynamoStorage

/// Changes a table's billing mode, provisioned throughput, stream, table class or deletion
/// protection. Changes apply at once and the table stays ACTIVE (as DynamoDB Local 1.13.5; the
/// service says UPDATING for a while). Texts are the service's where DynamoDB Local differs
/// (Conformance/DIVERGENCES.md).
enum UpdateTable: WholeOperation {
    static let name = "UpdateTable"

    static let fields: [Field] = [
        Field("AttributeDefinitions", .list(.structure([
            Field("AttributeName", .string, .notNull, .minLength(1), .maxLength(255)),
            Field("AttributeType", .string, .notNull, .oneOf(["B", "N", "S"])),
        ]))),
        .tableNameMember,
        Field("BillingMode", .string, .oneOf(["PROVISIONED", "PAY_PER_REQUEST"])),
        Field("ProvisionedThroughput", CreateTable.throughput),
        Field("GlobalSecondaryIndexUpdates", .list(.structure([
            Field("Create", .structure([
                Field("IndexName", .string, .notNull, .minLength(3), .maxLength(255), Patterns.tableName),
                Field("KeySchema", .list(CreateTable.keySchemaElement), .notNull, .minLength(1), .maxLength(2)),
                Field("Projection", CreateTable.projection, .notNull),
                Field("ProvisionedThroughput", CreateTable.throughput),
            ])),
            Field("Update", .structure([
                Field("IndexName", .string, .notNull, .minLength(3), .maxLength(255), Patterns.tableName),
                Field("ProvisionedThroughput", CreateTable.throughput),
            ])),
            Field("Delete", .structure([
                Field("IndexName", .string, .notNull, .minLength(3), .maxLength(255), Patterns.tableName),
            ])),
        ]))),
        Field("StreamSpecification", TableSettingsRequest.streamSpecification),
        Field("SSESpecification", .structure([Field("Enabled", .boolean), Field("SSEType", .string), Field("KMSMasterKeyId", .string)])),
        Field("ReplicaUpdates", .list(.structure([]))),
        // TableClass has no enum constraint on the service: a bad value gets its own message.
        Field("TableClass", .string),
        Field("DeletionProtectionEnabled", .boolean),
        Field("OnDemandThroughput", .structure([Field("MaxReadRequestUnits", .long), Field("MaxWriteRequestUnits", .long)])),
        Field("WarmThroughput", .structure([Field("ReadUnitsPerSecond", .long), Field("WriteUnitsPerSecond", .long)])),
    ]

    static let tableClasses = ["STANDARD", "STANDARD_INFREQUENT_ACCESS"]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let name = try TableNames.check(request.string("TableName"))
        let change = try Change(request)
        let now = context.now

        let (table, statistics) = try context.write { tx in
            guard var table = tx.table(name) else { throw DynamoError(.resourceNotFound, Messages.tableNotFound(name)) }
            try apply(change, to: &table, now: now)
            try tx.saveTable(table)
            if let indexes = change.indexes { table = try indexes.apply(to: table, tx) }
            return (table, try tx.statistics(table))
        }
        var creating: [String: String] = [:]
        if let create = change.indexes?.create?.string("IndexName") { creating[create] = "CREATING" }
        context.beginTransition(name, status: "UPDATING", indexStatuses: creating)
        let (status, indexStatuses) = context.reportedStatus(name)
        return .object([("TableDescription", TableDescription.render(table, status: status, statistics: statistics,
                                                                      indexStatuses: indexStatuses))])
    }

    /// The request, checked on its own (before the table is looked up, as the service does).
    struct Change {
        var billingMode: BillingMode?
        var throughput: (read: Int, write: Int)?
        /// nil: no change; .some(nil): disable; .some(type): enable with that view type.
        var stream: String??
        var tableClass: String?
        var deletionProtection: Bool?
        var encryptionEnabled: Bool??
        var indexes: IndexChanges?

        init(_ request: Request) throws(DynamoError) {
            let present = ["ProvisionedThroughput", "BillingMode", "StreamSpecification", "SSESpecification",
                           "ReplicaUpdates", "DeletionProtectionEnabled", "OnDemandThroughput", "WarmThroughput",
                           "TableClass"].filter { request[$0] != nil }
            var indexUpdates = false
            if case .array(let updates)? = request["GlobalSecondaryIndexUpdates"], !updates.isEmpty { indexUpdates = true }
            if present.isEmpty && !indexUpdates { throw DynamoError.validation(Messages.updateTableNothingToUpdate) }
            let others = present.count + (indexUpdates ? 1 : 0) - 1

            if indexUpdates { indexes = try IndexChanges(request) }

            if let sse = request["SSESpecification"] {
                if others > 0 { throw DynamoError.validation(Messages.onlyOperation("Server-Side Encryption")) }
                encryptionEnabled = .some(Request(sse).bool("Enabled"))
            }
            if let tableClass = request.string("TableClass") {
                guard UpdateTable.tableClasses.contains(tableClass) else { throw DynamoError.validation(Messages.invalidTableClass) }
                if others > 0 { throw DynamoError.validation(Messages.onlyOperation("TableClass")) }
                self.tableClass = tableClass
            }
            if let protection = request.bool("DeletionProtectionEnabled") {
                if others > 0 { throw DynamoError.validation(Messages.onlyOperation("DeletionProtection")) }
                deletionProtection = protection
            }
            if let stream = request["StreamSpecification"] {
                if request["ProvisionedThroughput"] != nil { throw DynamoError.validation(Messages.streamWhileUpdatingIOPS) }
                let enabled = Request(stream).bool("StreamEnabled")!
                let viewType = Request(stream).string("StreamViewType")
                if enabled && viewType == nil { throw DynamoError.validation(Messages.streamEnableNeedsViewType) }
                if !enabled && viewType != nil { throw DynamoError.validation(Messages.streamDisableWithViewType) }
                self.stream = .some(enabled ? viewType : nil)
            }
            billingMode = request.string("BillingMode").flatMap(BillingMode.init(rawValue:))
            if let json = request["ProvisionedThroughput"] {
                if billingMode == .payPerRequest { throw DynamoError.validation(Messages.payPerRequestWithThroughput) }
                let read = Request(json).int("ReadCapacityUnits")!, write = Request(json).int("WriteCapacityUnits")!
                if read > CreateTable.maxCapacity { throw DynamoError.validation(Messages.capacityOutOfBounds(read, "ReadCapacityUnits")) }
                if write > CreateTable.maxCapacity { throw DynamoError.validation(Messages.capacityOutOfBounds(write, "WriteCapacityUnits")) }
                throughput = (read, write)
            }
        }
    }

    /// Applies a checked change to the stored table, with the checks that need the table.
    static func apply(_ change: Change, to table: inout TableDefinition, now: Double) throws(DynamoError) {
        if let enabled = change.encryptionEnabled, enabled != true {
            throw DynamoError.validation(Messages.alreadyEncryptedByDefault)
        }
        if let tableClass = change.tableClass {
            if tableClass != (table.settings.tableClass ?? "STANDARD") { table.settings.tableClassUpdateDateTime = now }
            table.settings.tableClass = tableClass
        }
        if let protection = change.deletionProtection { table.settings.deletionProtectionEnabled = protection }

        let mode = change.billingMode ?? table.billingMode
        switch mode {
        case .payPerRequest:
            if change.throughput != nil { throw DynamoError.validation(Messages.payPerRequestWithThroughput) }
            if table.billingMode == .provisioned {
                table.billingMode = .payPerRequest
                table.readCapacityUnits = 0
                table.writeCapacityUnits = 0
                table.settings.lastUpdateToPayPerRequestDateTime = now
            }
        case .provisioned:
            if table.billingMode == .payPerRequest {
                guard let throughput = change.throughput else {
                    throw DynamoError.validation(Messages.provisionedNeedsThroughputOnUpdate)
                }
                // BillingModeSummary keeps the time the table last became on-demand.
                if table.settings.lastUpdateToPayPerRequestDateTime == nil {
                    table.settings.lastUpdateToPayPerRequestDateTime = table.creationDateTime
                }
                table.billingMode = .provisioned
                table.readCapacityUnits = throughput.read
                table.writeCapacityUnits = throughput.write
            } else if let throughput = change.throughput {
                try changeThroughput(&table, to: throughput, now: now)
            }
        }
        if change.billingMode != nil { table.billingModeExplicit = true }

        if let stream = change.stream {
            if let viewType = stream {
                if table.settings.streamViewType != nil { throw DynamoError.validation(Messages.streamAlreadyEnabled(table.name)) }
                table.settings.streamViewType = viewType
                table.settings.latestStreamLabel = TableSettingsRequest.streamLabel(now)
            } else {
                if table.settings.streamViewType == nil { throw DynamoError.validation(Messages.noStreamToDisable(table.name)) }
                table.settings.streamViewType = nil
            }
        }
    }

    /// A provisioned table's new capacity, with the service's increase/decrease bookkeeping.
    static func changeThroughput(_ table: inout TableDefinition, to throughput: (read: Int, write: Int), now: Double) throws(DynamoError) {
        let (read, write) = throughput
        if read == table.readCapacityUnits && write == table.writeCapacityUnits {
            throw DynamoError.validation(Messages.throughputUnchanged(
                currentRead: table.readCapacityUnits, read: read, currentWrite: table.writeCapacityUnits, write: write))
        }
        if read > table.readCapacityUnits || write > table.writeCapacityUnits { table.lastIncreaseDateTime = now }
        if read < table.readCapacityUnits || write < table.writeCapacityUnits {
            // NumberOfDecreasesToday counts decreases since midnight UTC.
            let sameDay = table.lastDecreaseDateTime.map { Int($0 / 86_400) == Int(now / 86_400) } ?? false
            table.numberOfDecreasesToday = sameDay ? table.numberOfDecreasesToday + 1 : 1
            table.lastDecreaseDateTime = now
        }
        table.readCapacityUnits = read
        table.writeCapacityUnits = write
    }
}
