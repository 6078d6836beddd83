import DynamoModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// What a connection may cost the server, so that slow, idle or numerous clients cannot exhaust
/// memory, file descriptors or event-loop time. Defaults and reasons: docs/ARCHITECTURE.md, "Limits".
public struct ConnectionLimits: Sendable, Equatable {
    /// Seconds from a request's first byte to its last (head and body); 0 means no limit.
    public var requestTimeout: Double
    /// Seconds a connection may stay open with no request in progress; 0 means no limit.
    public var idleTimeout: Double
    /// Open connections at most; a connection accepted beyond it is closed at once.
    public var maxConnections: Int

    public init(requestTimeout: Double = 60, idleTimeout: Double = 200, maxConnections: Int = 10_000) {
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// The request head (request line and headers) in bytes, and its number of header fields.
    /// DynamoDB Local (Jetty 8) refuses a head over 6 KB (413), which holds at most about 1,500
    /// fields, so these never refuse a request it accepts; they bound what one request can cost.
    public static let maxHeaderBytes = 64 * 1024
    public static let maxHeaderFields = 2_000


    /// The default cap for an open-file limit: 10,000, or fewer where the limit is low, leaving 128
    /// descriptors for SQLite files (three per namespace on disk), the event loops and stdio.
    public static func defaultMaxConnections(openFileLimit: Int) -> Int {
        max(16, min(10_000, openFileLimit - 128))
    }

    /// Raises this process's soft limit on open files to its hard limit, as the JVM does for
    /// DynamoDB Local (checked: started under `ulimit -Sn 1024`, it runs with the hard limit).
    /// Returns the soft limit in effect afterwards.
    public static func raiseOpenFileLimit() -> Int {
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        // An unlimited hard limit cannot be the soft one; 2^20 is Linux's default nr_open.
        let target = min(limit.rlim_max, 1 << 20)
        if limit.rlim_cur < target {
            var raised = limit
            raised.rlim_cur = target
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Int(min(limit.rlim_cur, rlim_t(Int32.max)))
    }
}

/// Counts open connections across event loops. Touched twice per connection, never per request.
final class ConnectionCounter: @unchecked Sendable {  // `count` is guarded by `lock`.
    private let lock = Lock()
    private var count = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Takes a slot; false when all are taken.
    func admit() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard count < limit else { return false }
        count += 1
        return true
    }

    func release() {
        lock.lock()
        count -= 1
        lock.unlock()
    }

    struct Full: Error {}
}

/// On the listening channel: when accept() fails for want of descriptors or memory, stop accepting
/// for a moment. NIO's AcceptBackoffHandler cannot help there: when every accept of a wake-up fails,
/// NIO asks for no new read for the handler to delay, and the level-triggered listening socket wakes
/// the loop again at once (measured under a 100-descriptor limit: 11,000 failed accept4 a second,
/// two thirds of a core). Turning autoRead off takes the socket out of epoll until the pause ends.
final class AcceptPause: ChannelInboundHandler {
    typealias InboundIn = any Channel

    static let pause = TimeAmount.milliseconds(100)
    private var paused = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let code = (error as? IOError)?.errnoCode, [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(code) else {
            return context.fireErrorCaught(error)
        }
        guard !paused, let options = context.channel.syncOptions else { return }
        paused = true
        try? options.setOption(.autoRead, value: false)
        context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: Self.pause) {
            self.paused = false
            try? context.channel.syncOptions?.setOption(.autoRead, value: true)
        }
    }
}

/// The request-read and idle timeouts of one connection. It sits first in the pipeline, so it sees
/// a request's first byte before the HTTP decoder does (a client sending its head a byte at a time
/// never produces a request); `HTTPConnection` reports each request's start and end.
///
/// One scheduled callback per connection, re-armed lazily: a new deadline later than the armed one
/// only updates `deadline`, and the callback, firing early, re-arms itself for it. So back-to-back
/// requests cost two clock reads each and no scheduling; the timer is re-armed at most once per
/// `requestTimeout` while busy, and once when a request follows an idle spell.
///
/// On expiry the connection is closed without a response, as DynamoDB Local (Jetty) does for a
/// stalled head or body; a 408 written here could also interleave with a response still being written.
final class ConnectionTimeouts: ChannelInboundHandler, RemovableChannelHandler, NIOScheduledCallbackHandler {
    typealias InboundIn = ByteBuffer

    private let requestTimeout: TimeAmount?
    private let idleTimeout: TimeAmount?
    private var context: ChannelHandlerContext?
    private var inRequest = false
    /// When the connection times out; `.distantFuture` when the current phase has no limit.
    private var deadline = NIODeadline.distantFuture
    private var timer: NIOScheduledCallback?
    private var timerDeadline = NIODeadline.distantFuture
    /// Response bytes still queued when the idle deadline last passed, to tell a client that is
    /// slowly reading a large response from one that has stopped reading.
    private var queuedAtLastCheck = 0

    init(_ limits: ConnectionLimits) {
        requestTimeout = limits.requestTimeout > 0 ? .nanoseconds(Int64(limits.requestTimeout * 1e9)) : nil
        idleTimeout = limits.idleTimeout > 0 ? .nanoseconds(Int64(limits.idleTimeout * 1e9)) : nil
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { requestEnded() }
    }

    func handlerRemoved(context: ChannelHandlerContext) { stop() }

    func channelActive(context: ChannelHandlerContext) {
        requestEnded()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !inRequest { requestStarted() }
        context.fireChannelRead(data)
    }

    /// A request's first byte (or, for a pipelined request already buffered, its head) arrived.
    func requestStarted() {
        guard !inRequest else { return }
        inRequest = true
        setDeadline(requestTimeout.map { .now() + $0 } ?? .distantFuture)
    }

    /// The request's last byte arrived: the connection is idle until the next one starts.
    func requestEnded() {
        inRequest = false
        queuedAtLastCheck = 0
        setDeadline(idleTimeout.map { .now() + $0 } ?? .distantFuture)
    }

    private func setDeadline(_ newDeadline: NIODeadline) {
        deadline = newDeadline
        // The armed callback may fire early (it re-arms), never late.
        if newDeadline < timerDeadline { arm(at: newDeadline) }
    }

    private func arm(at when: NIODeadline) {
        guard let context else { return }
        timer?.cancel()
        timer = try? context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleCallback(at: when, handler: self)
        timerDeadline = timer == nil ? .distantFuture : when
    }

    private func stop() {
        timer?.cancel()
        timer = nil
        timerDeadline = .distantFuture
        context = nil
    }

    func handleScheduledCallback(eventLoop: some EventLoop) {
        timer = nil
        timerDeadline = .distantFuture
        guard let context, deadline != .distantFuture else { return }
        let now = NIODeadline.now()
        if now < deadline { return arm(at: deadline) }
        if !inRequest, let idleTimeout,
           let queued = try? context.channel.syncOptions?.getOption(.bufferedWritableBytes),
           queued > 0, queued != queuedAtLastCheck {
            // Idle, but the client is still reading the last response: give it another period.
            queuedAtLastCheck = queued
            deadline = now + idleTimeout
            return arm(at: deadline)
        }
        context.close(promise: nil)
    }
}

