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

/// Collects one request (head, body, end) and answers it.
final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let responder: Responder
    var head: HTTPRequestHead?
    var body: ByteBuffer?
    var oversized = false

    init(responder: Responder) { self.responder = responder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            oversized = false
        case .body(var chunk):
            // Keep one byte past the limit so the responder can tell an oversized body apart.
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
            var bytes = body.map { Array($0.readableBytesView) } ?? []
            body = nil
            if oversized { bytes = [UInt8](repeating: 0x20, count: Responder.maxBodyBytes + 1) }
            let request = HTTPRequest(method: head.method.rawValue, uri: head.uri,
                                      headers: head.headers.map { ($0.name, $0.value) }, body: bytes)
            write(responder.respond(to: request), keepAlive: head.isKeepAlive, version: head.version, context: context)
        }
    }

    func write(_ response: HTTPResponse, keepAlive: Bool, version: HTTPVersion, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        headers.add(name: "Content-Length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) } }
    }
}
