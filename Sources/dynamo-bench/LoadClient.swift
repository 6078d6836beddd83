import NIOCore
import NIOHTTP1
import NIOPosix

/// What one connection measured.
struct ConnectionResult: Sendable {
    /// Latency of each recorded request (sent after the warm-up), in nanoseconds.
    var latencies: [UInt64] = []
    /// Answers received, warm-up included.
    var answered = 0
    /// Recorded answers with a status other than 200.
    var errors = 0
    /// The first non-200 answer (status and body), or why the connection ended early.
    var firstError: String?
    /// When the last answer arrived.
    var lastAnswerAt: UInt64 = 0
}

/// When a connection stops sending, all times on `NIODeadline`'s monotonic clock.
struct RunLimits: Sendable {
    /// Answers to requests sent before this instant are not recorded.
    var recordFrom: UInt64
    /// No request is sent at or after this instant.
    var stopAt: UInt64
    /// No more than this many recorded requests (sent at or after `recordFrom`) are sent.
    var maxRequests: Int
    /// Sequence numbers: `first`, `first + step`, ...
    var firstSequence: Int
    var step: Int
}

/// Sent down the pipeline to start a connection's closed loop.
struct Start: Sendable {
    let limits: RunLimits
}

/// Drives one keep-alive connection as a closed loop: send a request, wait for its whole answer,
/// record the latency, send the next. The connection's event loop is the only thread that touches it.
/// It writes each request as one buffer (the head's fixed part made once) and reads answers with
/// `ResponseReader`, with no HTTP codec in the pipeline, so the client's own CPU per request stays
/// well below the server's (docs/BENCHMARKS.md, "Issue 7, session 6").
final class LoadHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let workload: Workload
    private let connection: Int
    private let done: EventLoopPromise<ConnectionResult>
    private var random: SplitMix64
    private var limits = RunLimits(recordFrom: 0, stopAt: 0, maxRequests: 0, firstSequence: 0, step: 1)
    private var result = ConnectionResult()
    private var sent = 0
    private var sentRecorded = 0
    private var sentAt: UInt64 = 0
    private var awaiting = false
    /// Received bytes of an answer not yet complete.
    private var pending: ByteBuffer?
    private var finished = false

    init(workload: Workload, connection: Int, done: EventLoopPromise<ConnectionResult>) {
        self.workload = workload
        self.connection = connection
        self.done = done
        random = SplitMix64(seed: UInt64(connection) &* 0x2545_F491_4F6C_DD1D &+ 1)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let start = event as? Start else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        limits = start.limits
        result.latencies.reserveCapacity(1 << 16)
        sendNextOrFinish(context: context)
    }

    private func sendNextOrFinish(context: ChannelHandlerContext) {
        let now = NIODeadline.now().uptimeNanoseconds
        guard sentRecorded < limits.maxRequests, now < limits.stopAt else {
            finish(context: context, reason: nil)
            return
        }
        let body = workload.body(connection: connection, sequence: limits.firstSequence + sent * limits.step, random: &random)
        sent += 1
        let request = workload.request(body: body, allocator: context.channel.allocator)
        sentAt = NIODeadline.now().uptimeNanoseconds
        if sentAt >= limits.recordFrom { sentRecorded += 1 }
        awaiting = true
        context.writeAndFlush(wrapOutboundOut(request), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var received = unwrapInboundIn(data)
        if var earlier = pending {
            pending = nil
            earlier.writeBuffer(&received)
            received = earlier
        }
        while received.readableBytes > 0, !finished {
            let read = received.withUnsafeReadableBytes { ResponseReader.read($0) }
            switch read {
            case .incomplete:
                pending = received
                return
            case .malformed(let why):
                finish(context: context, reason: "an unreadable answer: \(why)")
                context.close(promise: nil)
                return
            case .response(let status, let body, let length):
                guard awaiting else {
                    finish(context: context, reason: "an answer to no request")
                    context.close(promise: nil)
                    return
                }
                awaiting = false
                let text = status == 200 ? nil : received.withUnsafeReadableBytes { bytes in
                    switch body {
                    case .range(let range): String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                    case .joined(let joined): String(decoding: joined, as: UTF8.self)
                    }
                }
                received.moveReaderIndex(forwardBy: length)
                answered(status: status, errorBody: text, context: context)
            }
        }
    }

    private func answered(status: Int, errorBody: String?, context: ChannelHandlerContext) {
        let now = NIODeadline.now().uptimeNanoseconds
        result.answered += 1
        result.lastAnswerAt = now
        if sentAt >= limits.recordFrom {
            result.latencies.append(now - sentAt)
            if status != 200 {
                result.errors += 1
                if result.firstError == nil { result.firstError = "HTTP \(status): \(errorBody ?? "")" }
            }
        }
        sendNextOrFinish(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context: context, reason: "connection closed by the server after \(result.answered) answers")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context: context, reason: "connection error: \(error)")
        context.close(promise: nil)
    }

    private func finish(context: ChannelHandlerContext, reason: String?) {
        guard !finished else { return }
        finished = true
        if let reason {
            result.errors += 1
            if result.firstError == nil { result.firstError = reason }
        }
        done.succeed(result)
    }
}

