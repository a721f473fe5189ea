import Foundation
import HTTPServer
import Node
import Primitives
import RPC

/// A Lanes node running in-process: the chain, its JSON-RPC server on HTTP and WebSocket, and
/// its dev accounts. For Swift test suites and for the `lanes` executable.
///
/// ```swift
/// let lanes = try LanesNode.start(NodeConfiguration(genesis: dev.genesis, executor: SequentialExecutor()), port: 0)
/// print(lanes.url)   // http://127.0.0.1:54321
/// lanes.stop()
/// ```
public final class LanesNode: Sendable {
    public let node: DevNode
    public let server: RPCServer
    /// `http://HOST:PORT` (the WebSocket endpoint is the same with `ws://`).
    public let url: String
    public let host: String
    public let port: Int

    private init(node: DevNode, server: RPCServer, host: String, port: Int) {
        self.node = node
        self.server = server
        self.host = host
        self.port = port
        let shownHost = host.contains(":") ? "[\(host)]" : host
        url = "http://\(shownHost):\(port)"
    }

    /// Opens the chain and starts serving on `host:port` (0 picks a free port).
    public static func start(_ configuration: NodeConfiguration, host: String = "127.0.0.1", port: Int = 8545,
                             rpc: RPCDispatcherConfiguration = RPCDispatcherConfiguration()) throws -> LanesNode {
        let node = try DevNode(configuration: configuration)
        let registry = RPCRegistry()
        registry.registerNodeMethods(node)
        registry.registerDiscover()
        var serverConfiguration = RPCServerConfiguration(host: host, port: port)
        serverConfiguration.dispatcher = rpc
        let server = RPCServer(registry: registry, configuration: serverConfiguration)
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            node.shutdown()
            throw error
        }
        return LanesNode(node: node, server: server, host: host, port: address.port)
    }

    /// The dev accounts.
    public var accounts: [Address] { node.accounts }

    /// Stops serving (finishing answers in flight), then stops mining and closes the database.
    public func stop() {
        server.shutdownAndWait(gracePeriod: 2)
        node.shutdown()
    }
}
