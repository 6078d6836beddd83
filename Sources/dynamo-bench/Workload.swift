import NIOCore
import NIOHTTP1

/// The measured operations and the request bodies they send.
///
/// One table, `pk` (S, hash) + `sk` (S, range), holds everything:
/// - PutItem writes new items `pk = "p<connection>-<n>"`, `sk = "0"` (every write is an insert);
/// - GetItem reads one of 1,000 preloaded items `pk = "g<0...999>"`, `sk = "0"`, chosen at random;
/// - Query reads 25 items (`Limit 25`) from the partition `pk = "q"`, which holds 1,000 preloaded
///   items `sk = "00000"..."00999"`, starting at a random sort key (`sk >= :s`; with
///   `--key-conditions`, the same condition as legacy `KeyConditions`);
/// - BatchWriteItem writes 25 new items per request, `pk = "b<connection>-<n>-<i>"`;
/// - UpdateItem adds 1 to a counter of one of GetItem's items (`ADD #c :one`);
/// - FilteredQuery is Query with `FilterExpression n >= :z` (about half of the 25 items pass);
/// - TransactWriteItems puts 4 new items in one transaction;
/// - PutItemGSI writes new items to a second table `<table>-gsi` with two GSIs (`g1-index`: g1 + sk,
///   ALL; `g2-index`: g2, KEYS_ONLY), so each write also writes two index entries;
/// - QueryGSI reads 25 items from `g1-index` of that table, partition `g1 = "gq"` (1,000 preloaded).
/// Every item also carries a number `n` and a 100-character string `payload` (about 140 bytes).
///
/// With `--items N` (the data set, see `DataSet`), GetItem and Query read a data set of N items
/// instead, and three more operations exist: Load (writes the data set with BatchWriteItem),
/// ScanAll (pages through the whole table with Scan) and QueryAll (pages through partition 0).
enum Operation: String, CaseIterable, Sendable {
    case putItem = "PutItem"
    case getItem = "GetItem"
    case query = "Query"
    case batchWriteItem = "BatchWriteItem"
    case updateItem = "UpdateItem"
    case filteredQuery = "FilteredQuery"
    case transactWriteItems = "TransactWriteItems"
    case putItemGSI = "PutItemGSI"
    case queryGSI = "QueryGSI"
    /// Writes the data set (`--items`), `--batch` items per BatchWriteItem, each batch once.
    case load = "Load"
    /// Pages through the whole table with Scan (1 MB pages), following LastEvaluatedKey.
    case scanAll = "ScanAll"
    /// Pages through the data set's partition 0 with Query (1 MB pages).
    case queryAll = "QueryAll"

    init?(name: String) {
        switch name.lowercased() {
        case "putitem", "put": self = .putItem
        case "getitem", "get": self = .getItem
        case "query": self = .query
        case "batchwriteitem", "batch", "batchwrite": self = .batchWriteItem
        case "updateitem", "update": self = .updateItem
        case "filteredquery", "filter": self = .filteredQuery
        case "transactwriteitems", "transact": self = .transactWriteItems
        case "putitemgsi", "gsiput": self = .putItemGSI
        case "querygsi", "gsiquery": self = .queryGSI
        case "load": self = .load
        case "scanall": self = .scanAll
        case "queryall": self = .queryAll
        default: return nil
        }
    }

    /// The operations a run measures when --ops is not given.
    static let defaults: [Operation] = [.putItem, .getItem, .query, .batchWriteItem]

    /// The closed-loop load operations (what `--ops` meant before the data-set operations).
    static let standard: [Operation] = [.putItem, .getItem, .query, .batchWriteItem, .updateItem, .filteredQuery,
                                        .transactWriteItems, .putItemGSI, .queryGSI]

    /// The X-Amz-Target operation.
    var target: String {
        switch self {
        case .filteredQuery, .queryGSI: return "Query"
        case .putItemGSI: return "PutItem"
        case .load: return "BatchWriteItem"
        case .scanAll: return "Scan"
        case .queryAll: return "Query"
        default: return rawValue
        }
    }
}

