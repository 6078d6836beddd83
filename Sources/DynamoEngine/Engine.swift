import DynamoModel
import DynamoStorage
import Foundation

/// Runs DynamoDB operations on a storage engine. Knows nothing of HTTP: it takes an operation
/// name, a parsed JSON body and the database (namespace) the caller's credentials select, and
/// returns a JSON body or a `DynamoError`.
public final class Engine: Sendable {
    public struct Options: Sendable {
        /// -delayTransientStatuses: hold CREATING/DELETING/UPDATING long enough for a waiter to see them.
        public var delayTransientStatuses: Bool
        /// How long a transient status lasts when delayed.
        public var transientDelay: Double
        /// The port clients reach this server on, for DescribeEndpoints (nil when not known).
        public var port: Int?

        public init(delayTransientStatuses: Bool = false, transientDelay: Double = 0.5, port: Int? = nil) {
            self.delayTransientStatuses = delayTransientStatuses
            self.transientDelay = transientDelay
            self.port = port
        }
    }

    public let storage: StorageEngine
    public let options: Options
    /// TransactWriteItems' ClientRequestTokens of the last ten minutes.
    let transactionTokens = TransactionTokens()

    let transientStatuses = TransientStatuses()

    public init(storage: StorageEngine, options: Options = Options()) {
        self.storage = storage
        self.options = options
    }

    /// Whether `name` is an operation of DynamoDB_20120810 that this engine serves.
    public func supports(_ name: String) -> Bool { Self.operations[name] != nil }

    /// Runs one operation. `namespace` is the database name chosen from the credentials.
    public func handle(operation name: String, body: JSON, namespace: String) -> Result<JSON, DynamoError> {
        guard let operation = Self.operations[name] else {
            return .failure(DynamoError(.unknownOperation, nil))
        }
        do {
            try ShapeChecker.checkTypes(body, operation.fields)
            try ShapeChecker.checkConstraints(body, operation.fields)
            let context = Context(engine: self, namespace: try storage.namespace(namespace))
            return .success(try operation.run(Request(body), context))
        } catch let error as DynamoError {
            return .failure(error)
        } catch {
            // The client gets the service's opaque 500; the operator gets the cause on stderr.
            FileHandle.standardError.write(Data("\(name) failed: \(error)\n".utf8))
            return .failure(DynamoError(.internalServerError, Messages.internalError))
        }
    }

    struct OperationEntry: Sendable {
        let fields: [Field]
        let run: @Sendable (Request, Context) throws -> JSON
    }

    static let operations: [String: OperationEntry] = {
        var table: [String: OperationEntry] = [:]
        func register<Op: Operation>(_ op: Op.Type) {
            table[Op.name] = OperationEntry(fields: Op.fields, run: { try Op.run($0, $1) })
        }
        register(CreateTable.self)
        register(DeleteTable.self)
        register(DescribeTable.self)
        register(ListTables.self)
        register(PutItem.self)
        register(GetItem.self)
        register(DeleteItem.self)
        register(UpdateItem.self)
        register(Query.self)
        register(Scan.self)
        register(BatchWriteItem.self)
        register(BatchGetItem.self)
        register(TransactWriteItems.self)
        register(TransactGetItems.self)
        register(ExecuteStatement.self)
        register(BatchExecuteStatement.self)
        register(ExecuteTransaction.self)
        register(UpdateTable.self)
        register(TagResource.self)
        register(UntagResource.self)
        register(ListTagsOfResource.self)
        register(DescribeTimeToLive.self)
        register(UpdateTimeToLive.self)
        register(DescribeLimits.self)
        register(DescribeEndpoints.self)
        register(DescribeContinuousBackups.self)
        register(UpdateContinuousBackups.self)
        register(ListStreams.self)
        register(DescribeStream.self)
        register(GetShardIterator.self)
        register(GetRecords.self)
        return table
    }()
}

/// One DynamoDB operation: its request shape and its behaviour.
protocol Operation {
    static var name: String { get }
    /// The request's members with their constraints, in the order the service checks them.
    static var fields: [Field] { get }
    static func run(_ request: Request, _ context: Context) throws -> JSON
}

/// What an operation runs against.
struct Context {
    let engine: Engine
    let namespace: Namespace

    var now: Double { Date().timeIntervalSince1970 }
}

/// A request body whose member types were already checked, with typed accessors.
struct Request {
    let json: JSON

    init(_ json: JSON) { self.json = json }

    subscript(_ name: String) -> JSON? {
        guard let value = json[name], value != .null else { return nil }
        return value
    }

    func string(_ name: String) -> String? {
        if case .string(let s)? = self[name] { return s }
        return nil
    }

    func bool(_ name: String) -> Bool? {
        if case .bool(let b)? = self[name] { return b }
        return nil
    }

    func int(_ name: String) -> Int? {
        guard case .number(let text)? = self[name] else { return nil }
        if let value = Int(text) { return value }
        // Past Int's range (e.g. "1e40", found by Conformance/test_network_fuzz.py) the value
        // saturates rather than trapping: a Limit that large means no limit.
        guard let value = Double(text)?.rounded(.down), !value.isNaN else { return nil }
        if value >= Double(Int.max) { return Int.max }
        if value <= Double(Int.min) { return Int.min }
        return Int(value)
    }

    func item(_ name: String) throws(DynamoError) -> Item? {
        guard let json = self[name] else { return nil }
        return try AttributeValue.decodeItem(json)
    }
}
