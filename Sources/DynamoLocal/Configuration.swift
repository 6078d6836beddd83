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
