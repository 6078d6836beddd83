import DynamoModel
import DynamoStorage

/// Records from an iterator's position, with the next iterator; an empty page still has one while
/// the shard is open. A closed shard read to its end returns no next iterator (checked against
/// DynamoDB Local 1.13.5).
enum GetRecords: WholeOperation {
    static let name = Streams.prefix + "GetRecords"
    static let fields: [Field] = [
        Field("ShardIterator", .string, .notNull, .minLength(1), .maxLength(2048)),
        Field("Limit", .integer, .min(1)),
    ]

    static func run(_ request: Request, _ context: Context) throws -> JSON {
        let limit = request.int("Limit") ?? 1000
        if limit > 1000 { throw DynamoError.validation(Messages.getRecordsLimit) }
        let iterator = try ShardIterator(parsing: request.string("ShardIterator")!)
        if context.now - iterator.issued > Streams.iteratorLifetime {
            throw DynamoError(.expiredIterator, Messages.expiredIterator)
        }
        let (stream, records, last) = try context.namespace.read { tx in
            guard let stream = try tx.stream(iterator.arn), stream.shardId == iterator.shardId else {
                throw DynamoError(.resourceNotFound, Messages.streamNotFound(iterator.arn))
            }
            if let retained = try tx.retainedRange(stream.arn), iterator.position < retained.first,
               iterator.position < stream.startSequence || retained.first > stream.startSequence {
                throw DynamoError(.trimmedDataAccess, Messages.trimmedData)
            }
            return (stream, try tx.streamRecords(stream.arn, from: iterator.position, limit: limit),
                    try Streams.lastSequence(stream, tx))
        }
        var members: [(String, JSON)] = [("Records", .array(records.map { render($0, stream) }))]
        let next = (records.last?.sequence).map { $0 + 1 } ?? iterator.position
        let exhausted = stream.closed != nil && next > (last ?? stream.startSequence - 1)
        if !exhausted {
            let nextIterator = ShardIterator(arn: stream.arn, shardId: stream.shardId, position: next, issued: context.now)
            members.append(("NextShardIterator", .string(nextIterator.text)))
        }
        return .object(members)
    }

    static func render(_ record: StreamRecord, _ stream: StreamInfo) -> JSON {
        var dynamodb: [(String, JSON)] = [
            // Whole seconds, as the API reference describes (DynamoDB Local rounds to the minute).
            ("ApproximateCreationDateTime", TableDescription.number(record.created.rounded(.down))),
            ("Keys", AttributeValue.json(record.keys)),
        ]
        if let image = record.newImage { dynamodb.append(("NewImage", AttributeValue.json(image))) }
        if let image = record.oldImage { dynamodb.append(("OldImage", AttributeValue.json(image))) }
        dynamodb += [
            ("SequenceNumber", .string(Streams.sequenceNumber(record.sequence))),
            ("SizeBytes", .number(String(record.size))),
            ("StreamViewType", .string(stream.viewType)),
        ]
        var members: [(String, JSON)] = [
            ("eventID", .string(record.eventID)),
            ("eventName", .string(record.eventName)),
            ("eventVersion", .string("1.1")),
            ("eventSource", .string("aws:dynamodb")),
            ("awsRegion", .string("ddblocal")),
            ("dynamodb", .object(dynamodb)),
        ]
        if record.byService {
            // The Streams API's member names (botocore's Identity shape); Lambda events spell them in lower case.
            members.append(("userIdentity", .object([("PrincipalId", .string("dynamodb.amazonaws.com")), ("Type", .string("Service"))])))
        }
        return .object(members)
    }
}
