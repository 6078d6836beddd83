// swift-tools-version:6.1
import PackageDescription

// libFuzzer harnesses for the parsers of client input: a separate package, so the root package's
// `swift build` never sees them. Build and run them with scripts/fuzz, which builds this package
// with `-sanitize=fuzzer,address`. Under `--sanitize fuzzer` SwiftPM compiles with
// `-parse-as-library` and links libFuzzer's own `main`; each harness only exports
// `LLVMFuzzerTestOneInput` (so a plain `swift build` of this package cannot link, by design).
let harness: [Target.Dependency] = [.product(name: "DynamoParsers", package: "main")]

let package = Package(
    name: "DynamoLocalFuzz",
    dependencies: [.package(name: "main", path: "..")],
    targets: [
        .executableTarget(name: "fuzz-json", dependencies: harness),
        .executableTarget(name: "fuzz-expressions", dependencies: harness),
        .executableTarget(name: "fuzz-authorization", dependencies: harness),
        .executableTarget(name: "fuzz-partiql", dependencies: harness),
    ]
)
