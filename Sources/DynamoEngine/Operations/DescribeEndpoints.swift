import DynamoModel

/// Where clients that discover endpoints should send requests: this server. DynamoDB Local 1.13.5
/// does not serve DescribeEndpoints (UnknownOperationException); the service names its regional
/// endpoint with a cache period of 1440 minutes.
enum DescribeEndpoints: WholeOperation {
    static let name = "DescribeEndpoints"
    static let fields: [Field] = []

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let address = context.engine.options.port.map { "localhost:\($0)" } ?? "localhost"
        return .object([("Endpoints", .array([
            .object([("Address", .string(address)), ("CachePeriodInMinutes", .number("1440"))]),
        ]))])
    }
}
