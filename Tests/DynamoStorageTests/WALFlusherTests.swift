import Foundation
import XCTest
@testable import DynamoModel
@testable import DynamoStorage
import TestSupport

/// The background fdatasync of WAL files (`WALFlusher`).
final class WALFlusherTests: TemporaryDirectoryTestCase {
    let table = TableDefinition.stringHashKey("flusher")

    /// Waits (at most five seconds) until `flusher` has flushed `count` files.
    func waitForFlushes(_ flusher: WALFlusher, _ count: Int) {
        let deadline = Date().addingTimeInterval(5)
        while flusher.flushCount < count && Date() < deadline { usleep(1_000) }
    }

    func testACommitOnDiskIsFlushedSoonAfter() throws {
        let engine = StorageEngine(location: .directory(directory))
        defer { engine.close() }
        let flusher = try XCTUnwrap(engine.flusher, "on disk with the default durability")
        let namespace = try engine.namespace("f")
        let before = flusher.flushCount  // 0: the migrations commit by themselves, unannounced
        try namespace.write { tx in try tx.createTable(table) }
        waitForFlushes(flusher, before + 1)
        XCTAssertEqual(flusher.flushCount, before + 1, "the COMMIT's WAL was fdatasynced")
        usleep(50_000)
        XCTAssertEqual(flusher.flushCount, before + 1, "nothing more without another commit")
    }

    func testCommitsWithinOneIntervalShareOneFlush() throws {
        let flusher = WALFlusher(interval: .milliseconds(200))
        defer { flusher.stop() }
        let path = directory + "/shared.db-wal"
        FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3]))
        for _ in 0..<50 { flusher.committed(path) }
        waitForFlushes(flusher, 1)
        usleep(300_000)
        XCTAssertEqual(flusher.flushCount, 1)
    }

    func testStopFlushesWhatIsPendingAndAMissingFileIsSkipped() throws {
        let flusher = WALFlusher(interval: .seconds(60))
        let path = directory + "/pending.db-wal"
        FileManager.default.createFile(atPath: path, contents: Data([1]))
        flusher.committed(path)
        flusher.committed(directory + "/gone.db-wal")
        flusher.stop()  // does not wait out the minute
        XCTAssertEqual(flusher.flushCount, 1, "the existing file was flushed, the missing one skipped")
        flusher.committed(path)  // after stop: noted, never flushed, no crash
        XCTAssertEqual(flusher.flushCount, 1)
    }

    func testNoFlusherInMemoryOrWhenEveryCommitIsSynced() {
        XCTAssertNil(StorageEngine(location: .memory).flusher)
        XCTAssertNil(StorageEngine(location: .directory(directory), durability: .powerLoss).flusher)
    }
}
