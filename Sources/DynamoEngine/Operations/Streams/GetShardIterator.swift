import DynamoModel
import DynamoStorage

/// An iterator at TRIM_HORIZON (oldest retained record), LATEST (after the newest),
/// AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER. Texts checked against DynamoDB Local 1.13.5.
enum GetShardIterator: WholeOperation {
    static let name = Streams.prefix + "GetShardIterator"
    static let fields: [Field] = [
        Field("StreamArn", .string, .notNull, .minLength(37), .maxLength(1024)),
        Field("ShardId", .string, .notNull, .minLength(28), .maxLength(65)),
        Field("ShardIteratorType", .string, .notNull),
        Field("SequenceNumber", .string, .minLength(21), .maxLength(40)),
    ]
    static let types = ["TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let type = request.string("ShardIteratorType")!
        guard types.contains(type) else { throw DynamoError.validation(Messages.invalidShardIteratorType) }
        let sequence = request.string("SequenceNumber")
        let needsSequence = type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER"
        if !needsSequence && sequence != nil { throw DynamoError.validation(Messages.sequenceNumberNotAllowed) }
        if needsSequence && sequence == nil { throw DynamoError.validation(Messages.invalidSequenceNumber) }

        let iterator = try context.namespace.read { tx in
            let stream = try Streams.stream(tx, request.string("StreamArn")!)
            guard stream.shardId == request.string("ShardId")! else { throw DynamoError(.resourceNotFound, Messages.shardNotFound) }
            let retained = try tx.retainedRange(stream.arn)
            let position: Int
            switch type {
            case "TRIM_HORIZON":
                position = retained?.first ?? stream.startSequence
            case "LATEST":
                position = (try Streams.lastSequence(stream, tx)).map { $0 + 1 } ?? stream.startSequence
            default:
                guard let number = sequence.flatMap(Streams.parseSequenceNumber), number >= stream.startSequence,
                      number <= (try Streams.lastSequence(stream, tx)) ?? (stream.startSequence - 1) else {
                    throw DynamoError.validation(Messages.invalidSequenceNumber)
                }
                if let retained, number < retained.first {
                    throw DynamoError(.trimmedDataAccess, Messages.trimmedData)
                }
                position = type == "AT_SEQUENCE_NUMBER" ? number : number + 1
            }
            return ShardIterator(arn: stream.arn, shardId: stream.shardId, position: position, issued: context.now)
        }
        return .object([("ShardIterator", .string(iterator.text))])
    }
}
