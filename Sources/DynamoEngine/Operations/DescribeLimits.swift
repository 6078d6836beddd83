import DynamoModel

/// The account's and each table's capacity quotas: the service's defaults, which DynamoDB Local
/// 1.13.5 also answers (checked against it).
enum DescribeLimits: WholeOperation {
    static let name = "DescribeLimits"
    static let fields: [Field] = []

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        .object([
            ("AccountMaxReadCapacityUnits", .number("80000")),
            ("AccountMaxWriteCapacityUnits", .number("80000")),
            ("TableMaxReadCapacityUnits", .number("40000")),
            ("TableMaxWriteCapacityUnits", .number("40000")),
        ])
    }
}
