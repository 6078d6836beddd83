/// dynamo-bench's command line. The target depends on SwiftNIO only (it must stay a black-box
/// client of the server), so the few flags are parsed here rather than with swift-argument-parser.
struct Options: Sendable {
    var host = "127.0.0.1"
    var port = 8000
    var connections = 32
    var threads = 1
    /// Seconds of measured load per operation, after the warm-up.
    var duration = 10.0
    /// Seconds of load per operation whose answers are not recorded.
    var warmup = 1.0
    /// When set, each operation sends exactly this many measured requests instead of running for `duration`.
    var requests: Int?
    /// The first sequence number of the measured operations' requests: writes of a later run
    /// against the same server make new items instead of replacing the earlier run's.
    var firstSequence = 0
    var operations: [Operation] = Operation.standard
    var table = "bench"
    var accessKey = "bench"
    var region = "us-east-1"
    var setup = true
    var load = true
    var header = true
    var label: String?
    /// Query with the legacy `KeyConditions` parameter instead of `KeyConditionExpression`.
    var legacyQuery = false
    /// The data set (`DataSet`): items, partitions (default items / 1,000), payload characters per
    /// item, and items per BatchWriteItem for Load. 0 items: the fixed workload of `Preload`.
    var items = 0
    var partitions: Int?
    var itemBytes = 100
    var batch = 25

    static let usage = """
        usage: dynamo-bench [options]
          --endpoint URL       server to load (default http://127.0.0.1:8000)
          --connections N      keep-alive connections (default 32)
          --threads N          client event loops (default 1)
          --duration S         measured seconds per operation (default 10)
          --warmup S           unrecorded seconds before each measurement (default 1)
          --requests N         measured requests per operation instead of a duration
          --first-sequence N   number the requests from N (default 0), so that the items PutItem and
                               BatchWriteItem write are new to a server an earlier run wrote to
          --ops LIST           comma-separated: PutItem,GetItem,Query,BatchWriteItem,UpdateItem,FilteredQuery,
                               TransactWriteItems,PutItemGSI,QueryGSI (or put,get,query,batch,update,filter,
                               transact,gsiput,gsiquery); default: all of these. With --items also
                               Load (write the data set once with BatchWriteItem, on all connections),
                               ScanAll (page through the table with Scan) and QueryAll (page through
                               partition conv#0 with Query), one page at a time, 1 MB pages
          --items N            use a data set of N items instead of the fixed preload: item i is
                               pk "conv#<i % P>", sk "m<i / P>" (8 digits); GetItem reads a random
                               item, Query 25 items of a random partition from a random start.
                               Setup then only creates the table; --ops Load writes the items
          --partitions P       partitions of the data set (default N / 1,000: 1,000 items each)
          --item-bytes B       characters of each data-set item's payload string (default 100)
          --batch N            items per BatchWriteItem in Load (default 25)
          --table NAME         table to create and use (default bench)
          --access-key KEY     access key id in the Authorization header (the namespace; default bench)
          --region REGION      region in the Authorization header (default us-east-1)
          --setup-only         create the table and preload it, then stop
          --no-setup           skip table creation and preloading
          --key-conditions     Query with the legacy KeyConditions instead of KeyConditionExpression
          --label TEXT         add a first column "server" with this text
          --no-header          print table rows only
        """

    enum ParseError: Error, CustomStringConvertible {
        case message(String)
        /// `--help`: print the usage and exit successfully.
        case help
        var description: String {
            switch self {
            case .message(let text): return text
            case .help: return Options.usage
            }
        }
    }

    static func parse(_ arguments: [String]) throws(ParseError) -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ flag: String) throws(ParseError) -> String {
            guard let next = rest.popFirst() else { throw .message("\(flag) needs a value") }
            return next
        }
        func number<T: LosslessStringConvertible & Comparable>(_ flag: String, _ type: T.Type, min: T) throws(ParseError) -> T {
            let text = try value(flag)
            guard let parsed = T(text), parsed >= min else { throw .message("\(flag): '\(text)' is not a valid value") }
            return parsed
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--endpoint":
                let text = try value(flag)
                guard let (host, port) = Self.hostAndPort(text) else { throw .message("--endpoint: expected http://HOST:PORT, got '\(text)'") }
                options.host = host
                options.port = port
            case "--connections": options.connections = try number(flag, Int.self, min: 1)
            case "--threads": options.threads = try number(flag, Int.self, min: 1)
            case "--duration": options.duration = try number(flag, Double.self, min: 0.1)
            case "--warmup": options.warmup = try number(flag, Double.self, min: 0)
            case "--requests": options.requests = try number(flag, Int.self, min: 1)
            case "--first-sequence": options.firstSequence = try number(flag, Int.self, min: 0)
            case "--ops":
                var operations: [Operation] = []
                for name in try value(flag).split(separator: ",") {
                    guard let operation = Operation(name: String(name)) else { throw .message("--ops: unknown operation '\(name)'") }
                    operations.append(operation)
                }
                options.operations = operations
            case "--table": options.table = try value(flag)
            case "--access-key": options.accessKey = try value(flag)
            case "--region": options.region = try value(flag)
            case "--setup-only": options.load = false
            case "--no-setup": options.setup = false
            case "--label": options.label = try value(flag)
            case "--key-conditions": options.legacyQuery = true
            case "--no-header": options.header = false
            case "--items": options.items = try number(flag, Int.self, min: 0)
            case "--partitions": options.partitions = try number(flag, Int.self, min: 1)
            case "--item-bytes": options.itemBytes = try number(flag, Int.self, min: 0)
            case "--batch": options.batch = try number(flag, Int.self, min: 1)
            case "--help", "-h": throw .help
            default: throw .message("unknown option '\(flag)'\n\(usage)")
            }
        }
        if options.items == 0, let needsData = options.operations.first(where: { [.load, .scanAll, .queryAll].contains($0) }) {
            throw .message("--ops \(needsData.rawValue) needs --items")
        }
        return options
    }

    /// "http://host:port" (or "host:port") -> (host, port).
    static func hostAndPort(_ text: String) -> (String, Int)? {
        var rest = Substring(text)
        if rest.hasPrefix("http://") { rest = rest.dropFirst("http://".count) }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]) else { return nil }
        let host = rest[..<colon]
        return host.isEmpty ? nil : (String(host), port)
    }
}
