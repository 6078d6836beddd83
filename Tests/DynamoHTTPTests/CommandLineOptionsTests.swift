import Foundation
import XCTest
import DynamoHTTP
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

    func testConnectionLimits() throws {
        guard case .run(let d) = try parse(["-inMemory"]).get() else { return XCTFail() }
        XCTAssertEqual(d.requestTimeout, 60)
        XCTAssertEqual(d.idleTimeout, 200)
        XCTAssertNil(d.maxConnections)
        guard case .run(let c) = try parse(["-requestTimeout", "2.5", "-idleTimeout", "0", "-maxConnections", "100"]).get()
        else { return XCTFail() }
        XCTAssertEqual(c.requestTimeout, 2.5)
        XCTAssertEqual(c.idleTimeout, 0)
        XCTAssertEqual(c.maxConnections, 100)
        for name in ["requestTimeout", "idleTimeout"] {
            let invalid = CommandLineOptions.Failure(message: "Invalid \(name). It must be a number of seconds, 0 or more.", showUsage: false)
            for text in ["soon", "inf", "nan", "1e400"] {
                XCTAssertEqual(parse(["-" + name, text]), .failure(invalid), text)
            }
            XCTAssertEqual(parse(["-" + name, "-1"]),
                           .failure(.init(message: "Error while parsing options. Missing argument for option: \(name)", showUsage: true)))
        }
        let invalid = CommandLineOptions.Failure(message: "Invalid maxConnections. It must be a whole number, 1 or more.", showUsage: false)
        for text in ["0", "1.5", "many", "99999999999999999999"] {
            XCTAssertEqual(parse(["-maxConnections", text]), .failure(invalid), text)
        }
        XCTAssertEqual(parse(["-maxConnections"]),
                       .failure(.init(message: "Error while parsing options. Missing argument for option: maxConnections", showUsage: true)))
    }

    func testNamespaceCap() throws {
        guard case .run(let d) = try parse(["-inMemory"]).get() else { return XCTFail() }
        XCTAssertEqual(d.maxNamespaces, 1_000)
        guard case .run(let c) = try parse(["-maxNamespaces", "3"]).get() else { return XCTFail() }
        XCTAssertEqual(c.maxNamespaces, 3)
        let invalid = CommandLineOptions.Failure(message: "Invalid maxNamespaces. It must be a whole number, 1 or more.", showUsage: false)
        for text in ["0", "two", "1e3"] {
            XCTAssertEqual(parse(["-maxNamespaces", text]), .failure(invalid), text)
        }
    }

    func testEventLoops() throws {
        guard case .run(let d) = try parse(["-inMemory"]).get() else { return XCTFail() }
        XCTAssertEqual(d.eventLoops, 1)
        guard case .run(let c) = try parse(["-eventLoops", "4"]).get() else { return XCTFail() }
        XCTAssertEqual(c.eventLoops, 4)
        let invalid = CommandLineOptions.Failure(message: "Invalid eventLoops. It must be a whole number, from 1 to 256.", showUsage: false)
        for text in ["0", "257", "two", "1.5"] {
            XCTAssertEqual(parse(["-eventLoops", text]), .failure(invalid), text)
        }
    }

    func testDefaultConnectionCapFollowsTheOpenFileLimit() {
        XCTAssertEqual(ConnectionLimits.defaultMaxConnections(openFileLimit: 1_048_576), 10_000)
        XCTAssertEqual(ConnectionLimits.defaultMaxConnections(openFileLimit: 20_000), 10_000)
        XCTAssertEqual(ConnectionLimits.defaultMaxConnections(openFileLimit: 1_024), 896)
        XCTAssertEqual(ConnectionLimits.defaultMaxConnections(openFileLimit: 100), 16)
    }

    func testUsageListsDynamoLocalsOwnFlags() {
        for flag in ["-bindAddress", "-syncEveryCommit", "-ttlSweepInterval", "-verifySignatures",
                     "-requestTimeout", "-idleTimeout", "-maxConnections", "-maxNamespaces", "-eventLoops"] {
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

    // MARK: -verifySignatures

    func temporaryFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "dynamolocal-credentials-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testVerifySignaturesReadsTheCredentialsFile() throws {
        guard case .run(let off) = try parse(["-inMemory"]).get() else { return XCTFail() }
        XCTAssertNil(off.verifySignatures)
        let path = try temporaryFile("""
            [default]
            aws_access_key_id = AKIDEXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
            region = us-east-1

            [other]
            aws_access_key_id=OTHER
            aws_secret_access_key=other/secret+key
            aws_session_token = ignored
            """)
        guard case .run(let c) = try parse(["-inMemory", "-verifySignatures", path]).get() else { return XCTFail() }
        XCTAssertEqual(c.verifySignatures, ["AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "OTHER": "other/secret+key"])
        XCTAssertEqual(c.banner, Configuration().banner.replacingOccurrences(of: "InMemory:\tfalse", with: "InMemory:\ttrue"))
    }

    func testVerifySignaturesFailsAtStartOnABadFile() throws {
        XCTAssertEqual(parse(["-verifySignatures"]),
                       .failure(.init(message: "Error while parsing options. Missing argument for option: verifySignatures", showUsage: true)))
        XCTAssertEqual(parse(["-verifySignatures", "/nonexistent/credentials"]),
                       .failure(.init(message: "Could not read the -verifySignatures credentials file /nonexistent/credentials: No such file or directory.", showUsage: false)))
        XCTAssertEqual(parse(["-verifySignatures", NSTemporaryDirectory()]),
                       .failure(.init(message: "Could not read the -verifySignatures credentials file \(NSTemporaryDirectory()): Is a directory.", showUsage: false)))
        let empty = try temporaryFile("# nothing here\n")
        XCTAssertEqual(parse(["-verifySignatures", empty]),
                       .failure(.init(message: "Invalid -verifySignatures credentials file \(empty): no profile has both aws_access_key_id and aws_secret_access_key.", showUsage: false)))
        // -help still wins over a bad file.
        XCTAssertEqual(try parse(["-verifySignatures", "/nonexistent", "-help"]).get(), .help)
    }

    func testCredentialsFileFormat() {
        func parse(_ text: String) -> Result<[String: String], CredentialsFile.Invalid> { CredentialsFile.parse(text) }
        // Comments, CRLF, config-file style names, case-insensitive names, ':' for '=', profiles without keys.
        XCTAssertEqual(try parse("; top\r\n[profile dev]\r\n  AWS_ACCESS_KEY_ID : K1\r\n# note\r\naws_secret_access_key=S1 \r\n[empty]\r\nregion=eu-west-1\r\n").get(),
                       ["K1": "S1"])
        // A profile named twice is one profile; the same key twice with one secret is fine.
        XCTAssertEqual(try parse("[a]\naws_access_key_id=K\n[b]\naws_access_key_id=K\naws_secret_access_key=S\n[a]\naws_secret_access_key=S\n").get(),
                       ["K": "S"])
        let failures: [(String, String)] = [
            ("aws_access_key_id=K\n", "line 1: a setting before the first [profile]."),
            ("[a]\njust words\n", "line 2: expected [profile], name = value or a comment."),
            ("[a\n", "line 1: a profile name must be written as [name]."),
            ("[a]\naws_access_key_id=K\n", "profile [a] has no aws_secret_access_key."),
            ("[a]\naws_secret_access_key=S\n", "profile [a] has no aws_access_key_id."),
            ("[a]\naws_access_key_id=\naws_secret_access_key=S\n", "profile [a] has no aws_access_key_id."),
            ("[a]\naws_access_key_id=K\naws_secret_access_key=S\n[b]\naws_access_key_id=K\naws_secret_access_key=T\n",
             "access key K appears twice with different secrets."),
            ("", "no profile has both aws_access_key_id and aws_secret_access_key."),
        ]
        for (text, detail) in failures {
            XCTAssertEqual(parse(text), .failure(.init(detail: detail)), text)
        }
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
