import DynamoModel
import DynamoStorage

/// A stream and its one shard (DynamoLocal never splits a stream's shard: Conformance/DIVERGENCES.md).
enum DescribeStream: WholeOperation {
    static let name = Streams.prefix + "DescribeStream"
    static let fields: [Field] = [
        Field("StreamArn", .string, .notNull, .minLength(37), .maxLength(1024)),
        Field("Limit", .integer, .min(1), .max(100)),
        Field("ExclusiveStartShardId", .string, .minLength(28), .maxLength(65)),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let arn = request.string("StreamArn")!
        let (stream, last) = try context.namespace.read { tx in
            let stream = try Streams.stream(tx, arn)
            return (stream, try Streams.lastSequence(stream, tx))
        }
        var range: [(String, JSON)] = [("StartingSequenceNumber", .string(Streams.sequenceNumber(stream.startSequence)))]
        if stream.closed != nil, let last { range.append(("EndingSequenceNumber", .string(Streams.sequenceNumber(last)))) }
        var shards: [JSON] = [.object([("ShardId", .string(stream.shardId)), ("SequenceNumberRange", .object(range))])]
        if request.string("ExclusiveStartShardId") == stream.shardId { shards = [] }
        return .object([("StreamDescription", .object([
            ("StreamArn", .string(stream.arn)),
            ("StreamLabel", .string(stream.label)),
            ("StreamStatus", .string(stream.closed == nil ? "ENABLED" : "DISABLED")),
            ("StreamViewType", .string(stream.viewType)),
            ("CreationRequestDateTime", TableDescription.number(stream.created)),
            ("TableName", .string(stream.tableName)),
            ("KeySchema", stream.keySchema.json),
            ("Shards", .array(shards)),
        ]))])
    }
}
