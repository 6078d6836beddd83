import Foundation
import XCTest

/// A test case with a fresh directory for database files, removed after each test.
open class TemporaryDirectoryTestCase: XCTestCase {
    public var directory: String!

    override open func setUp() {
        super.setUp()
        directory = NSTemporaryDirectory() + "dynamolocal-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override open func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
        super.tearDown()
    }
}
