import Foundation
import XCTest
@testable import DynamoModel
@testable import DynamoStorage
import TestSupport

/// The WAL write buffer (Sources/CSQLiteConfig/WALWriteBuffer.c): a transaction's frames reach the
/// WAL file in one pwrite, and every committed transaction is in the file when COMMIT returns,
/// which is what makes an acknowledged write survive `kill -9`.
final class WALWriteBufferTests: TemporaryDirectoryTestCase {
    let table = TableDefinition.stringHashKey("buffered")

    func put(_ namespace: Namespace, _ pk: String, bytes: Int = 100, deferring: Bool = false) throws {
        let item: Item = ["pk": .s(pk), "data": .s(String(repeating: "x", count: bytes))]
        try namespace.write(deferringCommit: deferring) { tx in
            try tx.putItem(table, StorageKey(partition: .s(pk), sort: nil), item, size: itemSize(item))
        }
    }

    /// The database as a crash would leave it: its files copied as they are now (the process's
    /// own buffers are lost), opened by a new engine; the keys it holds.
    func keysAfterACrash(of name: String) throws -> Set<String> {
        let original: String = directory + "/" + name + ".db"
        let copy: String = directory + "/crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: original + suffix) {
            try FileManager.default.copyItem(atPath: original + suffix, toPath: copy + "/" + name + ".db" + suffix)
        }
        let engine = StorageEngine(location: .directory(copy))
        defer { engine.close() }
        return try engine.namespace(name).read { tx in
            var keys: Set<String> = []
            try tx.scan(table, exclusiveStart: nil) { stored in
                if case .s(let pk)? = stored.item["pk"] { keys.insert(pk) }
                return true
            }
            return keys
        }
    }

    /// A namespace holding the test's table, on disk unless `location` says otherwise; closed after `body`.
    func withNamespace(_ name: String = "n", location: StorageEngine.Location? = nil,
                       durability: StorageEngine.Durability = .processCrash, _ body: (Namespace) throws -> Void) throws {
        let engine = StorageEngine(location: location ?? .directory(directory), durability: durability)
        defer { engine.close() }
        let namespace = try engine.namespace(name)
        try namespace.write { tx in try tx.createTable(table) }
        try body(namespace)
    }

    func testAGroupOfWritesReachesTheWALInOnePwrite() throws {
        try withNamespace { namespace in
            let before = try XCTUnwrap(namespace.walWrites)
            for i in 0..<20 { try put(namespace, "k\(i)", deferring: true) }
            try namespace.commit(through: XCTUnwrap(namespace.openGroup))
            let after = try XCTUnwrap(namespace.walWrites)
            // 20 items of 100 bytes: a few pages, which unbuffered were two pwrites each.
            XCTAssertEqual(after.writes - before.writes, 1)
            XCTAssertEqual(after.late, 0)
        }
    }

    func testEveryCommitIsInTheFileWhenItReturns() throws {
        try withNamespace { namespace in
            var written: Set<String> = []
            for i in 0..<30 {
                try put(namespace, "k\(i)")
                written.insert("k\(i)")
                if i % 10 == 9 { XCTAssertEqual(try keysAfterACrash(of: "n"), written, "after \(i + 1) commits") }
            }
            XCTAssertEqual(namespace.walWrites?.late, 0)
        }
    }

    func testATransactionLargerThanTheBufferIsWrittenInPiecesAndKept() throws {
        try withNamespace { namespace in
            let before = try XCTUnwrap(namespace.walWrites)
            // 3 MB in one group: past the 1 MB buffer and the unix VFS's 128 KB per write.
            for i in 0..<300 { try put(namespace, "big\(i)", bytes: 10_000, deferring: true) }
            try namespace.commit(through: XCTUnwrap(namespace.openGroup))
            let after = try XCTUnwrap(namespace.walWrites)
            XCTAssertGreaterThanOrEqual(after.writes - before.writes, 24, "3 MB in pieces of at most 124 KB")
            XCTAssertEqual(after.late, 0)
            XCTAssertEqual(try keysAfterACrash(of: "n"), Set((0..<300).map { "big\($0)" }))
        }
    }

    func testCommitsAreKeptAcrossCheckpointsAndWithFsyncOnEveryCommit() throws {
        for durability in [StorageEngine.Durability.processCrash, .powerLoss] {
            let name = "d\(durability == .processCrash ? 1 : 2)"
            try withNamespace(name, durability: durability) { namespace in
                // 42 MB: past wal_autocheckpoint's 40 MB, so the WAL is checkpointed and restarted.
                for i in 0..<1_400 { try put(namespace, "c\(i)", bytes: 30_000) }
                let database = try FileManager.default.attributesOfItem(atPath: directory + "/" + name + ".db")[.size] as? Int ?? 0
                XCTAssertGreaterThan(database, 20_000_000, "a checkpoint has copied the WAL into the database (\(durability))")
                XCTAssertEqual(namespace.walWrites?.late, 0, "\(durability)")
                XCTAssertEqual(try keysAfterACrash(of: name).count, 1_400, "\(durability)")
            }
        }
    }

    func testAnInMemoryDatabaseHasNoWALToBuffer() throws {
        try withNamespace("m", location: .memory) { namespace in
            try put(namespace, "a")
            XCTAssertNil(namespace.walWrites)
        }
    }
}
