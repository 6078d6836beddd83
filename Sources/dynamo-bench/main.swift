import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// dynamo-bench: a black-box HTTP load generator for DynamoLocal or DynamoDB Local.
// It creates and preloads its table, then loads each operation on N keep-alive connections
// (closed loop: one request in flight per connection) and prints one markdown row per operation.
// Workload details: Workload.swift. How docs/BENCHMARKS.md runs it: scripts/bench.

func printError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}

/// User + system CPU seconds this process has used (the client's own share of the machine).
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

struct Summary {
    let operation: Operation
    let connections: Int
    let recorded: Int
    let answered: Int
    let errors: Int
    let seconds: Double
    let latencies: [UInt64]
    let firstError: String?

    init(operation: Operation, connections: Int, recordFrom: UInt64, results: [ConnectionResult]) {
        self.operation = operation
        self.connections = connections
        var all: [UInt64] = []
        all.reserveCapacity(results.reduce(0) { $0 + $1.latencies.count })
        for result in results { all.append(contentsOf: result.latencies) }
        all.sort()
        latencies = all
        recorded = all.count
        answered = results.reduce(0) { $0 + $1.answered }
        errors = results.reduce(0) { $0 + $1.errors }
        firstError = results.lazy.compactMap(\.firstError).first
        let end = results.map(\.lastAnswerAt).max() ?? recordFrom
        seconds = Double(end > recordFrom ? end - recordFrom : 1) / 1e9
    }

    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let index = min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)
        return Double(latencies[max(0, index)]) / 1e6
    }

    static let header = ["operation", "connections", "requests", "requests/s", "p50 ms", "p99 ms", "max ms", "errors"]

    var cells: [String] {
        [operation.rawValue, String(connections), grouped(recorded), grouped(Int((Double(recorded) / seconds).rounded())),
         fixed(percentile(0.50)), fixed(percentile(0.99)), fixed(percentile(1.0)), String(errors)]
    }
}

func grouped(_ value: Int) -> String {
    var digits = Array(String(value))
    var index = digits.count - 3
    while index > 0 {
        digits.insert(",", at: index)
        index -= 3
    }
    return String(digits)
}

func fixed(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

func setUp(_ client: LoadClient, options: Options) async throws {
    for body in [Workload.createTableBody(table: options.table), Workload.createGSITableBody(table: options.table + "-gsi")] {
        let created = try await client.call(target: "DynamoDB_20120810.CreateTable", body: body)
        if created.status != 200 && !created.body.contains("ResourceInUseException") {
            throw Options.ParseError.message("CreateTable failed: HTTP \(created.status): \(created.body)")
        }
    }
    // DynamoDB Local creates tables ACTIVE at once; wait anyway in case a server does not.
    for _ in 0..<100 {
        let described = try await client.call(target: "DynamoDB_20120810.DescribeTable", body: #"{"TableName":"\#(options.table)"}"#)
        if described.status == 200 && described.body.contains(#""TableStatus":"ACTIVE""#) { break }
        try await Task.sleep(nanoseconds: 50_000_000)
    }
    let total = Workload.preloadRequests
    let connections = min(4, total)
    let (_, results) = try await client.run(Workload(kind: .preload, options: options), connections: connections) { now, connection in
        RunLimits(recordFrom: now, stopAt: .max, maxRequests: (total - connection + connections - 1) / connections,
                  firstSequence: connection, step: connections)
    }
    if let failure = results.lazy.compactMap(\.firstError).first {
        throw Options.ParseError.message("preload failed: \(failure)")
    }
}

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch .help {
    print(Options.usage)
    exit(0)
} catch {
    printError(error.description)
    exit(2)
}

let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
let client = LoadClient(group: group, options: options)
var failed = false
do {
    if options.setup {
        try await setUp(client, options: options)
        printError("# set up table \(options.table): \(Preload.getItems) items for GetItem, \(Preload.queryItems) in partition \"\(Preload.queryPartition)\" for Query")
    }
    if options.load {
        var header = Summary.header
        if options.label != nil { header.insert("server", at: 0) }
        if options.header {
            print(row(header))
            print(row(header.map { _ in "---" }))
        }
        for operation in options.operations {
            let cpuBefore = processCPUSeconds()
            let warmup = UInt64(options.warmup * 1e9)
            let duration = options.requests == nil ? UInt64(options.duration * 1e9) : UInt64.max / 4
            let connections = options.connections
            let requests = options.requests
            let (start, results) = try await client.run(Workload(kind: .measured(operation), options: options), connections: connections) { now, connection in
                let share = requests.map { $0 / connections + (connection < $0 % connections ? 1 : 0) } ?? .max
                return RunLimits(recordFrom: now + warmup, stopAt: now + warmup + duration, maxRequests: share,
                                 firstSequence: 0, step: 1)
            }
            let summary = Summary(operation: operation, connections: connections, recordFrom: start + warmup, results: results)
            var cells = summary.cells
            if let label = options.label { cells.insert(label, at: 0) }
            print(row(cells))
            let clientCPU = processCPUSeconds() - cpuBefore
            printError("# \(operation.rawValue): answered=\(summary.answered) (warm-up included) recorded=\(summary.recorded) "
                + "seconds=\(fixed(summary.seconds)) client-cpu-seconds=\(fixed(clientCPU))")
            if let firstError = summary.firstError {
                printError("# \(operation.rawValue): first error: \(firstError)")
                failed = true
            }
        }
    }
} catch {
    printError("dynamo-bench: \(error)")
    failed = true
}
try? await group.shutdownGracefully()
exit(failed ? 1 : 0)
