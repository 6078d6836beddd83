import CMallocConfig
import DynamoEngine
import DynamoExpressions
import DynamoHTTP
import DynamoStorage
import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// A running DynamoLocal: storage, engine and HTTP server wired from a `Configuration`.
/// Tests start one in-process on port 0; the executable is a thin layer over this type.
public final class DynamoLocalServer: Sendable {
    public let configuration: Configuration
    let storage: StorageEngine
    let http: HTTPServer

    public var port: Int { http.port }

    /// glibc returns freed memory at the top of a malloc arena to the system once 128 KB or more
    /// are free there. The engine thread allocates from an arena of its own, where that threshold
    /// does not grow as it does in the main one: each batch's freed memory was handed back and
    /// faulted in again, 20 page faults per BatchWriteItem (`perf record -e page-faults`: 90% in
    /// `sysmalloc`). Kept up to 32 MB: 1.3 per request (docs/ARCHITECTURE.md, "Request path").
    static let mallocTrimThreshold = 32 * 1024 * 1024

    /// mallopt's answer: 1 when glibc took the setting (0 from a sanitizer's allocator, which
    /// replaces glibc's), -1 without glibc.
    @discardableResult
    static func configureMalloc() -> Int32 {
        dynamolocal_malloc_trim_threshold(Int32(mallocTrimThreshold))
    }

    public static func start(_ configuration: Configuration) async throws -> DynamoLocalServer {
        configureMalloc()
        let location: StorageEngine.Location
        if configuration.inMemory {
            location = .memory
        } else {
            let directory = configuration.dbPath ?? FileManager.default.currentDirectoryPath
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            location = .directory(directory)
        }
        let storage = StorageEngine(location: location, durability: configuration.syncEveryCommit ? .powerLoss : .processCrash,
                                    maxNamespaces: configuration.maxNamespaces)
        if configuration.optimizeDbBeforeStartup { try storage.optimizeAll() }
        let engine = Engine(storage: storage, options: .init(
            delayTransientStatuses: configuration.delayTransientStatuses, port: configuration.port == 0 ? nil : configuration.port))
        let responder = Responder(engine: engine, options: .init(
            sharedDb: configuration.sharedDb, cors: configuration.cors, verifySignatures: configuration.verifySignatures))
        let openFiles = ConnectionLimits.raiseOpenFileLimit()
        let limits = ConnectionLimits(
            requestTimeout: configuration.requestTimeout, idleTimeout: configuration.idleTimeout,
            maxConnections: configuration.maxConnections ?? ConnectionLimits.defaultMaxConnections(openFileLimit: openFiles))
        let http = try await HTTPServer.start(responder: responder, host: configuration.host, port: configuration.port,
                                              threads: configuration.eventLoops, limits: limits)
        var sweeper: Task<Void, Never>?
        if configuration.ttlSweepInterval > 0 {
            // Databases on disk may hold TTL tables no client has opened since the start.
            try storage.openExisting()
            let interval = configuration.ttlSweepInterval
            sweeper = Task.detached {
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                    if Task.isCancelled { break }
                    do {
                        try engine.sweepExpiredItems()
                    } catch {
                        StandardError.write("Time to Live sweep failed: \(error)\n")
                    }
                }
            }
        }
        return DynamoLocalServer(configuration: configuration, storage: storage, http: http, sweeper: sweeper)
    }

    let sweeper: Task<Void, Never>?

    init(configuration: Configuration, storage: StorageEngine, http: HTTPServer, sweeper: Task<Void, Never>? = nil) {
        self.configuration = configuration
        self.storage = storage
        self.http = http
        self.sweeper = sweeper
    }

    public func waitUntilClosed() async throws { try await http.waitUntilClosed() }

    /// Stops serving and closes every database, which checkpoints its WAL into the database file
    /// and removes the WAL, so the `.db` file alone holds the data (people copy it). The databases
    /// are closed even when the HTTP side fails to stop cleanly: that error used to skip the close.
    public func shutdown() async throws {
        sweeper?.cancel()
        defer {
            storage.close()
            ExpressionParser.clearCaches()
        }
        try await http.shutdown()
    }
}
