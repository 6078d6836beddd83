import CSQLiteConfig
import Foundation
import XCTest
@testable import DynamoModel
@testable import DynamoStorage
import TestSupport

/// The page-cache wrapper (Sources/CSQLiteConfig/PageCache.c): a truncation is skipped only when no
/// page in the cache is at or above its limit, and B-tree splits no longer make every transaction's
/// end walk the whole cache.
final class PageCacheTests: TemporaryDirectoryTestCase {
    /// SQLite initialised (the first connection installs the wrapper), then the wrapper's methods.
    func methods() throws -> sqlite3_pcache_methods2 {
        let engine = StorageEngine(location: .memory)
        defer { engine.close() }
        _ = try engine.namespace("init")
        return try XCTUnwrap(dynamolocal_sqlite3_wrapped_page_cache()).pointee
    }

    func counts() -> (skipped: Int64, passed: Int64) {
        var skipped: sqlite3_int64 = 0, passed: sqlite3_int64 = 0
        dynamolocal_sqlite3_page_cache_counts(&skipped, &passed)
        return (skipped, passed)
    }

    /// A cache of 4 KB pages holding `keys`, each page unpinned as the pager leaves it.
    func cache(_ m: sqlite3_pcache_methods2, holding keys: [UInt32]) throws -> OpaquePointer {
        let cache = try XCTUnwrap(m.xCreate(4096, 64, 1))
        m.xCachesize(cache, 1000)
        for key in keys { m.xUnpin(cache, try XCTUnwrap(m.xFetch(cache, key, 2)), 0) }
        return cache
    }

    /// Moves the page at `from` to `to`, as balance_nonroot does.
    func rekey(_ m: sqlite3_pcache_methods2, _ cache: OpaquePointer, _ from: UInt32, _ to: UInt32) throws {
        let page = try XCTUnwrap(m.xFetch(cache, from, 0))
        m.xRekey(cache, page, from, to)
        m.xUnpin(cache, page, 0)
    }

    func present(_ m: sqlite3_pcache_methods2, _ cache: OpaquePointer, _ key: UInt32) -> Bool {
        guard let page = m.xFetch(cache, key, 0) else { return false }
        m.xUnpin(cache, page, 0)
        return true
    }

    /// 0x40000000 / 4096 + 1: the locking page, balance_nonroot's temporary page number.
    let temporary: UInt32 = 262_145

    func testATruncationWithNothingToDropIsSkipped() throws {
        let m = try methods()
        let cache = try cache(m, holding: Array(1...10))
        defer { m.xDestroy(cache) }
        let before = counts()
        m.xTruncate(cache, 11)
        XCTAssertEqual(counts().skipped - before.skipped, 1)
        XCTAssertEqual(m.xPagecount(cache), 10)
    }

    func testAPageAtOrAboveTheLimitIsDropped() throws {
        let m = try methods()
        let cache = try cache(m, holding: Array(1...10) + [20])
        defer { m.xDestroy(cache) }
        let before = counts()
        m.xTruncate(cache, 15)
        XCTAssertEqual(counts().passed - before.passed, 1)
        XCTAssertFalse(present(m, cache, 20))
        XCTAssertEqual(m.xPagecount(cache), 10)
        // The bound came down to the limit: the same truncation again has nothing to drop.
        m.xTruncate(cache, 15)
        XCTAssertEqual(counts().skipped - before.skipped, 1)
    }

    func testAPageHeldAtTheTemporaryNumberIsDropped() throws {
        let m = try methods()
        let cache = try cache(m, holding: Array(1...10))
        defer { m.xDestroy(cache) }
        try rekey(m, cache, 5, temporary)
        let before = counts()
        m.xTruncate(cache, 11)
        XCTAssertEqual(counts().passed - before.passed, 1)
        XCTAssertFalse(present(m, cache, temporary))
        XCTAssertEqual(m.xPagecount(cache), 9)
    }

    func testASwapThroughTheTemporaryNumberLeavesNothingToDrop() throws {
        let m = try methods()
        let cache = try cache(m, holding: Array(1...10))
        defer { m.xDestroy(cache) }
        // balance_nonroot's swap of pages 3 and 7.
        try rekey(m, cache, 3, temporary)
        try rekey(m, cache, 7, 3)
        try rekey(m, cache, temporary, 7)
        let before = counts()
        m.xTruncate(cache, 11)
        XCTAssertEqual(counts().skipped - before.skipped, 1)
        XCTAssertEqual(m.xPagecount(cache), 10)
        XCTAssertTrue(present(m, cache, 3) && present(m, cache, 7))
        // A truncation below the pages still drops them.
        m.xTruncate(cache, 6)
        XCTAssertEqual(m.xPagecount(cache), 5)
        XCTAssertFalse(present(m, cache, 7))
    }

    /// Through SQLite: random inserts split leaves, and the commits after them skip the walk.
    func testCommitsAfterSplitsSkipTheWalk() throws {
        let engine = StorageEngine(location: .directory(directory))
        defer { engine.close() }
        let namespace = try engine.namespace("n")
        let table = TableDefinition.stringHashKey("split")
        try namespace.write { tx in try tx.createTable(table) }
        let before = counts()
        for i in 0..<500 {
            let item: Item = ["pk": .s("k\(i)"), "data": .s(String(repeating: "x", count: 200))]
            try namespace.write { tx in
                try tx.putItem(table, StorageKey(partition: .s("k\(i)"), sort: nil), item, size: itemSize(item))
            }
        }
        // One truncation per transaction's end; with the walk, none would be skipped.
        XCTAssertGreaterThanOrEqual(counts().skipped - before.skipped, 500)
        XCTAssertEqual(try namespace.firstValue("PRAGMA integrity_check"), "ok")
    }
}
