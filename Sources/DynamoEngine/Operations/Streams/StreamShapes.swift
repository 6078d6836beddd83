import DynamoModel
import DynamoStorage
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// Shared pieces of the Streams API (DynamoDBStreams_20120810.*), served on the same port.
/// Formats checked against DynamoDB Local 1.13.5: 21-digit sequence numbers, shard ids
/// "shardId-<20-digit creation millis>-<8 hex>", iterators "<version>|<stream ARN>|<base64>".
enum Streams {
    /// Operation names in the engine's registry carry this prefix; the wire layer maps
    /// `DynamoDBStreams_20120810.<Op>` to them.
    static let prefix = "DynamoDBStreams."
    static let iteratorLifetime: Double = 15 * 60
    static let retention: Double = 24 * 60 * 60

    static func sequenceNumber(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 21 - digits.count)) + digits
    }

    static func parseSequenceNumber(_ text: String) -> Int? {
        guard text.utf8.count >= 21, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text.drop { $0 == "0" }) ?? (text.allSatisfy { $0 == "0" } ? 0 : nil)
    }

    static func stream(_ tx: StorageTransaction, _ arn: String) throws -> StreamInfo {
        guard let stream = try tx.stream(arn) else { throw DynamoError(.resourceNotFound, Messages.streamNotFound(arn)) }
        return stream
    }

    /// The last sequence number the shard can hold: its end when closed, else the newest record.
    static func lastSequence(_ stream: StreamInfo, _ tx: StorageTransaction) throws -> Int? {
        if let end = stream.endSequence { return end }
        return try tx.retainedRange(stream.arn)?.last
    }
}

/// A shard iterator: the stream, the shard, the next sequence number to read and when it was issued.
struct ShardIterator {
    static let version = "001"
    var arn: String
    var shardId: String
    var position: Int
    var issued: Double

    var text: String {
        let payload = "\(shardId)|\(Streams.sequenceNumber(position))|\(Int(issued * 1000))"
        return "\(Self.version)|\(arn)|" + Base64.encode(Array(payload.utf8))
    }

    init(arn: String, shardId: String, position: Int, issued: Double) {
        self.arn = arn
        self.shardId = shardId
        self.position = position
        self.issued = issued
    }

    init(parsing text: String) throws(DynamoError) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.version,
              let payloadBytes = Base64.decode(String(parts[2])),
              let payload = String(bytes: payloadBytes, encoding: .utf8) else {
            throw DynamoError.validation(Messages.invalidShardIterator)
        }
        let fields = payload.split(separator: "|")
        guard fields.count == 3, let position = Streams.parseSequenceNumber(String(fields[1])), let millis = Int(fields[2]) else {
            throw DynamoError.validation(Messages.invalidShardIterator)
        }
        arn = String(parts[1])
        shardId = String(fields[0])
        self.position = position
        issued = Double(millis) / 1000
    }
}
