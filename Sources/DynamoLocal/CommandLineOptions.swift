#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// DynamoDB Local's command line, parsed the way its option parser does: single-dash long
/// options, case-sensitive, with its own error texts (checked against DynamoDB Local 1.13.5).
/// Java launcher arguments in front (`-jar DynamoDBLocal.jar`, `-Djava.library.path=...`) are
/// skipped so existing scripts keep working.
public enum CommandLineOptions {
    public enum Action: Equatable, Sendable {
        case run(Configuration)
        case help
        case version
    }

    public struct Failure: Error, Equatable, Sendable {
        public let message: String
        /// Whether the usage text follows the message, as DynamoDB Local prints it.
        public let showUsage: Bool
    }

    public static func parse(_ arguments: [String]) -> Result<Action, Failure> {
        var configuration = Configuration()
        var remaining = arguments[...]
        var portText: String?
        var credentialsPath: String?
        var wantsHelp = false
        var wantsVersion = false

        func value(for option: String) -> Result<String, Failure> {
            guard let next = remaining.first, !next.hasPrefix("-") || option == "-cors" && next == "*" else {
                return .failure(Failure(message: "Error while parsing options. Missing argument for option: \(option.dropFirst())", showUsage: true))
            }
            remaining = remaining.dropFirst()
            return .success(next)
        }

        /// The value of one of DynamoLocal's own duration options: seconds, 0 or more.
        func seconds(for option: String) -> Result<Double, Failure> {
            value(for: option).flatMap { text in
                guard let seconds = Double(text), seconds >= 0, seconds.isFinite else {
                    return .failure(Failure(message: "Invalid \(option.dropFirst()). It must be a number of seconds, 0 or more.", showUsage: false))
                }
                return .success(seconds)
            }
        }

        /// The value of one of DynamoLocal's own count options: a whole number from 1 to `max`.
        func count(for option: String, max: Int = .max) -> Result<Int, Failure> {
            value(for: option).flatMap { text in
                guard let count = Int(text), count >= 1, count <= max else {
                    let range = max == .max ? "1 or more" : "from 1 to \(max)"
                    return .failure(Failure(message: "Invalid \(option.dropFirst()). It must be a whole number, \(range).", showUsage: false))
                }
                return .success(count)
            }
        }

        while let argument = remaining.popFirst() {
            switch argument {
            case "-jar":
                _ = remaining.popFirst()
            case _ where argument.hasPrefix("-D") || argument.hasPrefix("-X"):
                continue
            case "-port":
                switch value(for: argument) {
                case .success(let text): portText = text
                case .failure(let failure): return .failure(failure)
                }
            case "-dbPath":
                switch value(for: argument) {
                case .success(let text): configuration.dbPath = text
                case .failure(let failure): return .failure(failure)
                }
            case "-cors":
                switch value(for: argument) {
                case .success(let text): configuration.cors = text
                case .failure(let failure): return .failure(failure)
                }
            case "-ttlSweepInterval":
                switch seconds(for: argument) {
                case .success(let seconds): configuration.ttlSweepInterval = seconds
                case .failure(let failure): return .failure(failure)
                }
            case "-requestTimeout":
                switch seconds(for: argument) {
                case .success(let seconds): configuration.requestTimeout = seconds
                case .failure(let failure): return .failure(failure)
                }
            case "-idleTimeout":
                switch seconds(for: argument) {
                case .success(let seconds): configuration.idleTimeout = seconds
                case .failure(let failure): return .failure(failure)
                }
            case "-maxConnections":
                switch count(for: argument) {
                case .success(let count): configuration.maxConnections = count
                case .failure(let failure): return .failure(failure)
                }
            case "-maxNamespaces":
                switch count(for: argument) {
                case .success(let count): configuration.maxNamespaces = count
                case .failure(let failure): return .failure(failure)
                }
            case "-eventLoops":
                switch count(for: argument, max: 256) {
                case .success(let count): configuration.eventLoops = count
                case .failure(let failure): return .failure(failure)
                }
            case "-bindAddress":
                switch value(for: argument) {
                case .success(let text):
                    guard let address = bindAddress(text) else {
                        return .failure(Failure(message: "Invalid bindAddress. It must be an IPv4 or IPv6 address of this machine, such as 127.0.0.1, 0.0.0.0 or ::1 (or localhost).", showUsage: false))
                    }
                    configuration.host = address
                case .failure(let failure): return .failure(failure)
                }
            case "-verifySignatures":
                switch value(for: argument) {
                case .success(let path): credentialsPath = path
                case .failure(let failure): return .failure(failure)
                }
            case "-syncEveryCommit": configuration.syncEveryCommit = true
            case "-inMemory": configuration.inMemory = true
            case "-sharedDb": configuration.sharedDb = true
            case "-delayTransientStatuses": configuration.delayTransientStatuses = true
            case "-optimizeDbBeforeStartup": configuration.optimizeDbBeforeStartup = true
            case "-disableTelemetry": configuration.disableTelemetry = true
            case "-help": wantsHelp = true
            case "-version": wantsVersion = true
            default:
                return .failure(Failure(message: "Error while parsing options. Unrecognized option: \(argument)", showUsage: true))
            }
        }

        if wantsHelp { return .success(.help) }
        if wantsVersion { return .success(.version) }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                return .failure(Failure(message: "Invalid Port. Port number must lie between 1 and 65535.", showUsage: false))
            }
            configuration.port = port
        }
        if configuration.inMemory && configuration.dbPath != nil {
            return .failure(Failure(message: "dbPath and inMemory cannot be set at the same time.", showUsage: false))
        }
        if configuration.optimizeDbBeforeStartup && configuration.dbPath == nil {
            return .failure(Failure(message: "optimizeDbBeforeStartup option must be used with dbPath to determine the location of database files to optimize.", showUsage: false))
        }
        // Read last, so -help and the other options' errors come first.
        if let credentialsPath {
            switch CredentialsFile.load(path: credentialsPath) {
            case .success(let credentials): configuration.verifySignatures = credentials
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(.run(configuration))
    }

    /// A numeric address to bind, or nil. Names other than localhost are refused: resolving one
    /// could pick any of several addresses, and the point of the flag is to know which.
    static func bindAddress(_ text: String) -> String? {
        if text == "localhost" { return "127.0.0.1" }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1 { return text }
        return nil
    }

    public static let version = "DynamoLocal 0.1.0 (DynamoDB API 2012-08-10, DynamoDB Local command line)"

    /// The usage text, in DynamoDB Local's layout, with DynamoLocal's own additions marked.
    public static let usage = """
        usage: dynamodb-local [-port <port-no.>] [-inMemory] [-delayTransientStatuses]
                    [-dbPath <path>][-sharedDb] [-cors <allow-list>]
         -bindAddress <address>     DynamoLocal only: the IP address to listen on
                                    (default 0.0.0.0, every interface). Use
                                    127.0.0.1 to keep the server private to this
                                    machine.
         -cors <arg>                Enable CORS support for javascript against a
                                    specific allow-list list the domains separated
                                    by , use '*' for public access (default is
                                    '*')
         -dbPath <path>             Specify the location of your database file.
                                    Default is the current directory.
         -delayTransientStatuses    When specified, DynamoDB Local will introduce
                                    delays to hold various transient table and
                                    index statuses so that it simulates actual
                                    service more closely.
         -disableTelemetry          Accepted for compatibility; DynamoLocal never
                                    sends telemetry.
         -eventLoops <n>            DynamoLocal only: threads serving connections,
                                    each with a thread that runs the operations
                                    (default 1; more help only when clients use
                                    several access keys at once).
         -help                      Display DynamoDB Local usage and options.
         -idleTimeout <secs>        DynamoLocal only: seconds a connection may stay
                                    open with no request in progress (default
                                    200, as DynamoDB Local; 0: no limit).
         -inMemory                  When specified, DynamoDB Local will run in
                                    memory.
         -maxConnections <n>        DynamoLocal only: open connections at most;
                                    more are closed at once (default 10000, or
                                    fewer if the open-file limit is low).
         -maxNamespaces <n>         DynamoLocal only: databases (one per access key
                                    and region) open at most; a request for another
                                    gets UnrecognizedClientException (default 1000).
         -optimizeDbBeforeStartup   Optimize the underlying backing store database
                                    tables before starting up the server
         -port <port-no.>           Specify a port number. Default is 8000
         -requestTimeout <secs>     DynamoLocal only: seconds from a request's
                                    first byte to its last before the connection
                                    is closed (default 60; 0: no limit).
         -sharedDb                  When specified, DynamoDB Local will use a
                                    single database instead of separate databases
                                    for each credential and region. As a result,
                                    all clients will interact with the same set of
                                    tables, regardless of their region and
                                    credential configuration.
         -syncEveryCommit           DynamoLocal only: fsync every commit, so
                                    acknowledged writes survive power loss, not
                                    only a crash of the process (slower writes).
         -ttlSweepInterval <secs>   DynamoLocal only: seconds between Time to Live
                                    sweeps that delete expired items (default 5;
                                    0 turns expiry off).
         -verifySignatures <file>   DynamoLocal only: verify SigV4 signatures
                                    with the access keys and secrets in <file>
                                    (the AWS shared credentials format, such as
                                    ~/.aws/credentials). Without it any
                                    credentials are accepted.
         -version                   Print the version and exit.
        """
}
