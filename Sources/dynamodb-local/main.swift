import DynamoLocal
import Foundation

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
    FileHandle.standardError.write(Data((failure.message + "\n").utf8))
    if failure.showUsage { print(CommandLineOptions.usage) }
    exit(1)
}

// Unbuffered, so a harness waiting for the banner sees it at once even through a pipe.
FileHandle.standardOutput.write(Data(configuration.banner.utf8))

let server: DynamoLocalServer
do {
    server = try await DynamoLocalServer.start(configuration)
} catch {
    FileHandle.standardError.write(Data("Could not start DynamoLocal on port \(configuration.port): \(error)\n".utf8))
    exit(1)
}

// SIGTERM and SIGINT close the listener, finish in-flight requests and close the databases.
let signals = [SIGTERM, SIGINT].map { signo in
    signal(signo, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: signo, queue: .main)
    source.setEventHandler {
        Task {
            try? await server.shutdown()
            exit(0)
        }
    }
    source.resume()
    return source
}
try await server.waitUntilClosed()
_ = signals
