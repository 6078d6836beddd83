import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP/1.1 server: SwiftNIO's HTTP pipeline with one handler that collects a request
/// and hands it to the `Responder`. Keep-alive is on; each connection serves requests in order.
public final class HTTPServer: Sendable {
    let responder: Responder
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel

    /// The port the server listens on (useful when started on port 0).
    public var port: Int { channel.localAddress?.port ?? 0 }

    public static func start(responder: Responder, host: String, port: Int,
                             threads: Int = System.coreCount) async throws -> HTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(RequestHandler(responder: responder))
                    }
                }
                .bind(host: host, port: port)
                .get()
            return HTTPServer(responder: responder, group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    init(responder: Responder, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.responder = responder
        self.group = group
        self.channel = channel
    }

    /// Resolves when the listening socket closes.
    public func waitUntilClosed() async throws {
        try await channel.closeFuture.get()
    }

    public func shutdown() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
    }
}

/// Collects one request (head, body, end) and answers it. Bodies may arrive with Content-Length
/// or chunked; NIO decodes both. A body over 16 MB is read and dropped, then answered with 413.
final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let responder: Responder
    var head: HTTPRequestHead?
    var body: ByteBuffer?
    var oversized = false
    var requestIds = RequestIds()

    init(responder: Responder) { self.responder = responder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            oversized = false
            // curl sends "Expect: 100-continue" for large bodies and waits a second without it.
            if head.headers.contains(name: "expect"),
               head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                let interim = HTTPResponseHead(version: head.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case .body(var chunk):
            if oversized { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > Responder.maxBodyBytes {
                oversized = true
                body = nil
                return
            }
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let head else { return }
            self.head = nil
            let bytes = body.map { Array($0.readableBytesView) } ?? []
            body = nil
            let request = HTTPRequest(method: head.method.rawValue, uri: head.uri, fields: head.headers, body: bytes,
                                      bodyTooLarge: oversized, requestId: requestIds.next())
            write(responder.respond(to: request), for: head, context: context)
        }
    }

    func write(_ response: HTTPResponse, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = request.isKeepAlive
        var headers = HTTPHeaders(response.headers)
        headers.add(name: "Content-Length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        // A HEAD response carries the headers of the GET response but no body.
        if request.method != .HEAD, !response.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
                channel.close(promise: nil)
            }
        }
    }
}
