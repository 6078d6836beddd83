import DynamoModel
import DynamoStorage
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// Time to Live expiry: a sweep deletes the items of TTL-enabled tables whose TTL attribute is a
/// Number of epoch seconds in the past, as the service's background process does. Each deletion is
/// a stream REMOVE record marked as done by the service. Items whose attribute is not a Number, or
/// is more than five years in the past, are left alone (AWS developer guide, "Time to Live").
/// Expired items stay readable until a sweep reaches them, as in the service.
extension Engine {
    static let ttlHorizon: Double = 5 * 365 * 24 * 60 * 60
    /// Deletions per write transaction, so a large sweep never holds the namespace lock for long.
    static let ttlBatch = 100

    /// One sweep over every open namespace; returns how many items it deleted. Also trims stream
    /// records past their 24-hour retention.
    @discardableResult
    public func sweepExpiredItems(now: Double = Date().timeIntervalSince1970) throws -> Int {
        var deleted = 0
        for namespace in storage.openNamespaces() {
            try namespace.write { tx in try tx.trimStreams(before: now - Streams.retention) }
            let tables = try namespace.read { tx in tx.tableNames().compactMap { tx.table($0) } }
                .filter { $0.settings.timeToLiveAttribute != nil }
            for table in tables {
                let attribute = table.settings.timeToLiveAttribute!
                var expired: [StorageKey] = []
                try namespace.read { tx in
                    guard let current = tx.table(table.name) else { return }
                    try tx.scan(current, exclusiveStart: nil) { stored in
                        if Self.isExpired(stored.item[attribute], now: now) {
                            expired.append(StorageKey(partition: stored.item[current.keySchema.hash.name]!,
                                                      sort: current.keySchema.range.map { stored.item[$0.name]! }))
                        }
                        return true
                    }
                }
                var start = 0
                while start < expired.count {
                    let batch = expired[start..<min(start + Self.ttlBatch, expired.count)]
                    start += Self.ttlBatch
                    deleted += try namespace.write { tx in
                        // Re-read under the write lock: the item may have changed since the scan.
                        guard let current = tx.table(table.name), current.settings.timeToLiveAttribute == attribute else { return 0 }
                        var count = 0
                        for key in batch {
                            guard let old = try tx.getItem(current, key), Self.isExpired(old.item[attribute], now: now) else { continue }
                            try tx.deleteItem(current, key, old: .some(old.item), byService: true)
                            count += 1
                        }
                        return count
                    }
                }
            }
        }
        return deleted
    }

    static func isExpired(_ value: AttributeValue?, now: Double) -> Bool {
        guard case .n(let number)? = value, let seconds = Double(number.description) else { return false }
        return seconds <= now && seconds >= now - ttlHorizon
    }
}
