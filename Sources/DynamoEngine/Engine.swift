import DynamoModel
import DynamoStorage
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

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

    /// What the HTTP layer needs of an operation before it runs (one look-up per request).
    public struct OperationInfo: Sendable {
        /// Where its requests hold AttributeValue maps, for `JSON.parse(_:hint:)`: they are then
        /// decoded as they are parsed. Nil when they hold none.
        public let parseHint: JSONHint?
    }

    /// The operation of DynamoDB_20120810 (or of the Streams API, "DynamoDBStreams.<Op>") named
    /// `name`, or nil when this engine does not serve it.
    public func operation(named name: String) -> OperationInfo? {
        Self.operations[name].map { OperationInfo(parseHint: $0.parseHint) }
    }

    /// Runs one operation. `namespace` is the database name chosen from the credentials. Its
    /// writes are committed before this returns.
    public func handle(operation name: String, body: JSON, namespace: String) -> Result<JSON, DynamoError> {
        let (result, pending) = handle(operation: name, body: body, namespace: namespace, deferringCommit: true)
        guard let pending else { return result }
        if let failure = pending.commit() { return .failure(failure) }
        return result
    }

    /// Runs one operation and leaves its writes in the namespace's open group (group commit,
    /// `Namespace`). When `pending` is set, the result must not reach the client before
    /// `pending.commit()` has returned nil, and the caller must call it.
    public func handle(operation name: String, body: JSON, namespace: String,
                       deferringCommit: Bool) -> (result: Result<JSON, DynamoError>, pending: PendingCommit?) {
        switch prepare(operation: name, body: body, namespace: namespace) {
        case .failure(let error): return (.failure(error), nil)
        case .success(let work): return run(work, deferringCommit: deferringCommit)
        }
    }

    /// An operation whose checks have passed, ready to run: made by `prepare`, run by `run`.
    public struct Work: Sendable {
        let operation: String
        /// The database it runs in: its requests run one at a time (`Namespace`).
        public let namespace: Namespace
        let body: @Sendable (Context) throws -> JSON
    }

    /// The first half of `handle`, which touches no table: the request's shape (JSON types, then
    /// constraints), the database its credentials select, and the operation's own checks that
    /// come before storage (`Operation.prepare`). The server makes it on the event loop, so that
    /// the engine thread only runs what needs the database (docs/ARCHITECTURE.md, "Request path").
    public func prepare(operation name: String, body: JSON, namespace: String) -> Result<Work, DynamoError> {
        guard let operation = Self.operations[name] else {
            return .failure(DynamoError(.unknownOperation, nil))
        }
        do {
            try ShapeChecker.checkTypes(body, operation.fields)
            try ShapeChecker.checkConstraints(body, operation.fields)
            let opened = try storage.namespace(namespace)
            return .success(Work(operation: name, namespace: opened, body: try operation.prepare(Request(body))))
        } catch {
            return .failure(Self.failure(name, error))
        }
    }

    /// The second half of `handle`: the operation's storage work.
    public func run(_ work: Work, deferringCommit: Bool) -> (result: Result<JSON, DynamoError>, pending: PendingCommit?) {
        let result: Result<JSON, DynamoError>
        do {
            result = .success(try work.body(Context(engine: self, namespace: work.namespace)))
        } catch {
            result = .failure(Self.failure(work.operation, error))
        }
        // Whatever the operation read or wrote may be in the open group (an error may rest on it too).
        guard let group = work.namespace.openGroup else { return (result, nil) }
        let pending = PendingCommit(operation: work.operation, namespace: work.namespace, group: group)
        guard deferringCommit else {
            if let failure = pending.commit() { return (.failure(failure), nil) }
            return (result, nil)
        }
        return (result, pending)
    }

    /// The answer to an error thrown by an operation.
    static func failure(_ operation: String, _ error: any Error) -> DynamoError {
        switch error {
        case let error as DynamoError:
            return error
        case let error as StorageEngine.TooManyNamespaces:
            // The service's answer to credentials it does not know; the operator learns why, once.
            if error.first {
                StandardError.write("Refusing requests for new access keys or regions: \(error) (answered UnrecognizedClientException)\n")
            }
            return DynamoError(.unrecognizedClient, Messages.unrecognizedClient)
        default:
            return internalError(operation, error)
        }
    }

    /// The client gets the service's opaque 500; the operator gets the cause on stderr.
    static func internalError(_ operation: String, _ error: any Error) -> DynamoError {
        StandardError.write("\(operation) failed: \(error)\n")
        return DynamoError(.internalServerError, Messages.internalError)
    }

    struct OperationEntry: Sendable {
        let fields: [Field]
        let parseHint: JSONHint?
        let prepare: @Sendable (Request) throws -> @Sendable (Context) throws -> JSON
    }

    static let operations: [String: OperationEntry] = {
        var table: [String: OperationEntry] = [:]
        func register<Op: Operation>(_ op: Op.Type) {
            table[Op.name] = OperationEntry(fields: Op.fields, parseHint: Field.parseHint(Op.fields), prepare: { try Op.prepare($0) })
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

/// One DynamoDB operation: its request shape and its behaviour, in two parts.
protocol Operation {
    static var name: String { get }
    /// The request's members with their constraints, in the order the service checks them.
    static var fields: [Field] { get }
    /// The checks and work that need no table, made before the request waits for its namespace
    /// (on the event loop, `Engine.prepare`); it returns the rest, which `Engine.run` runs (on
    /// the engine thread). Its errors come first, as they did when both parts were one.
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON
}

/// An operation that does all its work in the second part: its checks too wait for the
/// namespace. Fine for everything but the hot item and read operations.
protocol WholeOperation: Operation {
    static func run(_ request: Request, _ context: Context) throws -> JSON
}

extension WholeOperation {
    static func prepare(_ request: Request) throws -> @Sendable (Context) throws -> JSON {
        { context in try run(request, context) }
    }
}

/// The commit an operation's answer waits for (group commit: `Namespace`).
public struct PendingCommit: Sendable {
    let operation: String
    let namespace: Namespace
    let group: UInt64

    /// Commits the group if no one has yet; nil when the operation's writes (and what it read)
    /// are committed, the error to answer with instead when the COMMIT failed.
    public func commit() -> DynamoError? {
        do {
            try namespace.commit(through: group)
            return nil
        } catch {
            return Engine.internalError(operation, error)
        }
    }
}

/// What an operation runs against.
struct Context: Sendable {
    let engine: Engine
    let namespace: Namespace

    var now: Double { Date().timeIntervalSince1970 }

    /// One all-or-nothing write in the namespace's open group; `Engine.handle` commits it, or hands
    /// the commit to its caller. `checksFirst`: the body throws only before it changes anything
    /// (`Namespace.write`), so it runs without a savepoint of its own.
    func write<T>(checksFirst: Bool = false, _ body: (StorageTransaction) throws -> T) throws -> T {
        try namespace.write(deferringCommit: true, checksFirst: checksFirst, body)
    }
}

/// A request body whose member types were already checked, with typed accessors.
struct Request: Sendable {
    let json: JSON

    init(_ json: JSON) { self.json = json }

    subscript(_ name: String) -> JSON? {
        guard let value = json[name], !value.isNull else { return nil }
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
