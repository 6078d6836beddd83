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

    /// Machine-readable figures for scripts/bench, on the stderr line after each row.
    var figures: String {
        "requests-per-second=\(fixed(Double(recorded) / seconds)) p50-ms=\(fixed(percentile(0.50))) p90-ms=\(fixed(percentile(0.90))) "
            + "p99-ms=\(fixed(percentile(0.99))) p999-ms=\(fixed(percentile(0.999))) max-ms=\(fixed(percentile(1.0))) errors=\(errors)"
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
    // A data set is written by --ops Load, not preloaded.
    if options.items > 0 { return }
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

/// Load, ScanAll or QueryAll (they need --items); prints the row and the stderr figures. True on errors.
func runDataOperation(_ operation: Operation, client: LoadClient, options: Options) async throws -> Bool {
    let data = DataSet(options: options)
    let cpuBefore = processCPUSeconds()
    var extra: String
    let summary: Summary
    if operation == .load {
        let total = data.loadRequests
        let connections = max(1, min(options.connections, total))
        let (start, results) = try await client.run(Workload(kind: .measured(.load), options: options), connections: connections) { now, connection in
            RunLimits(recordFrom: now, stopAt: .max, maxRequests: (total - connection + connections - 1) / connections,
                      firstSequence: connection, step: connections)
        }
        summary = Summary(operation: operation, connections: connections, recordFrom: start, results: results)
        extra = "items=\(data.items) items-per-second=\(Int((Double(data.items) / summary.seconds).rounded())) "
            + "item-bytes=\(options.itemBytes) batch=\(data.batch)"
    } else {
        // One page at a time: each request carries the previous answer's LastEvaluatedKey.
        var result = ConnectionResult()
        var startKey: String?
        var items = 0
        var bytes = 0
        let start = NIODeadline.now().uptimeNanoseconds
        repeat {
            let body = Workload.pageBody(operation, table: options.table, data: data, startKey: startKey)
            let sentAt = NIODeadline.now().uptimeNanoseconds
            let (status, answer) = try await client.callBuffer(target: "DynamoDB_20120810.\(operation.target)", body: body)
            let now = NIODeadline.now().uptimeNanoseconds
            result.answered += 1
            result.lastAnswerAt = now
            result.latencies.append(now - sentAt)
            guard status == 200 else {
                result.errors += 1
                result.firstError = "HTTP \(status): \(String(buffer: answer))"
                break
            }
            let page = Array(answer.readableBytesView)
            bytes += page.count
            items += JSONScan.integer(after: #""Count":"#, in: page) ?? 0
            startKey = JSONScan.object(after: #""LastEvaluatedKey":"#, in: page)
        } while startKey != nil
        summary = Summary(operation: operation, connections: 1, recordFrom: start, results: [result])
        extra = "pages=\(result.answered) items=\(items) bytes=\(bytes)"
    }
    return report(summary, operation: operation, options: options, clientCPU: processCPUSeconds() - cpuBefore,
                  answered: "answered=\(summary.answered)", extra: extra)
}

/// Prints one operation's table row and its stderr line (the figures scripts/bench reads);
/// true when a request failed.
func report(_ summary: Summary, operation: Operation, options: Options, clientCPU: Double, answered: String,
            extra: String = "") -> Bool {
    var cells = summary.cells
    if let label = options.label { cells.insert(label, at: 0) }
    print(row(cells))
    printError("# \(operation.rawValue): \(answered) recorded=\(summary.recorded) seconds=\(fixed(summary.seconds)) "
        + "client-cpu-seconds=\(fixed(clientCPU)) \(summary.figures) \(extra)")
    if let firstError = summary.firstError {
        printError("# \(operation.rawValue): first error: \(firstError.prefix(2000))")
        return true
    }
    return false
}

/// Finds members in a server's JSON answer without parsing all of it (pages are 1 MB).
enum JSONScan {
    static func find(_ needle: String, in bytes: [UInt8]) -> Int? {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count, let first = pattern.first else { return nil }
        var index = 0
        while index <= bytes.count - pattern.count {
            if bytes[index] == first && bytes[index..<index + pattern.count].elementsEqual(pattern) { return index + pattern.count }
            index += 1
        }
        return nil
    }

    /// The non-negative integer right after `key` (e.g. `"Count":`).
    static func integer(after key: String, in bytes: [UInt8]) -> Int? {
        guard var index = find(key, in: bytes) else { return nil }
        while index < bytes.count && bytes[index] == UInt8(ascii: " ") { index += 1 }
        var value: Int?
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = (value ?? 0) * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    /// The JSON object right after `key`, as it is written (strings and escapes respected).
    static func object(after key: String, in bytes: [UInt8]) -> String? {
        guard var index = find(key, in: bytes) else { return nil }
        while index < bytes.count && bytes[index] != UInt8(ascii: "{") { index += 1 }
        let begin = index
        var depth = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return String(decoding: bytes[begin...index], as: UTF8.self) }
            }
            index += 1
        }
        return nil
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
        if options.items > 0 {
            printError("# created table \(options.table) for a data set of \(options.items) items (write it with --ops Load)")
        } else {
            printError("# set up table \(options.table): \(Preload.getItems) items for GetItem, \(Preload.queryItems) in partition \"\(Preload.queryPartition)\" for Query")
        }
    }
    if options.load {
        var header = Summary.header
        if options.label != nil { header.insert("server", at: 0) }
        if options.header {
            print(row(header))
            print(row(header.map { _ in "---" }))
        }
        for operation in options.operations {
            if operation == .load || operation == .scanAll || operation == .queryAll {
                if try await runDataOperation(operation, client: client, options: options) { failed = true }
                continue
            }
            let cpuBefore = processCPUSeconds()
            let warmup = UInt64(options.warmup * 1e9)
            let duration = options.requests == nil ? UInt64(options.duration * 1e9) : UInt64.max / 4
            let connections = options.connections
            let requests = options.requests
            let (start, results) = try await client.run(Workload(kind: .measured(operation), options: options), connections: connections) { now, connection in
                let share = requests.map { $0 / connections + (connection < $0 % connections ? 1 : 0) } ?? .max
                return RunLimits(recordFrom: now + warmup, stopAt: now + warmup + duration, maxRequests: share,
                                 firstSequence: options.firstSequence, step: 1)
            }
            let summary = Summary(operation: operation, connections: connections, recordFrom: start + warmup, results: results)
            if report(summary, operation: operation, options: options, clientCPU: processCPUSeconds() - cpuBefore,
                      answered: "answered=\(summary.answered) (warm-up included)") {
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
