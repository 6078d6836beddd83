import DynamoModel
import DynamoStorage

/// Streams of the namespace, newest first, optionally of one table; paged by stream ARN.
/// Streams of deleted tables stay listed for their retention (checked against DynamoDB Local 1.13.5).
enum ListStreams: WholeOperation {
    static let name = Streams.prefix + "ListStreams"
    static let fields: [Field] = [
        Field("TableName", .string, .minLength(3), .maxLength(255), Patterns.tableName),
        Field("Limit", .integer, .min(1), .max(100)),
        Field("ExclusiveStartStreamArn", .string, .minLength(37), .maxLength(1024)),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        var streams = try context.namespace.read { tx in try tx.streams(tableName: request.string("TableName")) }
        if let start = request.string("ExclusiveStartStreamArn"), let at = streams.firstIndex(where: { $0.arn == start }) {
            streams.removeFirst(at + 1)
        }
        let limit = request.int("Limit") ?? 100
        var members: [(String, JSON)] = [("Streams", .array(streams.prefix(limit).map {
            .object([("StreamArn", .string($0.arn)), ("TableName", .string($0.tableName)), ("StreamLabel", .string($0.label))])
        }))]
        if streams.count > limit { members.append(("LastEvaluatedStreamArn", .string(streams[limit - 1].arn))) }
        return .object(members)
    }
}
