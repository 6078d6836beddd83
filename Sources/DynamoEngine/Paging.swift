import DynamoModel
import DynamoStorage

/// The page rules Query and Scan share: `Limit` counts items read (before any filter), and a page
/// ends once it has read 1 MB. Either way the page's last item becomes LastEvaluatedKey.
struct Page {
    static let maxBytes = 1024 * 1024

    let limit: Int?
    var scanned: [StoredItem] = []
    var bytes = 0
    /// The last item read, set when the page stopped before the end of the data.
    var lastEvaluated: Item?

    init(limit: Int?) { self.limit = limit }

    /// Takes one item; returns false when the page is full.
    mutating func add(_ stored: StoredItem) throws -> Bool {
        scanned.append(stored)
        bytes += stored.size
        if let limit, scanned.count >= limit {
            lastEvaluated = try stored.decoded()
            return false
        }
        if bytes >= Page.maxBytes {
            lastEvaluated = try stored.decoded()
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

extension Page {
    /// The response members common to Query and Scan.
    /// `items`: the returned items as a JSON array, and how many (`ReadOptions.outputItems`).
    func response(items: (json: JSON, count: Int), select: Select, lastEvaluatedKey: Item?, consumed: JSON?) -> JSON {
        var members: [(String, JSON)] = []
        if select != .count { members.append(("Items", items.json)) }
        members.append(("Count", .number(String(items.count))))
        members.append(("ScannedCount", .number(String(scanned.count))))
        if let lastEvaluatedKey { members.append(("LastEvaluatedKey", AttributeValue.json(lastEvaluatedKey))) }
        if let consumed { members.append(("ConsumedCapacity", consumed)) }
        return .object(members)
    }
}
