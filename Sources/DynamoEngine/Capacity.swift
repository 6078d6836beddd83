import DynamoModel

/// The service's capacity arithmetic: a write unit per started 1 KB, a read unit per started 4 KB,
/// halved for eventually consistent reads.
enum Capacity {
    enum Mode: String { case none = "NONE", total = "TOTAL", indexes = "INDEXES" }

    static func mode(_ request: Request) -> Mode { Mode(rawValue: request.string("ReturnConsumedCapacity") ?? "NONE") ?? .none }

    static func writeUnits(_ size: Int) -> Double { Double(max(1, (size + 1023) / 1024)) }

    static func readUnits(_ size: Int, consistent: Bool) -> Double {
        let units = Double(max(1, (size + 4095) / 4096))
        return consistent ? units : units / 2
    }

    /// The ConsumedCapacity member for one table, or nil when not asked for.
    static func consumed(_ mode: Mode, table: String, units: Double) -> JSON? {
        switch mode {
        case .none: return nil
        case .total: return .object([("TableName", .string(table)), ("CapacityUnits", number(units))])
        case .indexes:
            return .object([("TableName", .string(table)), ("CapacityUnits", number(units)),
                            ("Table", .object([("CapacityUnits", number(units))]))])
        }
    }

    /// A Query or Scan: on an index, INDEXES reports the units under the index and none under the
    /// table (checked against DynamoDB Local 1.13.5).
    static func consumedByRead(_ mode: Mode, table: String, index: SecondaryIndex?, units: Double) -> JSON? {
        guard let index else { return consumed(mode, table: table, units: units) }
        return consumed(mode, table: table, tableUnits: 0, indexes: [(index, units)])
    }

    /// The ConsumedCapacity member for a table and some of its indexes.
    static func consumed(_ mode: Mode, table: String, tableUnits: Double, indexes: [(SecondaryIndex, Double)]) -> JSON? {
        let total = indexes.reduce(tableUnits) { $0 + $1.1 }
        guard mode == .indexes else { return consumed(mode, table: table, units: total) }
        var members: [(String, JSON)] = [("TableName", .string(table)), ("CapacityUnits", number(total)),
                                         ("Table", .object([("CapacityUnits", number(tableUnits))]))]
        for (kind, key) in [(SecondaryIndex.Kind.local, "LocalSecondaryIndexes"), (.global, "GlobalSecondaryIndexes")] {
            let entries = indexes.filter { $0.0.kind == kind }
            if !entries.isEmpty {
                members.append((key, .object(entries.map { ($0.0.name, .object([("CapacityUnits", number($0.1))])) })))
            }
        }
        return .object(members)
    }

    /// Write units an item write costs in each index it touches: one write per entry written or
    /// removed, two when the index key changes (the service's documented rule).
    static func indexWrites(_ table: TableDefinition, old: Item?, new: Item?) -> [(SecondaryIndex, Double)] {
        var writes: [(SecondaryIndex, Double)] = []
        for index in table.indexes {
            let before = old.flatMap { index.indexes($0) ? index.project($0, tableKey: table.keySchema) : nil }
            let after = new.flatMap { index.indexes($0) ? index.project($0, tableKey: table.keySchema) : nil }
            switch (before, after) {
            case (nil, nil): continue
            case (let b?, nil): writes.append((index, writeUnits(itemSize(b))))
            case (nil, let a?): writes.append((index, writeUnits(itemSize(a))))
            case (let b?, let a?):
                let sameKey = index.keySchema.elements.allSatisfy { b[$0.name] == a[$0.name] }
                writes.append((index, sameKey ? writeUnits(max(itemSize(a), itemSize(b))) : writeUnits(itemSize(a)) + writeUnits(itemSize(b))))
            }
        }
        return writes
    }

    /// A Java double as Jackson prints it: "1.0", "0.5".
    static func number(_ value: Double) -> JSON {
        if value == value.rounded() { return .number(String(Int(value)) + ".0") }
        return .number(String(value))
    }
}

extension Capacity {
    /// One action's units in a transaction, before the transactional factor.
    struct TransactionUsage {
        var table: String
        var units: Double
        var indexes: [(SecondaryIndex, Double)] = []
    }

    /// ConsumedCapacity of TransactWriteItems and TransactGetItems: one entry per table, in the order
    /// the request first names it, every unit doubled (the service documents two reads or writes per
    /// item: prepare and commit), also reported as WriteCapacityUnits or ReadCapacityUnits (the
    /// shape checked against DynamoDB Local 1.13.5, which doubles twice for writes).
    static func consumedByTransaction(_ mode: Mode, _ usage: [TransactionUsage], write: Bool) -> JSON? {
        guard mode != .none else { return nil }
        var order: [String] = []
        var tables: [String: (units: Double, indexes: [(SecondaryIndex, Double)])] = [:]
        for entry in usage {
            if tables[entry.table] == nil {
                order.append(entry.table)
                tables[entry.table] = (0, [])
            }
            tables[entry.table]!.units += 2 * entry.units
            for (index, units) in entry.indexes {
                if let i = tables[entry.table]!.indexes.firstIndex(where: { $0.0.name == index.name }) {
                    tables[entry.table]!.indexes[i].1 += 2 * units
                } else {
                    tables[entry.table]!.indexes.append((index, 2 * units))
                }
            }
        }
        let unitsName = write ? "WriteCapacityUnits" : "ReadCapacityUnits"
        func units(_ value: Double) -> JSON { .object([(unitsName, number(value)), ("CapacityUnits", number(value))]) }
        return .array(order.map { name in
            let table = tables[name]!
            let total = table.indexes.reduce(table.units) { $0 + $1.1 }
            var members: [(String, JSON)] = [("TableName", .string(name)), ("CapacityUnits", number(total)), (unitsName, number(total))]
            guard mode == .indexes else { return .object(members) }
            members.append(("Table", units(table.units)))
            for (kind, key) in [(SecondaryIndex.Kind.local, "LocalSecondaryIndexes"), (.global, "GlobalSecondaryIndexes")] {
                let entries = table.indexes.filter { $0.0.kind == kind }
                if !entries.isEmpty { members.append((key, .object(entries.map { ($0.0.name, units($0.1)) }))) }
            }
            return .object(members)
        })
    }
}
