import Ethereum
import Node
import Primitives

extension NodeAPI {
    /// Registers Anvil's ERC-20 cheats: `anvil_dealERC20(holder, token, amount)` sets
    /// `balanceOf(holder)`, `anvil_setERC20Allowance(owner, spender, token, amount)` sets
    /// `allowance(owner, spender)`, each by writing the storage slot the view reads.
    func registerERC20ControlMethods(into registry: RPCRegistry) {
        registry.register("anvil_dealERC20", params: 3...3) { call in
            let holder = try call.params.address(0)
            let token = try call.params.address(1)
            let amount = try call.params.decode(2) { v throws(ParamError) in try Self.flexibleUInt256(v) }
            // balanceOf(address) = 0x70a08231
            let calldata: [UInt8] = [0x70, 0xa0, 0x82, 0x31] + Self.word(holder)
            do throws(DevControlError) { try node.setERC20Value(token: token, view: calldata, to: amount, what: "balanceOf(\(holder))") } catch {
                throw RPCError.server(error.description)
            }
            return .null
        }
        registry.register("anvil_setERC20Allowance", params: 4...4) { call in
            let owner = try call.params.address(0)
            let spender = try call.params.address(1)
            let token = try call.params.address(2)
            let amount = try call.params.decode(3) { v throws(ParamError) in try Self.flexibleUInt256(v) }
            // allowance(address,address) = 0xdd62ed3e
            let calldata: [UInt8] = [0xdd, 0x62, 0xed, 0x3e] + Self.word(owner) + Self.word(spender)
            do throws(DevControlError) {
                try node.setERC20Value(token: token, view: calldata, to: amount, what: "allowance(\(owner), \(spender))")
            } catch {
                throw RPCError.server(error.description)
            }
            return .null
        }
    }

    /// An address as a 32-byte ABI word.
    static func word(_ address: Address) -> [UInt8] { [UInt8](repeating: 0, count: 12) + address.bytes }
}
