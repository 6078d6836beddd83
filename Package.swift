// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: wire (DynamoHTTP) -> engine -> expressions and storage -> model.
// Why each dependency is here: docs/ARCHITECTURE.md, "Dependencies".
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // Run-time exclusivity checks cost ~4% of a request's instructions (swift_beginAccess, callgrind).
    // Release builds go without them; debug, sanitizer and test builds keep them.
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "DynamoLocal",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "DynamoLocal", targets: ["DynamoLocal"]),
        .executable(name: "dynamodb-local", targets: ["dynamodb-local"]),
        .executable(name: "dynamo-bench", targets: ["dynamo-bench"]),
        // The parsers of client input, for the libFuzzer harnesses in Fuzz/ (a separate package).
        .library(name: "DynamoParsers", targets: ["DynamoModel", "DynamoExpressions", "DynamoPartiQL", "AWSSigV4"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Only the GRDBSQLite product (a module map over the system's libsqlite3) is used.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        .target(name: "DynamoModel", swiftSettings: strict),
        .target(name: "DynamoExpressions", dependencies: ["DynamoModel"], swiftSettings: strict),
        // sqlite3_config calls, which are variadic and so not callable from Swift.
        .target(name: "CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(name: "CMallocConfig"),
        .target(
            name: "DynamoStorage",
            dependencies: ["DynamoModel", "CSQLiteConfig", .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(name: "DynamoPartiQL", dependencies: ["DynamoModel", "DynamoExpressions"], swiftSettings: strict),
        .target(
            name: "DynamoEngine",
            dependencies: ["DynamoModel", "DynamoExpressions", "DynamoStorage", "DynamoPartiQL"],
            swiftSettings: strict),
        .target(name: "AWSSigV4", dependencies: ["DynamoModel"], swiftSettings: strict),
        // CRC-32 with carry-less multiplication (x86-64 intrinsics; Swift has no SIMD CLMUL).
        .target(name: "CCRC32"),
        .target(
            name: "DynamoHTTP",
            dependencies: [
                "DynamoEngine", "AWSSigV4", "CCRC32",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(name: "DynamoLocal", dependencies: ["DynamoHTTP", "DynamoEngine", "DynamoExpressions", "DynamoStorage", "CMallocConfig"],
                swiftSettings: strict),
        .executableTarget(
            name: "dynamodb-local",
            dependencies: ["DynamoLocal"],
            swiftSettings: strict),
        // The HTTP load generator behind docs/BENCHMARKS.md; black-box, it never imports the server.
        .executableTarget(
            name: "dynamo-bench",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // What several test targets share (a seeded generator); built only for the tests.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "DynamoModelTests", dependencies: ["DynamoModel", "TestSupport"]),
        .testTarget(name: "DynamoExpressionsTests", dependencies: ["DynamoExpressions", "TestSupport"]),
        .testTarget(name: "DynamoPartiQLTests", dependencies: ["DynamoPartiQL"]),
        .testTarget(name: "DynamoStorageTests", dependencies: ["DynamoStorage", "CSQLiteConfig", "TestSupport"]),
        .testTarget(name: "DynamoEngineTests", dependencies: ["DynamoEngine", "TestSupport"]),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4", "TestSupport"]),
        .testTarget(name: "DynamoHTTPTests", dependencies: ["DynamoHTTP", "DynamoLocal", "TestSupport"]),
        .testTarget(name: "DynamoBenchTests", dependencies: ["dynamo-bench"]),
    ]
)
