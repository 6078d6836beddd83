import DynamoEngine
import NIOCore

/// One HTTP/1.1 connection: reads requests with `HTTP1Parser`, answers each with the `Responder`
/// and writes the response as one buffer. It replaces NIO's HTTP decoder, encoder, pipelining,
/// header-validation and error handlers (see `HTTP1Parser` for why).
///
/// Requests are answered in order as they complete, so pipelined requests need no queue. When the
/// socket stops being writable (a client pipelining without reading), buffered requests wait and
/// reads from the socket stop until it drains, so a connection's memory stays bounded.
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
    var readPending = false
    var wrote = false

    init(responder: Responder, maxHeaderBytes: Int, maxHeaderFields: Int, timeouts: ConnectionTimeouts? = nil) {
        self.responder = responder
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
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if paused && context.channel.isWritable {
            paused = false
            process(context: context)
            flushIfNeeded(context: context)
            if readPending && !paused {
                readPending = false
                context.read()
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if paused {
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
        while !paused, var bytes = buffer, bytes.readableBytes > 0 {
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
        var request = HTTPRequest(method: head.method, uri: head.uri, fields: head.headers, body: body,
                                  bodyTooLarge: tooLarge, requestId: requestIds.next())
        let (response, pending) = responder.respond(to: request, deferringCommit: true)
        if pending == nil && waiting.isEmpty {
            send(response, head: head, context: context)
            return
        }
        // Group commit: the answer goes out after the COMMIT of the writes it rests on, which
        // runs once this event-loop tick has read and run every request that arrived with it.
        request.body = []  // only its id and headers are needed later
        waiting.append(Waiting(head: head, request: request, response: response, pending: pending))
        if !head.keepAlive {
            state = .closing  // nothing after this request is read
            buffer = nil
        }
        if waiting.count >= Self.maxWaiting {
            answerWaiting(context: context)
        } else if !answerScheduled {
            answerScheduled = true
            context.eventLoop.assumeIsolated().execute { [self] in
                answerScheduled = false
                answerWaiting(context: context)
            }
        }
    }

    /// At most this many answers wait for a commit on one connection (a client pipelining many
    /// requests): past it the group commits at once.
    static let maxWaiting = 64

    struct Waiting {
        let head: RequestHead
        let request: HTTPRequest
        let response: HTTPResponse
        let pending: PendingCommit?
    }

    /// Answers waiting for a commit, in request order.
    var waiting: [Waiting] = []
    var answerScheduled = false

    /// Commits what the waiting answers rest on (unless another request did already) and sends them.
    /// Runs even when the connection has closed: a group must be committed by one of its waiters.
    func answerWaiting(context: ChannelHandlerContext) {
        let answers = waiting
        waiting.removeAll(keepingCapacity: true)
        for answer in answers {
            var response = answer.response
            if let pending = answer.pending {
                response = responder.answer(response, after: pending, for: answer.request)
            }
            send(response, head: answer.head, context: context)
        }
        flushIfNeeded(context: context)
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
