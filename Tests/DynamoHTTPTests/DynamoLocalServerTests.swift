import XCTest
@testable import DynamoLocal

final class DynamoLocalServerTests: XCTestCase {
    /// The trim threshold is handed to mallopt (a first version tested `__GLIBC__` before any libc
    /// header had defined it, and never called mallopt; ARCHITECTURE.md, "Request path"). glibc
    /// answers 1; the address sanitizer's allocator, which replaces glibc's, answers 0.
    func testTheMallocSettingReachesMallopt() {
        #if canImport(Glibc)
        XCTAssertNotEqual(DynamoLocalServer.configureMalloc(), -1)
        #else
        XCTAssertEqual(DynamoLocalServer.configureMalloc(), -1)
        #endif
    }
}
