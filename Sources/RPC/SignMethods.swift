import Keys
import Node
import Primitives

extension NodeAPI {
    /// Registers message signing by dev accounts: `eth_sign(address, data)` and
    /// `personal_sign(data, address)`, both EIP-191 (`"\x19Ethereum Signed Message:\n" + len +
    /// data`), answering r ‖ s ‖ v with v = 27 or 28.
    func registerSignMethods(into registry: RPCRegistry) {
        registry.register("eth_sign", params: 2...2) { call in
            try sign(message: call.params.bytes(1), by: call.params.address(0))
        }
        registry.register("personal_sign", params: 2...3) { call in
            try sign(message: call.params.bytes(0), by: call.params.address(1))
        }
    }

    func sign(message: [UInt8], by address: Address) throws(RPCError) -> JSON {
        guard let key = node.key(for: address) else { throw RPCError.server("unknown account") }
        let prefixed = Array("\u{19}Ethereum Signed Message:\n\(message.count)".utf8) + message
        return .data(Self.signatureBytes(key.sign(hash: Keccak256.hash(prefixed))))
    }

    /// r ‖ s ‖ v (v = 27 + yParity), as geth's personal signatures.
    static func signatureBytes(_ s: Signature) -> [UInt8] {
        Hash(s.r).bytes + Hash(s.s).bytes + [27 + s.yParity]
    }
}
