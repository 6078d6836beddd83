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

    /// A Java double as Jackson prints it: "1.0", "0.5".
    static func number(_ value: Double) -> JSON {
        if value == value.rounded() { return .number(String(Int(value)) + ".0") }
        return .number(String(value))
    }
}
