import Node
import Primitives
import State

extension NodeAPI {
    /// Registers the account reads at a block: balance, nonce (with `pending` counting the pool),
    /// code and storage.
    func registerStateMethods(into registry: RPCRegistry) {
        registry.register("eth_getBalance", params: 1...2) { call in
            let address = try call.params.address(0)
            let state = try state(call.params.blockSelector(1, default: .latest)).state
            return .quantity(state.account(address)?.balance ?? .zero)
        }
        registry.register("eth_getTransactionCount", params: 1...2) { call in
            let address = try call.params.address(0)
            let selector = try call.params.blockSelector(1, default: .latest)
            if selector == .tag(.pending) { return .quantity(node.pendingNonce(of: address)) }
            return .quantity(try state(selector).state.account(address)?.nonce ?? 0)
        }
        registry.register("eth_getCode", params: 1...2) { call in
            let address = try call.params.address(0)
            let state = try state(call.params.blockSelector(1, default: .latest)).state
            guard let account = state.account(address) else { return .data([UInt8]()) }
            return .data(state.code(account.codeHash))
        }
        registry.register("eth_getStorageAt", params: 2...3) { call in
            let address = try call.params.address(0)
            // geth reads the slot as a hex number of up to 32 bytes (leading zeros allowed).
            let slot: UInt256 = try call.params.decode(1) { v throws(ParamError) in
                guard case .string(let s) = v else { throw DecodingPath.value.typeError(v.kindName, "string") }
                var digits = Substring(s)
                if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
                guard digits.count <= 64, let value = UInt256(hexDigits: digits) else {
                    throw ParamError("unable to decode storage key: hex string invalid")
                }
                return value
            }
            let state = try state(call.params.blockSelector(2, default: .latest)).state
            return .hash(Hash(state.storage(address, slot)))
        }
    }
}

extension UInt256 {
    /// Parses up to 64 hex digits (empty is zero); nil on any other character.
    init?(hexDigits: Substring) {
        var value = UInt256.zero
        for c in hexDigits.utf8 {
            guard let n = ParamDecoding.nibble(c) else { return nil }
            value = (value << 4) | UInt256(UInt64(n))
        }
        self = value
    }
}
