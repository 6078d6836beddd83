import DynamoStorage
/// Everything DynamoLocal needs to start, as DynamoDB Local's command line describes it.
public struct Configuration: Sendable, Equatable {
    public var port: Int = 8000
    /// -bindAddress (DynamoLocal's own flag): the address to listen on; all interfaces by default,
    /// as DynamoDB Local does.
    public var host: String = "0.0.0.0"
    public var inMemory = false
    /// -dbPath; nil means the current directory (DynamoDB Local prints "null" then).
    public var dbPath: String?
    public var sharedDb = false
    /// -cors: "*" by default.
    public var cors: String = "*"
    public var delayTransientStatuses = false
    public var optimizeDbBeforeStartup = false
    /// Accepted for compatibility; DynamoLocal never sends telemetry.
    public var disableTelemetry = false
    /// -ttlSweepInterval (DynamoLocal's own flag): seconds between Time to Live sweeps; 0 turns expiry off.
    public var ttlSweepInterval: Double = 5
    /// -syncEveryCommit (DynamoLocal's own flag): fsync every commit (SQLite synchronous=FULL), so
    /// acknowledged writes survive power loss too; by default they survive a crash of the process.
    public var syncEveryCommit = false
    /// -verifySignatures (DynamoLocal's own flag): access key id → secret access key, read from the
    /// credentials file; requests must then carry a valid SigV4 signature. nil accepts any, as
    /// DynamoDB Local does.
    public var verifySignatures: [String: String]?

    /// -requestTimeout, -idleTimeout (DynamoLocal's own flags): seconds from a request's first byte
    /// to its last, and with no request in progress, before the connection is closed; 0: no limit.
    public var requestTimeout: Double = 60
    public var idleTimeout: Double = 200
    /// -maxConnections (DynamoLocal's own flag): open connections at most; nil derives it from the
    /// open-file limit at start (`ConnectionLimits.defaultMaxConnections`).
    public var maxConnections: Int?
    /// -maxNamespaces (DynamoLocal's own flag): databases open at most, one per access key and
    /// region (`StorageEngine.maxNamespaces`).
    public var maxNamespaces = StorageEngine.defaultMaxNamespaces
    /// -eventLoops (DynamoLocal's own flag): the threads that serve connections, each with an
    /// engine thread. One by default: a namespace's requests run one at a time on one engine
    /// thread, and two loops serving one namespace measured about the same as one
    /// (docs/ARCHITECTURE.md, "Request path").
    public var eventLoops = 1

    public init() {}

    /// DynamoDB Local's start-up banner; test harnesses wait for its first line.
    public var banner: String {
        """
        Initializing DynamoDB Local with the following configuration:
        Port:\t\(port)
        InMemory:\t\(inMemory)
        DbPath:\t\(dbPath ?? "null")
        SharedDb:\t\(sharedDb)
        shouldDelayTransientStatuses:\t\(delayTransientStatuses)
        CorsParams:\t\(cors)

        """
    }
}
