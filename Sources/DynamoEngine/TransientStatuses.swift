import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// -delayTransientStatuses: table and index statuses that pass through CREATING, UPDATING or
/// DELETING for `Engine.Options.transientDelay` seconds, so that code which waits for a table or
/// an index (boto3 waiters, polling loops) sees them, as it would against the service. Without the
/// flag every change is ACTIVE (or gone) at once, as in DynamoDB Local. The changes themselves are
/// made at once; only what DescribeTable and the write responses report is held back.
final class TransientStatuses: @unchecked Sendable {
    // @unchecked: `entries` is only touched while `lock` is held.
    struct Entry {
        var status: String
        var until: Double
        /// DELETING keeps the definition, so DescribeTable can still show the table.
        var deleted: TableDefinition?
        var indexStatuses: [String: String] = [:]
    }

    private let lock = Lock()
    private var entries: [String: Entry] = [:]

    static func key(_ namespace: String, _ table: String) -> String { namespace + "\u{0}" + table }

    func set(_ namespace: String, _ table: String, _ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        entries[Self.key(namespace, table)] = entry
    }

    /// The entry while it lasts.
    func current(_ namespace: String, _ table: String, now: Double) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        let key = Self.key(namespace, table)
        guard let entry = entries[key] else { return nil }
        if now >= entry.until {
            entries[key] = nil
            return nil
        }
        return entry
    }
}

extension Context {
    var delaysStatuses: Bool { engine.options.delayTransientStatuses }

    /// Starts a transient status for `table` when -delayTransientStatuses is on.
    func beginTransition(_ table: String, status: String, deleted: TableDefinition? = nil, indexStatuses: [String: String] = [:]) {
        guard delaysStatuses else { return }
        engine.transientStatuses.set(namespace.name, table, .init(
            status: status, until: now + engine.options.transientDelay, deleted: deleted, indexStatuses: indexStatuses))
    }

    /// The status to report for `table` now, and the statuses of its indexes.
    func reportedStatus(_ table: String) -> (status: String, indexes: [String: String]) {
        guard delaysStatuses, let entry = engine.transientStatuses.current(namespace.name, table, now: now) else { return ("ACTIVE", [:]) }
        return (entry.status, entry.indexStatuses)
    }

    /// A table deleted less than the delay ago, still shown as DELETING.
    func deletingTable(_ table: String) -> TableDefinition? {
        guard delaysStatuses, let entry = engine.transientStatuses.current(namespace.name, table, now: now) else { return nil }
        return entry.deleted
    }
}
