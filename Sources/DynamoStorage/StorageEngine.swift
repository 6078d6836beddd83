import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// Opens and caches namespaces. Each namespace is one SQLite database: a file
/// `<AccessKeyId>_<Region>.db` (or `shared-local-instance.db`) in the data directory, as
/// DynamoDB Local names them, or a private in-memory database.
public final class StorageEngine: @unchecked Sendable {
    // @unchecked: `namespaces` and `refusedNamespaces` are only touched while `lock` is held.
    public enum Location: Sendable, Equatable {
        case memory
        case directory(String)
    }

    /// How much of a commit is on disk when COMMIT returns (SQLite's `synchronous`, in WAL mode).
    public enum Durability: Sendable, Equatable {
        /// synchronous=NORMAL: the commit is in the WAL file (written, not fsynced), so it
        /// survives a crash of the process but not necessarily of the machine.
        case processCrash
        /// synchronous=FULL: the WAL is fsynced at every commit, so a commit survives power loss.
        case powerLoss

        var synchronousPragma: String {
            switch self {
            case .processCrash: "NORMAL"
            case .powerLoss: "FULL"
            }
        }
    }

    public let location: Location
    public let durability: Durability
    private let lock = Lock()
    private var namespaces: [String: Namespace] = [:]
    /// Background fdatasync of the WAL files (on disk with `.processCrash` only: with
    /// `.powerLoss` every COMMIT fsyncs already).
    let flusher: WALFlusher?

    /// Databases open at most. A client can invent access keys and regions without end, and each
    /// pair is a database: about 150 KB when empty and in memory (1,000 ListTables with new keys:
    /// RSS 16.4 -> 165.7 MB), three descriptors on disk.
    public static let defaultMaxNamespaces = 1_000
    public let maxNamespaces: Int

    /// A namespace beyond `maxNamespaces` was asked for. `first`: the first such refusal of this
    /// engine, which the operator should hear of (every one would flood the log).
    public struct TooManyNamespaces: Error, CustomStringConvertible {
        public let limit: Int
        public let first: Bool
        public var description: String { "more than \(limit) databases (access key and region pairs); see -maxNamespaces" }
    }
    private var refusedNamespaces = false

    public init(location: Location, durability: Durability = .processCrash, maxNamespaces: Int = defaultMaxNamespaces) {
        self.location = location
        self.durability = durability
        self.maxNamespaces = maxNamespaces
        flusher = location != .memory && durability == .processCrash ? WALFlusher() : nil
    }

    /// The namespace for a database name such as `AKID_us-east-1` or `shared-local-instance`.
    public func namespace(_ name: String) throws -> Namespace {
        lock.lock()
        defer { lock.unlock() }
        if let existing = namespaces[name] { return existing }
        guard namespaces.count < maxNamespaces else {
            defer { refusedNamespaces = true }
            throw TooManyNamespaces(limit: maxNamespaces, first: !refusedNamespaces)
        }
        let path: String
        switch location {
        case .memory: path = Self.memoryPath()
        case .directory(let directory): path = Self.path(directory, name + ".db")
        }
        let namespace = try Namespace(name: name, path: path, durability: durability, flusher: flusher)
        namespaces[name] = namespace
        return namespace
    }

    /// The namespaces opened so far (background work such as Time to Live visits these).
    public func openNamespaces() -> [Namespace] {
        lock.lock()
        defer { lock.unlock() }
        return Array(namespaces.values)
    }

    /// Opens every database file already in the directory, so that background work reaches
    /// databases no client has touched since the start.
    public func openExisting() throws {
        guard case .directory(let directory) = location else { return }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        // Up to the cap, in name order; the rest open when (and if) a request names them and there is room.
        for file in files.sorted() where file.hasSuffix(".db") {
            do { _ = try namespace(String(file.dropLast(3))) } catch is TooManyNamespaces { break }
        }
    }

    /// Runs VACUUM and ANALYZE on every database file in the directory (-optimizeDbBeforeStartup).
    public func optimizeAll() throws {
        guard case .directory(let directory) = location else { return }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for file in files where file.hasSuffix(".db") {
            let connection = try SQLiteConnection(path: Self.path(directory, file))
            try connection.execute("VACUUM; ANALYZE")
            connection.close()
        }
    }

    /// A new in-memory database, private to the connection that opens it.
    ///
    /// SQLite's memdb VFS rather than ":memory:": a ":memory:" database lives wholly in the page
    /// cache, and SQLite walks that cache at every commit, so writes slowed down as the data grew
    /// (PutItem 105 -> 143 us after 390,000 items; with memdb 129 -> 124 us; docs/BENCHMARKS.md).
    /// That walk was SQLite's page-cache truncation, which PageCache.c now skips; ":memory:" tried
    /// again with it was no faster for BatchWriteItem on a grown table (docs/ARCHITECTURE.md).
    /// The name is a fresh UUID, never the client's access key, and it does not begin with "/":
    /// memdb shares such a database among connections and then takes a mutex around every read
    /// and write of a page (about 35 per BatchWriteItem of 25 items, callgrind).
    static func memoryPath() -> String { "file:dynamolocal-\(UUID().uuidString)?vfs=memdb" }

    /// `file` in `directory` (NSString's appendingPathComponent, without Foundation).
    static func path(_ directory: String, _ file: String) -> String {
        directory.isEmpty ? file : directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        namespaces.values.forEach { $0.close() }
        namespaces.removeAll()
        flusher?.stop()
    }
}