/// Preloaded key ranges (see `Operation`).
enum Preload {
    static let getItems = 1_000
    static let queryItems = 1_000
    static let queryPartition = "q"
    static let queryLimit = 25
    static let batchSize = 25
    static let gsiItems = 1_000
    static let gsiPartition = "gq"
}

/// The data set of `--items N` (scripts/bench's --scaling and --large-scan), shaped like a chat
/// application's messages: item `i` (0 ..< N) is `pk = "conv#<i % P>"`, `sk = "m<i / P, 8 digits>"`,
/// with a number `n = i` and a string `payload` of `--item-bytes` characters. Partition `p` holds
/// the items `p, p + P, p + 2P, ...`, so with P = N / 1,000 every partition holds 1,000 items.
struct DataSet: Sendable {
    let items: Int
    let partitions: Int
    let payload: String
    let batch: Int

    init(options: Options) {
        items = options.items
        partitions = max(1, min(options.items, options.partitions ?? max(1, options.items / 1_000)))
        payload = String(repeating: "x", count: options.itemBytes)
        batch = options.batch
    }

    func partitionKey(_ partition: Int) -> String { "conv#\(partition)" }

    func sortKey(position: Int) -> String {
        let digits = String(position)
        return "m" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Items in partition `p`.
    func count(partition: Int) -> Int { (items - partition + partitions - 1) / partitions }

    func item(_ index: Int) -> String {
        #"{"pk":{"S":"\#(partitionKey(index % partitions))"},"sk":{"S":"\#(sortKey(position: index / partitions))"},"#
            + #""n":{"N":"\#(index)"},"payload":{"S":"\#(payload)"}}"#
    }

    /// BatchWriteItem requests needed to write every item.
    var loadRequests: Int { (items + batch - 1) / batch }
}

/// A cheap, seedable generator (SplitMix64); each connection owns one.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What one connection sends: the fixed head and a body made from the request's sequence number.
struct Workload: Sendable {
    enum Kind: Sendable {
        case measured(Operation)
        /// BatchWriteItem request `n` of the preload: GetItem's items first, then Query's.
        case preload
    }

    let kind: Kind
    let table: String
    let target: String
    let head: HTTPRequestHead
    /// `head` as bytes: the request line and every header line, without Content-Length.
    let headBytes: [UInt8]
    let legacyQuery: Bool
    /// Set with `--items`: GetItem and Query read it, Load writes it.
    let data: DataSet?

    static let payload = String(repeating: "x", count: 100)

    init(kind: Kind, options: Options) {
        self.kind = kind
        self.table = options.table
        legacyQuery = options.legacyQuery
        data = options.items > 0 ? DataSet(options: options) : nil
        let operation: Operation
        switch kind {
        case .measured(let measured): operation = measured
        case .preload: operation = .batchWriteItem
        }
        target = "DynamoDB_20120810.\(operation.target)"
        head = Self.requestHead(target: target, options: options)
        var text = "\(head.method.rawValue) \(head.uri) HTTP/1.1\r\n"
        for (name, value) in head.headers { text += "\(name): \(value)\r\n" }
        headBytes = Array(text.utf8)
    }

    /// One request on the wire: the fixed head, Content-Length and the body, in one buffer.
    func request(body: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: headBytes.count + 32 + body.utf8.count)
        buffer.writeBytes(headBytes)
        buffer.writeStaticString("Content-Length: ")
        buffer.writeString(String(body.utf8.count))
        buffer.writeStaticString("\r\n\r\n")
        buffer.writeString(body)
        return buffer
    }

    /// Requests the preload needs: 25 items per BatchWriteItem, the main table's items first.
    static var mainPreloadRequests: Int {
        (Preload.getItems + Preload.queryItems + Preload.batchSize - 1) / Preload.batchSize
    }
    static var preloadRequests: Int {
        mainPreloadRequests + (Preload.gsiItems + Preload.batchSize - 1) / Preload.batchSize
    }

    var gsiTable: String { table + "-gsi" }

