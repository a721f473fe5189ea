import Primitives

extension RPCRegistry {
    /// Registers the node-independent `web3_clientVersion` (answering `clientVersion`, e.g.
    /// `lanes/v0.1.0`) and `web3_sha3` (Keccak-256 of DATA).
    public func registerWeb3Methods(clientVersion: String) {
        register("web3_clientVersion") { _ in .string(clientVersion) }
        register("web3_sha3", params: 1...1) { call in
            .hash(Keccak256.hash(try call.params.bytes(0)))
        }
    }
}
