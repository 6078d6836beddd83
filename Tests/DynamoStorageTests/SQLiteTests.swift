import GRDBSQLite
import XCTest
@testable import DynamoStorage

/// The process-wide SQLite settings made before the first connection (`SQLiteConnection.configured`).
final class SQLiteTests: XCTestCase {
    func testMemoryStatisticsAreOff() throws {
        let connection = try SQLiteConnection(path: "file:sqlite-tests?vfs=memdb")
        defer { connection.close() }
        try connection.execute("CREATE TABLE t (x BLOB); INSERT INTO t VALUES (zeroblob(100000))")
        // With statistics on, SQLite counts every allocation (and takes a mutex to do so).
        XCTAssertEqual(sqlite3_memory_used(), 0)
        XCTAssertEqual(sqlite3_memory_highwater(0), 0)
    }

    func testInMemoryDatabasesArePrivateMemdbFiles() throws {
        // memdb shares a database among the connections that open the same name when it begins
        // with "/", and then locks every page access; a namespace's database must not be shared.
        let path = StorageEngine.memoryPath()
        let first = try SQLiteConnection(path: path)
        let second = try SQLiteConnection(path: path)
        defer { first.close(); second.close() }
        try first.execute("CREATE TABLE only_in_first (x)")
        try second.execute("CREATE TABLE only_in_first (x)")  // would fail if the file were shared
        XCTAssertNotEqual(StorageEngine.memoryPath(), path, "a fresh name each time")
    }
}
