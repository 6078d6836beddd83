import DynamoLocal
import DynamoModel
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The executable: DynamoDB Local's flags -> Configuration -> DynamoLocalServer. Nothing else.
let arguments = Array(CommandLine.arguments.dropFirst())
let configuration: Configuration
switch CommandLineOptions.parse(arguments) {
case .success(.help):
    print(CommandLineOptions.usage)
    exit(0)
case .success(.version):
    print(CommandLineOptions.version)
    exit(0)
case .success(.run(let parsed)):
    configuration = parsed
case .failure(let failure):
    StandardError.write(failure.message + "\n")
    if failure.showUsage { print(CommandLineOptions.usage) }
    exit(1)
}

/// Stops the server on SIGTERM or SIGINT, also when the signal arrives while it is still starting,
/// and when the listener closes by itself. The stop runs once; whoever asks waits for it, then the
/// process exits. (Before, the main flow returned as soon as the listener closed and the process
/// exited before the databases were closed: their WAL files stayed, and a copied `.db` file
/// lacked the data still in its WAL.)
actor Lifecycle {
    private var server: DynamoLocalServer?
    private var stopRequested = false
    private var stopping: Task<Void, Never>?

    func started(_ server: DynamoLocalServer) async {
        self.server = server
        if stopRequested { await stop() }
    }

    func stop() async {
        stopRequested = true
        guard let server else { return }  // started(_:) stops it
        if stopping == nil {
            stopping = Task {
                do {
                    try await server.shutdown()
                } catch {
                    StandardError.write("Shutdown: \(error)\n")
                }
            }
        }
        await stopping?.value
        exit(0)
    }
}

// SIGTERM and SIGINT close the listener, finish in-flight requests and close the databases.
// Installed before the banner: a harness may signal as soon as it sees the banner or the port
// accepts connections, and that must still be a clean shutdown (exit 0), not the default action.
let lifecycle = Lifecycle()
let signals = [SIGTERM, SIGINT].map { signo in
    signal(signo, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: signo, queue: .main)
    source.setEventHandler {
        Task { await lifecycle.stop() }
    }
    source.resume()
    return source
}

// Unbuffered, so a harness waiting for the banner sees it at once even through a pipe.
StandardError.write(configuration.banner, to: 1)

let server: DynamoLocalServer
do {
    server = try await DynamoLocalServer.start(configuration)
} catch {
    StandardError.write("Could not start DynamoLocal on port \(configuration.port): \(error)\n")
    exit(1)
}
await lifecycle.started(server)
try await server.waitUntilClosed()
await lifecycle.stop()
_ = signals