    /// The SigV4-shaped head every request carries. The signature is a dummy: DynamoDB Local and
    /// DynamoLocal parse the header (access key and region name the namespace) but do not verify it.
    static func requestHead(target: String, options: Options) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "\(options.host):\(options.port)")
        headers.add(name: "Content-Type", value: "application/x-amz-json-1.0")
        headers.add(name: "X-Amz-Target", value: target)
        headers.add(name: "X-Amz-Date", value: "20260101T000000Z")
        headers.add(name: "Authorization", value:
            "AWS4-HMAC-SHA256 Credential=\(options.accessKey)/20260101/\(options.region)/dynamodb/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            + "Signature=\(String(repeating: "0", count: 64))")
        headers.add(name: "Connection", value: "keep-alive")
        return HTTPRequestHead(version: .http1_1, method: .POST, uri: "/", headers: headers)
    }

    static func item(pk: String, sk: String, n: Int) -> String {
        #"{"pk":{"S":"\#(pk)"},"sk":{"S":"\#(sk)"},"n":{"N":"\#(n)"},"payload":{"S":"\#(payload)"}}"#
    }

    /// PutItem's body, `item(pk: "p<connection>-<sequence>", sk: "0", n: sequence)` in a request,
    /// written as bytes like `batchWriteBody`.
    static func putItemBody(table: String, connection: Int, sequence: Int) -> String {
        var out = ByteText(capacity: 150 + table.utf8.count + payload.utf8.count)
        out.append(#"{"TableName":""#)
        out.append(table)
        out.append(#"","Item":"#)
        appendItem(&out, prefix: "p", connection: connection, sequence: sequence, index: nil, n: sequence)
        out.append("}")
        return out.string
    }

    /// BatchWriteItem's body: 25 puts of `item(pk: "b<connection>-<sequence>-<i>", sk: "0", n: i)`,
    /// written as bytes. Built by interpolating strings, it was 45% of the client's CPU for a
    /// BatchWriteItem (perf): about 25 µs a request, taken from the two cores the server is
    /// measured on. The text is the same (WorkloadTests).
    static func batchWriteBody(table: String, connection: Int, sequence: Int) -> String {
        var out = ByteText(capacity: 64 + table.utf8.count + Preload.batchSize * (110 + payload.utf8.count))
        out.append(#"{"RequestItems":{""#)
        out.append(table)
        out.append(#"":["#)
        for i in 0..<Preload.batchSize {
            if i > 0 { out.append(",") }
            out.append(#"{"PutRequest":{"Item":"#)
            appendItem(&out, prefix: "b", connection: connection, sequence: sequence, index: i, n: i)
            out.append("}}")
        }
        out.append("]}}")
        return out.string
    }

    /// `item(pk: "<prefix><connection>-<sequence>[-<index>]", sk: "0", n: n)`, appended as bytes.
    static func appendItem(_ out: inout ByteText, prefix: StaticString, connection: Int, sequence: Int, index: Int?, n: Int) {
        out.append(#"{"pk":{"S":""#)
        out.append(prefix)
        out.append(decimal: connection)
        out.append("-")
        out.append(decimal: sequence)
        if let index {
            out.append("-")
            out.append(decimal: index)
        }
        out.append(#""},"sk":{"S":"0"},"n":{"N":""#)
        out.append(decimal: n)
        out.append(#""},"payload":{"S":""#)
        out.append(payload)
        out.append(#""}}"#)
    }

    static func gsiItem(pk: String, sk: String, g1: String, g2: String, n: Int) -> String {
        #"{"pk":{"S":"\#(pk)"},"sk":{"S":"\#(sk)"},"g1":{"S":"\#(g1)"},"g2":{"S":"\#(g2)"},"n":{"N":"\#(n)"},"payload":{"S":"\#(payload)"}}"#
    }

    static func sortKey(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The body of request number `sequence` sent on connection `connection`.
    func body(connection: Int, sequence: Int, random: inout SplitMix64) -> String {
        if let data, let body = dataBody(data, connection: connection, sequence: sequence, random: &random) {
            return body
        }
        switch kind {
        case .measured(.load), .measured(.scanAll), .measured(.queryAll):
            preconditionFailure("\(kind) needs --items")
        case .measured(.putItem):
            return Self.putItemBody(table: table, connection: connection, sequence: sequence)
        case .measured(.getItem):
            let index = Int(random.next() % UInt64(Preload.getItems))
            return #"{"TableName":"\#(table)","Key":{"pk":{"S":"g\#(index)"},"sk":{"S":"0"}}}"#
        case .measured(.query):
            let start = Int(random.next() % UInt64(Preload.queryItems - Preload.queryLimit + 1))
            if legacyQuery {
                return #"{"TableName":"\#(table)","KeyConditions":{"#
                    + #""pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"\#(Preload.queryPartition)"}]},"#
                    + #""sk":{"ComparisonOperator":"GE","AttributeValueList":[{"S":"\#(Self.sortKey(start))"}]}},"#
                    + #""Limit":\#(Preload.queryLimit)}"#
            }
            return #"{"TableName":"\#(table)","KeyConditionExpression":"pk = :p AND sk >= :s","#
                + #""ExpressionAttributeValues":{":p":{"S":"\#(Preload.queryPartition)"},":s":{"S":"\#(Self.sortKey(start))"}},"#
                + #""Limit":\#(Preload.queryLimit)}"#
        case .measured(.batchWriteItem):
            return Self.batchWriteBody(table: table, connection: connection, sequence: sequence)
        case .measured(.updateItem):
            let index = Int(random.next() % UInt64(Preload.getItems))
            return #"{"TableName":"\#(table)","Key":{"pk":{"S":"g\#(index)"},"sk":{"S":"0"}},"#
                + ##""UpdateExpression":"ADD #c :one","ExpressionAttributeNames":{"#c":"counter"},"##
                + #""ExpressionAttributeValues":{":one":{"N":"1"}}}"#
        case .measured(.filteredQuery):
            let start = Int(random.next() % UInt64(Preload.queryItems - Preload.queryLimit + 1))
            return #"{"TableName":"\#(table)","KeyConditionExpression":"pk = :p AND sk >= :s","#
                + #""FilterExpression":"n >= :z","#
                + #""ExpressionAttributeValues":{":p":{"S":"\#(Preload.queryPartition)"},":s":{"S":"\#(Self.sortKey(start))"},"#
                + #"":z":{"N":"\#(Preload.getItems + start + Preload.queryLimit / 2)"}},"#
                + #""Limit":\#(Preload.queryLimit)}"#
        case .measured(.transactWriteItems):
            let puts = (0..<4).map { i in
                #"{"Put":{"TableName":"\#(table)","Item":\#(Self.item(pk: "t\(connection)-\(sequence)-\(i)", sk: "0", n: i))}}"#
            }
            return #"{"TransactItems":[\#(puts.joined(separator: ","))]}"#
        case .measured(.putItemGSI):
            let item = Self.gsiItem(pk: "w\(connection)-\(sequence)", sk: Self.sortKey(sequence % 100_000),
                                    g1: "w\(connection % 16)", g2: "v\(sequence % 64)", n: sequence)
            return #"{"TableName":"\#(gsiTable)","Item":\#(item)}"#
        case .measured(.queryGSI):
            let start = Int(random.next() % UInt64(Preload.gsiItems - Preload.queryLimit + 1))
            return #"{"TableName":"\#(gsiTable)","IndexName":"g1-index","KeyConditionExpression":"g1 = :g AND sk >= :s","#
                + #""ExpressionAttributeValues":{":g":{"S":"\#(Preload.gsiPartition)"},":s":{"S":"\#(Self.sortKey(start))"}},"#
                + #""Limit":\#(Preload.queryLimit)}"#
        case .preload where sequence >= Self.mainPreloadRequests:
            let first = (sequence - Self.mainPreloadRequests) * Preload.batchSize
            let last = min(first + Preload.batchSize, Preload.gsiItems)
            let puts = (first..<last).map { index in
                #"{"PutRequest":{"Item":\#(Self.gsiItem(pk: "gp\(index)", sk: Self.sortKey(index), g1: Preload.gsiPartition, g2: "x\(index % 10)", n: index))}}"#
            }
            return #"{"RequestItems":{"\#(gsiTable)":[\#(puts.joined(separator: ","))]}}"#
        case .preload:
            let first = sequence * Preload.batchSize
            let last = min(first + Preload.batchSize, Preload.getItems + Preload.queryItems)
            let puts = (first..<last).map { index in
                let item = index < Preload.getItems
                    ? Self.item(pk: "g\(index)", sk: "0", n: index)
                    : Self.item(pk: Preload.queryPartition, sk: Self.sortKey(index - Preload.getItems), n: index)
                return #"{"PutRequest":{"Item":\#(item)}}"#
            }
            return #"{"RequestItems":{"\#(table)":[\#(puts.joined(separator: ","))]}}"#
        }
    }

    /// GetItem, Query and Load on the data set; nil for the operations that do not use it.
    private func dataBody(_ data: DataSet, connection: Int, sequence: Int, random: inout SplitMix64) -> String? {
        switch kind {
        case .measured(.getItem):
            let index = Int(random.next() % UInt64(data.items))
            return #"{"TableName":"\#(table)","Key":{"pk":{"S":"\#(data.partitionKey(index % data.partitions))"},"#
                + #""sk":{"S":"\#(data.sortKey(position: index / data.partitions))"}}}"#
        case .measured(.query):
            let partition = Int(random.next() % UInt64(data.partitions))
            let starts = max(1, data.count(partition: partition) - Preload.queryLimit + 1)
            let start = Int(random.next() % UInt64(starts))
            return #"{"TableName":"\#(table)","KeyConditionExpression":"pk = :p AND sk >= :s","#
                + #""ExpressionAttributeValues":{":p":{"S":"\#(data.partitionKey(partition))"},"#
                + #"":s":{"S":"\#(data.sortKey(position: start))"}},"Limit":\#(Preload.queryLimit)}"#
        case .measured(.load):
            let first = sequence * data.batch
            let puts = (first..<min(first + data.batch, data.items)).map { #"{"PutRequest":{"Item":\#(data.item($0))}}"# }
            return #"{"RequestItems":{"\#(table)":[\#(puts.joined(separator: ","))]}}"#
        default:
            return nil
        }
    }

    /// Scan (ScanAll) or Query over partition 0 (QueryAll) of the whole table, from `startKey`
    /// (a LastEvaluatedKey as the server wrote it), with the default 1 MB page.
    static func pageBody(_ operation: Operation, table: String, data: DataSet, startKey: String?) -> String {
        let start = startKey.map { #","ExclusiveStartKey":\#($0)"# } ?? ""
        if operation == .scanAll { return #"{"TableName":"\#(table)"\#(start)}"# }
        return #"{"TableName":"\#(table)","KeyConditionExpression":"pk = :p","#
            + #""ExpressionAttributeValues":{":p":{"S":"\#(data.partitionKey(0))"}}\#(start)}"#
    }

    /// CreateTable for the table with two GSIs.
    static func createGSITableBody(table: String) -> String {
        #"{"TableName":"\#(table)","BillingMode":"PAY_PER_REQUEST","#
            + #""AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},"#
            + #"{"AttributeName":"g1","AttributeType":"S"},{"AttributeName":"g2","AttributeType":"S"}],"#
            + #""KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"#
            + #""GlobalSecondaryIndexes":[{"IndexName":"g1-index","KeySchema":[{"AttributeName":"g1","KeyType":"HASH"},"#
            + #"{"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}},"#
            + #"{"IndexName":"g2-index","KeySchema":[{"AttributeName":"g2","KeyType":"HASH"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}"#
    }

    /// CreateTable for the benchmark table (on-demand, so no throughput figures matter).
    static func createTableBody(table: String) -> String {
        #"{"TableName":"\#(table)","BillingMode":"PAY_PER_REQUEST","#
            + #""AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],"#
            + #""KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}"#
    }
}

/// ASCII text appended as bytes, for request bodies built at every request.
struct ByteText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// A non-negative integer in decimal, as `"\(value)"` writes it.
    mutating func append(decimal value: Int) {
        precondition(value >= 0)
        var digits = 1, rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let end = bytes.count + digits
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var remaining = value, position = end
        repeat {
            position -= 1
            bytes[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        } while remaining > 0
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
