import NIOCore
import NIOPosix

/// The HTTP/1.1 server: SwiftNIO's event loops and sockets, with two handlers per connection:
/// `ConnectionTimeouts` and `HTTPConnection` (our own HTTP/1.1 reader and writer, which hands each
/// request to the `Responder`). Keep-alive is on; each connection serves requests in order.
public final class HTTPServer: Sendable {
    let responder: Responder
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel

    /// The port the server listens on (useful when started on port 0).
    public var port: Int { channel.localAddress?.port ?? 0 }

    public static func start(responder: Responder, host: String, port: Int,
                             threads: Int,
                             limits: ConnectionLimits = ConnectionLimits()) async throws -> HTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let connections = ConnectionCounter(limit: limits.maxConnections)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                // Out of descriptors, accept() would otherwise be retried in a busy loop.
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(AcceptPause())
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    // Over the cap, failing here makes NIO close the connection before it is registered.
                    guard connections.admit() else { return channel.eventLoop.makeFailedFuture(ConnectionCounter.Full()) }
                    channel.closeFuture.whenComplete { _ in connections.release() }
                    return channel.eventLoop.makeCompletedFuture {
                        let timeouts = ConnectionTimeouts(limits)
                        let pipeline = channel.pipeline.syncOperations
                        try pipeline.addHandler(timeouts)  // first, to see a request's first byte
                        try pipeline.addHandler(HTTPConnection(
                            responder: responder, maxHeaderBytes: ConnectionLimits.maxHeaderBytes,
                            maxHeaderFields: ConnectionLimits.maxHeaderFields, timeouts: timeouts))
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
