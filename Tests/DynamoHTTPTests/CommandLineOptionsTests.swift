import XCTest
@testable import DynamoLocal

final class CommandLineOptionsTests: XCTestCase {
    func parse(_ arguments: [String]) -> Result<CommandLineOptions.Action, CommandLineOptions.Failure> {
        CommandLineOptions.parse(arguments)
    }

    func testDefaultsMatchDynamoDBLocal() throws {
        guard case .run(let configuration) = try parse([]).get() else { return XCTFail() }
        XCTAssertEqual(configuration.port, 8000)
        XCTAssertFalse(configuration.inMemory)
        XCTAssertNil(configuration.dbPath)
        XCTAssertFalse(configuration.sharedDb)
        XCTAssertEqual(configuration.cors, "*")
        XCTAssertEqual(configuration.host, "0.0.0.0")
        XCTAssertFalse(configuration.syncEveryCommit)
    }

    func testEveryFlag() throws {
        let arguments = ["-port", "8001", "-dbPath", "/tmp/x", "-sharedDb", "-cors", "http://a.example,http://b.example",
                         "-delayTransientStatuses", "-optimizeDbBeforeStartup", "-disableTelemetry"]
        guard case .run(let c) = try parse(arguments).get() else { return XCTFail() }
        XCTAssertEqual(c.port, 8001)
        XCTAssertEqual(c.dbPath, "/tmp/x")
        XCTAssertTrue(c.sharedDb && c.delayTransientStatuses && c.optimizeDbBeforeStartup && c.disableTelemetry)
        XCTAssertEqual(c.cors, "http://a.example,http://b.example")
    }

    func testBindAddressTakesNumericAddresses() throws {
        for (text, host) in [("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "0.0.0.0"), ("::1", "::1"), ("::", "::"),
                             ("192.168.1.20", "192.168.1.20"), ("localhost", "127.0.0.1")] {
            guard case .run(let c) = try parse(["-bindAddress", text, "-inMemory"]).get() else { return XCTFail() }
            XCTAssertEqual(c.host, host, text)
        }
        let invalid = CommandLineOptions.Failure(
            message: "Invalid bindAddress. It must be an IPv4 or IPv6 address of this machine, such as 127.0.0.1, 0.0.0.0 or ::1 (or localhost).",
            showUsage: false)
        for text in ["example.com", "127.0.0", "256.1.1.1", "1.2.3.4:8000", "", " 127.0.0.1", "[::1]"] {
            XCTAssertEqual(parse(["-bindAddress", text]), .failure(invalid), text)
        }
        XCTAssertEqual(parse(["-bindAddress"]),
                       .failure(.init(message: "Error while parsing options. Missing argument for option: bindAddress", showUsage: true)))
    }

    func testSyncEveryCommit() throws {
        guard case .run(let c) = try parse(["-dbPath", "/tmp/x", "-syncEveryCommit"]).get() else { return XCTFail() }
        XCTAssertTrue(c.syncEveryCommit)
    }

    func testTTLSweepInterval() throws {
        guard case .run(let d) = try parse(["-inMemory"]).get() else { return XCTFail() }
        XCTAssertEqual(d.ttlSweepInterval, 5)
        guard case .run(let off) = try parse(["-inMemory", "-ttlSweepInterval", "0"]).get() else { return XCTFail() }
        XCTAssertEqual(off.ttlSweepInterval, 0)
        guard case .run(let fast) = try parse(["-ttlSweepInterval", "0.5"]).get() else { return XCTFail() }
        XCTAssertEqual(fast.ttlSweepInterval, 0.5)
        let invalid = CommandLineOptions.Failure(message: "Invalid ttlSweepInterval. It must be a number of seconds, 0 or more.", showUsage: false)
        for text in ["soon", "inf", "nan"] {
            XCTAssertEqual(parse(["-ttlSweepInterval", text]), .failure(invalid), text)
        }
        // A negative number reads as the next option, as every option's value does in DynamoDB Local's parser.
        XCTAssertEqual(parse(["-ttlSweepInterval", "-1"]),
                       .failure(.init(message: "Error while parsing options. Missing argument for option: ttlSweepInterval", showUsage: true)))
    }

    func testUsageListsDynamoLocalsOwnFlags() {
        for flag in ["-bindAddress", "-syncEveryCommit", "-ttlSweepInterval"] {
            XCTAssertTrue(CommandLineOptions.usage.contains(flag), flag)
        }
    }

    func testJavaLauncherArgumentsAreIgnored() throws {
        let arguments = ["-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar", "-inMemory", "-port", "9000"]
        guard case .run(let c) = try parse(arguments).get() else { return XCTFail() }
        XCTAssertTrue(c.inMemory)
        XCTAssertEqual(c.port, 9000)
    }

    func testHelpAndVersion() throws {
        XCTAssertEqual(try parse(["-help"]).get(), .help)
        XCTAssertEqual(try parse(["-version"]).get(), .version)
    }

    // Texts checked against DynamoDB Local 1.13.5.
    func testInvalidCombinationsUseDynamoDBLocalsMessages() {
        XCTAssertEqual(parse(["-inMemory", "-dbPath", "/tmp"]),
                       .failure(.init(message: "dbPath and inMemory cannot be set at the same time.", showUsage: false)))
        XCTAssertEqual(parse(["-optimizeDbBeforeStartup"]),
                       .failure(.init(message: "optimizeDbBeforeStartup option must be used with dbPath to determine the location of database files to optimize.", showUsage: false)))
        XCTAssertEqual(parse(["-port", "abc"]),
                       .failure(.init(message: "Invalid Port. Port number must lie between 1 and 65535.", showUsage: false)))
        XCTAssertEqual(parse(["-port", "0"]),
                       .failure(.init(message: "Invalid Port. Port number must lie between 1 and 65535.", showUsage: false)))
        XCTAssertEqual(parse(["-foo"]),
                       .failure(.init(message: "Error while parsing options. Unrecognized option: -foo", showUsage: true)))
        XCTAssertEqual(parse(["-port"]),
                       .failure(.init(message: "Error while parsing options. Missing argument for option: port", showUsage: true)))
    }

    func testBannerIsDynamoDBLocals() throws {
        guard case .run(let c) = try parse(["-inMemory", "-sharedDb", "-port", "8001"]).get() else { return XCTFail() }
        XCTAssertEqual(c.banner, """
            Initializing DynamoDB Local with the following configuration:
            Port:\t8001
            InMemory:\ttrue
            DbPath:\tnull
            SharedDb:\ttrue
            shouldDelayTransientStatuses:\tfalse
            CorsParams:\t*

            """)
    }
}
