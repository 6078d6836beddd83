import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// LocalSecondaryIndexes and GlobalSecondaryIndexes of CreateTable (and UpdateTable's Create):
/// the service's checks in its order (dynalite validations/createTable.js records them; the texts
/// were checked against DynamoDB Local 1.13.5 where it gives the same).
enum IndexDefinitions {
    static let maxLocal = 5
    static let maxGlobal = 20
    static let maxProjectedAttributes = 100

    static func parse(_ request: Request, tableKey: KeySchema, definitions: [(name: String, type: String)],
                      billingMode: BillingMode, tableId: String) throws(DynamoError) -> [SecondaryIndex] {
        var indexes: [SecondaryIndex] = []
        var names: Set<String> = []
        let kinds: [(SecondaryIndex.Kind, String, Int, String)] = [
            (.local, "LocalSecondaryIndexes", maxLocal, Messages.tooManyLocalIndexes),
            (.global, "GlobalSecondaryIndexes", maxGlobal, Messages.tooManyGlobalIndexes),
        ]
        for (kind, parameter, limit, tooMany) in kinds {
            guard let specs = list(request[parameter]) else { continue }
            if specs.isEmpty { throw DynamoError.validation(Messages.emptyIndexList(parameter)) }
            if kind == .local && tableKey.range == nil { throw DynamoError.validation(Messages.localIndexWithoutTableRange) }
            for json in specs {
                let index = try parseIndex(Request(json), kind: kind, tableKey: tableKey, definitions: definitions,
                                           billingMode: billingMode, tableId: tableId)
                if !names.insert(index.name).inserted { throw DynamoError.validation(Messages.duplicateIndexName(index.name)) }
                indexes.append(index)
            }
            if specs.count > limit { throw DynamoError.validation(tooMany) }
        }
        if !indexes.isEmpty {
            var used = Set(tableKey.elements.map(\.name))
            for index in indexes { used.formUnion(index.keySchema.elements.map(\.name)) }
            let defined = Set(definitions.map(\.name))
            if defined != used {
                throw DynamoError.validation(Messages.unusedAttributeDefinitions(defined.sorted(), used.sorted()))
            }
        }
        let projected = indexes.reduce(0) { $0 + $1.nonKeyAttributes.count }
        if projected > maxProjectedAttributes { throw DynamoError.validation(Messages.tooManyProjectedAttributes) }
        return indexes
    }

    static func parseIndex(_ spec: Request, kind: SecondaryIndex.Kind, tableKey: KeySchema,
                           definitions: [(name: String, type: String)], billingMode: BillingMode,
                           tableId: String) throws(DynamoError) -> SecondaryIndex {
        let name = spec.string("IndexName")!
        let keys = (list(spec["KeySchema"]) ?? []).map {
            (name: Request($0).string("AttributeName")!, type: Request($0).string("KeyType")!)
        }
        let defined = definitions.map(\.name)
        if keys.contains(where: { !defined.contains($0.name) }) {
            throw DynamoError.validation(Messages.keysNotDefined(keys.map(\.name), defined))
        }
        if keys.count == 2 && keys[0].name == keys[1].name { throw DynamoError.validation(Messages.hashAndRangeSameName) }
        if keys[0].type != "HASH" { throw DynamoError.validation(Messages.firstKeyNotHash) }
        if keys.count == 2 && keys[1].type != "RANGE" { throw DynamoError.validation(Messages.secondKeyNotRange) }
        if kind == .local {
            if keys.count != 2 { throw DynamoError.validation(Messages.localIndexWithoutRange(name)) }
            if keys[0].name != tableKey.hash.name {
                throw DynamoError.validation(Messages.localIndexHashMismatch(name, keys[0].name, tableKey.hash.name))
            }
        }
        let projection = spec["Projection"].map(Request.init)
        guard let rawType = projection?.string("ProjectionType"), let type = SecondaryIndex.ProjectionType(rawValue: rawType) else {
            throw DynamoError.validation(Messages.unknownProjectionType)
        }
        var nonKey: [String] = []
        if case .array(let attributes)? = projection?["NonKeyAttributes"] {
            if type != .include { throw DynamoError.validation(Messages.nonKeyAttributesWithoutInclude(type.rawValue)) }
            nonKey = attributes.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        }
        var read = 0, write = 0
        if kind == .global {
            let throughput = spec["ProvisionedThroughput"].map(Request.init)
            if billingMode == .payPerRequest {
                if throughput != nil { throw DynamoError.validation(Messages.indexThroughputWithPayPerRequest(name)) }
            } else {
                guard let r = throughput?.int("ReadCapacityUnits"), let w = throughput?.int("WriteCapacityUnits") else {
                    throw DynamoError.validation(Messages.indexThroughputMissing(name))
                }
                read = r
                write = w
            }
        }
        func element(_ key: (name: String, type: String)) -> KeyElement {
            KeyElement(name: key.name, type: ScalarType(rawValue: definitions.first { $0.name == key.name }!.type)!)
        }
        return SecondaryIndex(
            name: name, kind: kind,
            keySchema: KeySchema(hash: element(keys[0]), range: keys.count == 2 ? element(keys[1]) : nil),
            projectionType: type, nonKeyAttributes: nonKey, readCapacityUnits: read, writeCapacityUnits: write,
            storageName: "index_" + tableId.filter { $0 != "-" } + "_"
                + UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(8))
    }

    static func list(_ json: JSON?) -> [JSON]? {
        if case .array(let elements)? = json { return elements }
        return nil
    }
}
