import RPC

extension OpenRPCDocument {
    /// The document parsed once, as `rpc.discover` answers it (members in the file's order).
    public static let json: JSON = {
        do {
            return try JSONParser().parse(text)
        } catch {
            fatalError("openrpc/openrpc.json does not parse: \(error)")
        }
    }()
}

extension RPCRegistry {
    /// Registers `rpc.discover` (no parameters): the OpenRPC document of the methods Lanes serves
    /// (openrpc/openrpc.json, embedded in the binary as `OpenRPCDocument.text`).
    public func registerDiscover() {
        register("rpc.discover") { _ in OpenRPCDocument.json }
    }
}