/// Opens connections, runs one workload on all of them at once and collects what they measured.
struct LoadClient {
    let group: MultiThreadedEventLoopGroup
    let options: Options

    /// Runs `workload` on `connections` connections. `limits(now)` fixes the run's limits once every
    /// connection is open, so connecting is not measured. Returns that instant and the results.
    func run(_ workload: Workload, connections: Int, limits: @Sendable (_ now: UInt64, _ connection: Int) -> RunLimits) async throws -> (start: UInt64, results: [ConnectionResult]) {
        var channels: [(any Channel, EventLoopFuture<ConnectionResult>)] = []
        defer { for (channel, _) in channels { channel.close(promise: nil) } }
        for index in 0..<connections {
            let eventLoop = group.next()
            let done = eventLoop.makePromise(of: ConnectionResult.self)
            let channel = try await ClientBootstrap(group: eventLoop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(LoadHandler(workload: workload, connection: index, done: done))
                    }
                }
                .connect(host: options.host, port: options.port)
                .get()
            channels.append((channel, done.futureResult))
        }
        let now = NIODeadline.now().uptimeNanoseconds
        for (index, (channel, _)) in channels.enumerated() {
            channel.pipeline.fireUserInboundEventTriggered(Start(limits: limits(now, index)))
        }
        var results: [ConnectionResult] = []
        for (_, future) in channels { results.append(try await future.get()) }
        return (now, results)
    }

    /// One request on its own connection; returns the status and the body.
    func call(target: String, body: String) async throws -> (status: UInt, body: String) {
        let (status, buffer) = try await callBuffer(target: target, body: body)
        return (status, String(buffer: buffer))
    }

    /// One request on its own connection; returns the status and the body's bytes.
    func callBuffer(target: String, body: String) async throws -> (status: UInt, body: ByteBuffer) {
        let eventLoop = group.next()
        let done = eventLoop.makePromise(of: (status: UInt, body: ByteBuffer).self)
        let channel = try await ClientBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(CallHandler(done: done))
                }
            }
            .connect(host: options.host, port: options.port)
            .get()
        defer { channel.close(promise: nil) }
        var head = Workload.requestHead(target: target, options: options)
        head.headers.add(name: "Content-Length", value: String(body.utf8.count))
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(string: body))), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        return try await done.futureResult.get()
    }
}

/// Collects one answer for `LoadClient.call`.
final class CallHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let done: EventLoopPromise<(status: UInt, body: ByteBuffer)>
    private var status: UInt = 0
    private var body = ByteBuffer()
    private var finished = false

    init(done: EventLoopPromise<(status: UInt, body: ByteBuffer)>) { self.done = done }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = head.status.code
        case .body(var part): body.writeBuffer(&part)
        case .end:
            finished = true
            done.succeed((status, body))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !finished {
            finished = true
            done.fail(ChannelError.eof)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !finished {
            finished = true
            done.fail(error)
        }
        context.close(promise: nil)
    }
}
