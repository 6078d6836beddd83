import NIOCore
import NIOPosix

/// The HTTP/1.1 server: SwiftNIO's event loops and sockets, with two handlers per connection:
/// `ConnectionTimeouts` and `HTTPConnection` (our own HTTP/1.1 reader and writer, which hands each
/// request to the `Responder`), and an `EngineThread` per loop that runs the operations.
/// Keep-alive is on; each connection serves requests in order.
public final class HTTPServer: Sendable {
    let responder: Responder
    let engine: EngineThreads
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel

    /// The port the server listens on (useful when started on port 0).
    public var port: Int { channel.localAddress?.port ?? 0 }

    public static func start(responder: Responder, host: String, port: Int,
                             threads: Int,
                             limits: ConnectionLimits = ConnectionLimits()) async throws -> HTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let engine = EngineThreads(responder: responder, count: threads)
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
                            responder: responder, engine: engine, maxHeaderBytes: ConnectionLimits.maxHeaderBytes,
                            maxHeaderFields: ConnectionLimits.maxHeaderFields, timeouts: timeouts))
                    }
                }
                .bind(host: host, port: port)
                .get()
            return HTTPServer(responder: responder, engine: engine, group: group, channel: channel)
        } catch {
            engine.stop()
            try? await group.shutdownGracefully()
            throw error
        }
    }

    init(responder: Responder, engine: EngineThreads, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.responder = responder
        self.engine = engine
        self.group = group
        self.channel = channel
    }

    /// Resolves when the listening socket closes.
    public func waitUntilClosed() async throws {
        try await channel.closeFuture.get()
    }

    /// Closes the listener, lets the engine threads finish what they have (their answers go to the
    /// still-running loops), then closes every connection. After it, no thread uses the databases.
    public func shutdown() async throws {
        try? await channel.close()
        engine.stop()
        try await group.shutdownGracefully()
    }
}
