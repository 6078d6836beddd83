import DynamoEngine
import DynamoModel
import NIOCore

/// One HTTP/1.1 connection: reads requests with `HTTP1Parser`, answers each with the `Responder`
/// and writes the response as one buffer. It replaces NIO's HTTP decoder, encoder, pipelining,
/// header-validation and error handlers (see `HTTP1Parser` for why).
///
/// One request at a time is with the engine thread (`EngineThread`); the next one is read when its
/// answer is back, so pipelined requests are answered in order and need no queue. When the socket
/// stops being writable (a client pipelining without reading), buffered requests wait and reads
/// from the socket stop until it drains, so a connection's memory stays bounded.
final class HTTPConnection: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum State {
        /// Reading a head; `scanned` bytes of `buffer` hold no terminator.
        case head(scanned: Int)
        /// Reading a Content-Length body.
        case body(RequestHead, length: Int)
        /// Reading and dropping a body over `Responder.maxBodyBytes`; answered with 413 at its end.
        case discarding(RequestHead, remaining: Int)
        case chunked(RequestHead, ChunkedBodyReader, [UInt8])
        /// A response that ends the connection was written; input is ignored.
        case closing
    }

    let responder: Responder
    let engine: EngineThreads
    let maxHeaderBytes: Int
    let maxHeaderFields: Int
    /// Told where each request starts and ends (the request and idle timeouts).
    let timeouts: ConnectionTimeouts?
    var state = State.head(scanned: 0)
    /// Bytes received and not yet consumed; nil when there are none (so NIO can reuse its
    /// receive buffer, which it does only while nobody else holds it).
    var buffer: ByteBuffer?
    var requestIds = RequestIds()
    var paused = false
    /// A request is with the engine thread; the next one is read from `buffer` when its answer is back.
    var inFlight = false
    /// False once the channel is inactive: an answer that comes back then is dropped.
    var active = true
    var readPending = false
    var wrote = false

    init(responder: Responder, engine: EngineThreads, maxHeaderBytes: Int, maxHeaderFields: Int, timeouts: ConnectionTimeouts? = nil) {
        self.responder = responder
        self.engine = engine
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFields = maxHeaderFields
        self.timeouts = timeouts
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        if case .closing = state { return }
        if buffer == nil || buffer!.readableBytes == 0 {
            buffer = chunk
        } else {
            buffer!.writeBuffer(&chunk)
        }
        process(context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        buffer = nil
        state = .closing
        active = false
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if paused && context.channel.isWritable {
            paused = false
            process(context: context)
            flushIfNeeded(context: context)
            if readPending && !paused && !inFlight {
                readPending = false
                context.read()
            }
        }
        context.fireChannelWritabilityChanged()
    }

    /// Reading stops while the socket is not writable, and while a request is with the engine
    /// and the next one is already buffered (a client pipelining), so a connection's memory stays
    /// bounded. Stopped for every request in flight, NIO took the socket out of epoll and put it
    /// back for every request (`Selector.reregister` and `epoll_ctl`: 300 instructions per GetItem,
    /// callgrind).
    func read(context: ChannelHandlerContext) {
        if paused || (inFlight && (buffer?.readableBytes ?? 0) > 0) {
            readPending = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func flushIfNeeded(context: ChannelHandlerContext) {
        if wrote {
            wrote = false
            context.flush()
        }
    }

    /// Reads as many whole requests from `buffer` as it holds, answering each.
    func process(context: ChannelHandlerContext) {
        while !paused, !inFlight, var bytes = buffer, bytes.readableBytes > 0 {
            let progressed: Bool
            do {
                progressed = try step(context: context, &bytes)
            } catch {
                fail(error, context: context)
                return
            }
            if case .closing = state { buffer = nil; return }
            buffer = bytes.readableBytes > 0 ? bytes : nil
            if !progressed { break }
            if !context.channel.isWritable { paused = true }
        }
        // Keep a partial request in a buffer of our own, so NIO's receive buffer is free again.
        if var rest = buffer, rest.readableBytes > 0, rest.capacity > 4 * rest.readableBytes + 4096 {
            var own = context.channel.allocator.buffer(capacity: rest.readableBytes)
            own.writeBuffer(&rest)
            buffer = own
        }
        flushIfNeeded(context: context)
    }

    /// One step of the state machine over `bytes`; false when it needs more input.
    func step(context: ChannelHandlerContext, _ bytes: inout ByteBuffer) throws(HTTPParseError) -> Bool {
        switch state {
        case .head(let scanned):
            // A pipelined request may already be buffered: its time counts from now.
            if scanned == 0 { timeouts?.requestStarted() }
            let result = bytes.withUnsafeReadableBytes {
                HTTP1Parser.parse($0, scanned: scanned, maxHeaderBytes: maxHeaderBytes, maxHeaderFields: maxHeaderFields)
            }
            switch result {
            case .incomplete(let scanned):
                state = .head(scanned: scanned)
                return false
            case .invalid(let error):
                throw error
            case .complete(let head, let length):
                bytes.moveReaderIndex(forwardBy: length)
                if head.expectsContinue {
                    // curl sends "Expect: 100-continue" for large bodies and waits a second without it.
                    write(context: context, head.minorVersion == 0 ? "HTTP/1.0 100 Continue\r\n\r\n" : "HTTP/1.1 100 Continue\r\n\r\n")
                }
                switch head.framing {
                case .length(let length) where length > Responder.maxBodyBytes:
                    state = .discarding(head, remaining: length)
                case .length(0):
                    // Nothing more to read: answer now (the buffer may be empty).
                    respond(context: context, head: head, body: [], tooLarge: false)
                case .length(let length):
                    state = .body(head, length: length)
                case .chunked:
                    state = .chunked(head, ChunkedBodyReader(limit: Responder.maxBodyBytes, maxLineBytes: 4096), [])
                }
                return true
            }
        case .body(let head, let length):
            guard bytes.readableBytes >= length else { return false }
            let body = bytes.readBytes(length: length) ?? []
            respond(context: context, head: head, body: body, tooLarge: false)
            return true
        case .discarding(let head, let remaining):
            let n = min(remaining, bytes.readableBytes)
            bytes.moveReaderIndex(forwardBy: n)
            if n == remaining {
                respond(context: context, head: head, body: [], tooLarge: true)
            } else {
                state = .discarding(head, remaining: remaining - n)
            }
            return true
        case .chunked(let head, var reader, var body):
            state = .closing  // drop the body's reference while it grows (no copy on append)
            let consumed = try bytes.withUnsafeReadableBytes { (raw) throws(HTTPParseError) -> Int in
                try reader.read(raw, into: &body)
            }
            bytes.moveReaderIndex(forwardBy: consumed)
            if reader.isDone {
                respond(context: context, head: head, body: reader.overLimit ? [] : body, tooLarge: reader.overLimit)
            } else {
                state = .chunked(head, reader, body)
            }
            return consumed > 0
        case .closing:
            bytes.moveReaderIndex(forwardBy: bytes.readableBytes)
            return false
        }
    }

    func respond(context: ChannelHandlerContext, head: RequestHead, body: [UInt8], tooLarge: Bool) {
        state = .head(scanned: 0)
        timeouts?.requestEnded()
        let request = HTTPRequest(method: head.method, uri: head.uri, fields: head.headers, body: body,
                                  bodyTooLarge: tooLarge, requestId: requestIds.next())
        switch responder.prepare(request) {
        case .answered(let response):
            send(response, head: head, context: context)
        case .engine(let call):
            // The operation runs on the engine thread. Nothing more is read or answered on this
            // connection until its answer is back, so answers go out in request order.
            let deliver = NIOLoopBound({ [self] (result: Result<JSON, DynamoError>) in
                answer(call, result, head: head, context: context)
            }, eventLoop: context.eventLoop)
            if engine.submit(EngineThread.Job(call: call, loop: context.eventLoop, deliver: deliver)) {
                inFlight = true
            } else {
                // The server is stopping: the request is not run, as when its connection is closed.
                state = .closing
                buffer = nil
                context.close(promise: nil)
            }
        }
    }

    /// The engine's answer to the request in flight, back on the event loop: written, and then
    /// the requests that arrived meanwhile are read.
    func answer(_ call: Responder.EngineCall, _ result: Result<JSON, DynamoError>, head: RequestHead, context: ChannelHandlerContext) {
        inFlight = false
        guard active else { return }
        send(responder.finish(call, result), head: head, context: context)
        process(context: context)
        if readPending && !paused && !inFlight {
            readPending = false
            context.read()
        }
    }

    func send(_ response: HTTPResponse, head: RequestHead, context: ChannelHandlerContext) {
        // The head is written with plain copies into one reservation: ByteBuffer's per-call
        // write methods cost ~260 instructions each, 7% of a GetItem.
        let sendBody = head.method != "HEAD"  // a HEAD answer has the GET answer's headers, no body
        var headerBytes = 0
        for (name, value) in response.headers { headerBytes += name.utf8.count + value.utf8.count + 4 }
        let headBytes = 128 + headerBytes
        var out = context.channel.allocator.buffer(capacity: headBytes + (sendBody ? response.body.count : 0))
        out.writeWithUnsafeMutableBytes(minimumWritableBytes: headBytes) { raw in
            var writer = HeadWriter(base: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
            writer.write(head.versionText)
            writer.write(Self.statusLine(response.status))
            for (name, value) in response.headers {
                writer.write(name)
                writer.write(": ")
                writer.write(value)
                writer.write("\r\n")
            }
            writer.write("Content-Length: ")
            writer.write(decimal: response.body.count)
            writer.write("\r\n")
            if !head.keepAlive {
                writer.write("Connection: close\r\n")
            } else if head.minorVersion == 0 {
                // HTTP/1.0 clients keep the connection only when told so.
                writer.write("Connection: keep-alive\r\n")
            }
            writer.write("\r\n")
            return writer.count
        }
        if sendBody { out.writeBytes(response.body) }
        context.write(wrapOutboundOut(out), promise: nil)
        wrote = true
        if !head.keepAlive { closeAfterFlush(context: context) }
    }

    /// Copies the pieces of a response head to memory reserved for at least their total size.
    struct HeadWriter {
        let base: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func write(_ text: StaticString) {
            (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            count += text.utf8CodeUnitCount
        }

        mutating func write(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                (base + count).update(from: bytes.baseAddress!, count: bytes.count)
                count += bytes.count
            }
        }

        mutating func write(decimal value: Int) {
            var digits = 1, rest = value / 10
            while rest > 0 { digits += 1; rest /= 10 }
            var remaining = value
            for position in stride(from: digits - 1, through: 0, by: -1) {
                base[count + position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            count += digits
        }
    }

    /// " 200 OK\r\n" and the like: the status line after the version, for the statuses the
    /// Responder gives (200, and DynamoError.Kind.status: 400, 413, 500). 400s and 431s for
    /// unreadable requests are written by `fail`.
    static func statusLine(_ status: Int) -> StaticString {
        switch status {
        case 200: return " 200 OK\r\n"
        case 400: return " 400 Bad Request\r\n"
        case 413: return " 413 Payload Too Large\r\n"
        // No other status is sent; never a crash over one.
        default: return " 500 Internal Server Error\r\n"
        }
    }

    /// Answers a request that cannot be read (400 or 431) and ends the connection. The output is
    /// half-closed after the answer, so a client still sending reads it instead of a reset; its
    /// own close, or the request timeout, ends the connection. Later input is dropped.
    func fail(_ error: HTTPParseError, context: ChannelHandlerContext) {
        switch error {
        case .badRequest:
            write(context: context, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        case .headerTooLarge:
            write(context: context, "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        }
        closeAfterFlush(context: context, mode: .output)
    }

    func write(context: ChannelHandlerContext, _ text: StaticString) {
        var out = context.channel.allocator.buffer(capacity: text.utf8CodeUnitCount)
        out.writeStaticString(text)
        context.write(wrapOutboundOut(out), promise: nil)
        wrote = true
    }

    func closeAfterFlush(context: ChannelHandlerContext, mode: CloseMode = .all) {
        state = .closing
        buffer = nil
        wrote = false
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0))).whenComplete { [channel = context.channel] _ in
            channel.close(mode: mode, promise: nil)
        }
    }
}
