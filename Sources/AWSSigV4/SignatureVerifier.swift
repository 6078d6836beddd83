#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opt-in signature verification (`-verifySignatures`): the credentials it knows and a cache of
/// derived signing keys. Session tokens (`X-Amz-Security-Token`) are not checked: any token is
/// accepted with a known access key, since there is no STS to ask.
public struct SignatureVerifier: Sendable {
    /// Access key id → secret access key.
    public let credentials: [String: String]
    let keys: SigningKeyCache

    public init(credentials: [String: String], cacheLimit: Int = 256) {
        self.credentials = credentials
        self.keys = SigningKeyCache(limit: cacheLimit)
    }

    /// Nil when the request is signed by a known key and its signature and time are right.
    public func verify<Headers: Sequence<(name: String, value: String)>>(
        method: String, uri: String, headers: Headers, body: [UInt8], authorization: Authorization, now: Int64 = Timestamp.now()
    ) -> SigV4.Failure? {
        SigV4.verify(method: method, uri: uri, headers: headers, body: body, authorization: authorization,
                     secret: credentials[authorization.credential.accessKeyId], now: now, keys: keys)
    }
}

/// Derived signing keys by (secret, date, region, service), so a request costs one HMAC of the
/// string to sign instead of five. Bounded: when full it is emptied (keys change daily anyway).
/// Shared by the server's event-loop threads, hence the lock.
public final class SigningKeyCache: @unchecked Sendable {
    struct Scope: Hashable {
        var secret: String
        var date: String
        var region: String
        var service: String
    }

    // @unchecked Sendable: `entries` is only touched with `mutex` held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var entries: [Scope: HMACKey] = [:]
    let limit: Int

    public init(limit: Int = 256) {
        self.limit = max(1, limit)
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    var count: Int { locked { entries.count } }

    public func key(secret: String, date: String, region: String, service: String) -> HMACKey {
        let scope = Scope(secret: secret, date: date, region: region, service: service)
        if let key = locked({ entries[scope] }) { return key }
        // Derived outside the lock; two threads may both derive the same key, which is harmless.
        let key = SigV4.signingKey(secret: secret, date: date, region: region, service: service)
        locked {
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[scope] = key
        }
        return key
    }

    private func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}
