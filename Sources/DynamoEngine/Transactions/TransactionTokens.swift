import DynamoModel
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: docs/ARCHITECTURE.md, "Dependencies"
#else
import Foundation
#endif

/// TransactWriteItems' ClientRequestToken: a successful transaction's token is remembered for ten
/// minutes (the service's window), per namespace, with a fingerprint of the request. Kept in
/// memory: like the service, a token protects retries, not restarts. Failed transactions leave
/// no token (checked against DynamoDB Local 1.13.5: a cancelled request can be retried under
/// its token, and the token then used for another request); nor do transactions whose commit group
/// failed after they ran.
final class TransactionTokens: @unchecked Sendable {
    // @unchecked: `entries` is only touched while `lock` is held.
    static let lifetime = 600.0

    struct Entry {
        let fingerprint: Int
        let expires: Double
        /// What a replay reports as consumed: the read units of the items it wrote.
        let reads: [Capacity.TransactionUsage]
        /// The commit group that holds the transaction's writes: if that group's COMMIT fails,
        /// the writes are gone and the token must not make a retry report success.
        let group: UInt64?
    }

    enum Lookup {
        case unused
        case replay(Entry)
        case mismatch
    }

    private let lock = Lock()
    private var entries: [String: Entry] = [:]
    private var recorded = 0

    /// `failed`: whether a commit group failed; a token whose writes went with a failed group
    /// counts as unused.
    func lookup(namespace: String, token: String, fingerprint: Int, now: Double, failed: (UInt64) -> Bool) -> Lookup {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[Self.key(namespace, token)], entry.expires > now else { return .unused }
        if let group = entry.group, failed(group) { return .unused }
        return entry.fingerprint == fingerprint ? .replay(entry) : .mismatch
    }

    func record(namespace: String, token: String, fingerprint: Int, reads: [Capacity.TransactionUsage], group: UInt64?,
                now: Double) {
        lock.lock()
        defer { lock.unlock() }
        entries[Self.key(namespace, token)] = Entry(fingerprint: fingerprint, expires: now + Self.lifetime, reads: reads,
                                                    group: group)
        // Expired tokens are dropped now and then, so the table stays as large as ten minutes of use.
        recorded += 1
        if recorded % 256 == 0 { entries = entries.filter { $0.value.expires > now } }
    }

    private static func key(_ namespace: String, _ token: String) -> String { namespace + "\u{0}" + token }
}
