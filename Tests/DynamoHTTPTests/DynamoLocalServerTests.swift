import XCTest
@testable import DynamoLocal

final class DynamoLocalServerTests: XCTestCase {
    /// The trim threshold reaches glibc (a first version tested `__GLIBC__` before any libc header
    /// had defined it, and never called mallopt; ARCHITECTURE.md, "Request path").
    func testTheMallocSettingReachesGlibc() {
        #if canImport(Glibc)
        XCTAssertEqual(DynamoLocalServer.configureMalloc(), 1)
        #else
        XCTAssertEqual(DynamoLocalServer.configureMalloc(), -1)
        #endif
    }
}
