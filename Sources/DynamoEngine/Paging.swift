import DynamoModel
import DynamoStorage

/// The page rules Query and Scan share: `Limit` counts items read (before any filter), and a page
/// ends once it has read 1 MB. Either way the page's last item becomes LastEvaluatedKey.
struct Page {
    static let maxBytes = 1024 * 1024

    let limit: Int?
    /// The items read, for reads that decode them (filters, projections, indexes).
    var scanned: [StoredItem] = []
    /// The JSON array of the items read still encoded (returned unchanged), written as each row
    /// is read (`add(_: EncodedItem)`); nil when there were none, or only a count is returned.
    private(set) var itemsText: ItemsText?
    let countOnly: Bool
    /// How many items were read.
    private(set) var count = 0
    var bytes = 0
    /// The last item read, set when the page stopped before the end of the data.
    var lastEvaluated: Item?

    /// `countOnly`: Select COUNT, whose response has no items.
    init(limit: Int?, countOnly: Bool = false) {
        self.limit = limit
        self.countOnly = countOnly
    }

    /// Takes one item; returns false when the page is full.
    mutating func add(_ stored: StoredItem) throws -> Bool {
        scanned.append(stored)
        return try counted(stored.size) { stored.item }
    }

    /// Takes one item returned unchanged, its JSON written at once while SQLite lends the bytes;
    /// returns false when the page is full.
    mutating func add(_ encoded: EncodedItem) throws -> Bool {
        if !countOnly {
            if itemsText == nil { itemsText = ItemsText() }
            try itemsText!.append(encoded)
        }
        return try counted(encoded.size) { try encoded.decoded() }
    }

    private mutating func counted(_ size: Int, _ item: () throws -> Item) throws -> Bool {
        count += 1
        bytes += size
        if let limit, count >= limit {
            lastEvaluated = try item()
            return false
        }
        if bytes >= Page.maxBytes {
            lastEvaluated = try item()
            return false
        }
        return true
    }

    /// Read capacity for the page: the summed size of everything read, per started 4 KB.
    func readUnits(consistent: Bool) -> Double {
        Capacity.readUnits(bytes, consistent: consistent)
    }
}

enum Select: String {
    case allAttributes = "ALL_ATTRIBUTES"
    case allProjectedAttributes = "ALL_PROJECTED_ATTRIBUTES"
    case specificAttributes = "SPECIFIC_ATTRIBUTES"
    case count = "COUNT"
}

/// A page's items returned unchanged, as one JSON array being written.
final class ItemsText {
    private var out = JSONWriter(capacity: 4096)

    init() { out.append(UInt8(ascii: "[")) }

    func append(_ encoded: EncodedItem) throws {
        if out.count > 1 { out.append(UInt8(ascii: ",")) }
        try encoded.writeJSON(to: &out)
    }

    /// Closes the array; the text as JSON.
    func close() -> JSON {
        out.append(UInt8(ascii: "]"))
        return .raw(out.withBytes { Array($0) })
    }
}

extension Page {
    /// The response members common to Query and Scan.
    /// `items`: the returned items as a JSON array, and how many (`ReadOptions.outputItems`).
    func response(items: (json: JSON, count: Int), select: Select, lastEvaluatedKey: Item?, consumed: JSON?) -> JSON {
        var members: [(String, JSON)] = []
        if select != .count { members.append(("Items", items.json)) }
        members.append(("Count", .number(String(items.count))))
        members.append(("ScannedCount", .number(String(count))))
        if let lastEvaluatedKey { members.append(("LastEvaluatedKey", AttributeValue.json(lastEvaluatedKey))) }
        if let consumed { members.append(("ConsumedCapacity", consumed)) }
        return .object(members)
    }
}
