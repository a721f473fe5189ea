import Ethereum
import Node
import Primitives

extension NodeAPI {
    /// Registers the block-environment controls (coinbase, gas limit, chain id, next base fee and
    /// prevRandao, minimum gas price, logging) and the node descriptions `anvil_nodeInfo`,
    /// `anvil_metadata`, `hardhat_metadata`.
    func registerEnvironmentControlMethods(into registry: RPCRegistry) {
        for (name, result) in [("anvil_setCoinbase", JSON.null), ("hardhat_setCoinbase", true)] {
            registry.register(name, params: 1...1) { call in
                let address = try call.params.address(0)
                node.updateSettings { $0.coinbase = address }
                return result
            }
        }
        for name in ["evm_setBlockGasLimit", "anvil_setBlockGasLimit"] {
            registry.register(name, params: 1...1) { call in
                let limit = try call.params.decode(0) { v throws(ParamError) in try Self.flexibleUInt256(v) }
                guard let gas = limit.uint64, gas >= 5_000, gas <= UInt64(Int64.max) else {
                    throw RPCError.invalidParams("gas limit \(limit) out of range")
                }
                node.updateSettings { $0.gasLimit = gas }
                return true
            }
        }
        registry.register("anvil_setChainId", params: 1...1) { call in
            let id = try call.params.decode(0) { v throws(ParamError) in try Self.flexibleUInt64(v) }
            guard id > 0 else { throw RPCError.invalidParams("chain id must be positive") }
            node.updateSettings { $0.chainId = id }
            return .null
        }
        for (name, result) in [("anvil_setNextBlockBaseFeePerGas", JSON.null), ("hardhat_setNextBlockBaseFeePerGas", true)] {
            registry.register(name, params: 1...1) { call in
                let fee = try call.params.decode(0) { v throws(ParamError) in try Self.flexibleUInt256(v) }
                guard node.nextBlock().baseFee != nil else {
                    throw RPCError.invalidParams("\(name) is only supported when EIP-1559 is active")
                }
                node.updateSettings { $0.nextBaseFee = fee }
                return result
            }
        }
        for (name, result) in [("anvil_setNextBlockPrevRandao", JSON.null), ("hardhat_setPrevRandao", true)] {
            registry.register(name, params: 1...1) { call in
                let value = try call.params.decode(0) { v throws(ParamError) -> Hash in
                    let bytes = try ParamDecoding.bytes(v)
                    guard bytes.count <= 32, let word = UInt256(bigEndian: bytes) else { throw ParamError("prevRandao longer than 32 bytes") }
                    return Hash(word)
                }
                guard node.nextBlock().fork >= .paris else {
                    throw RPCError.invalidParams("\(name) needs a post-merge chain (prevRandao replaces difficulty from Paris)")
                }
                node.updateSettings { $0.nextPrevRandao = value }
                return result
            }
        }
        // The lowest fee cap the pool accepts (Anvil refuses this under EIP-1559; Lanes applies it
        // to the fee cap, which is what a minimum gas price means there).
        for (name, result) in [("anvil_setMinGasPrice", JSON.null), ("hardhat_setMinGasPrice", true)] {
            registry.register(name, params: 1...1) { call in
                node.mempool.setMinGasPrice(try call.params.decode(0) { v throws(ParamError) in try Self.flexibleUInt256(v) })
                return result
            }
        }
        for (name, result) in [("anvil_setLoggingEnabled", JSON.null), ("hardhat_setLoggingEnabled", true)] {
            registry.register(name, params: 1...1) { call in
                let on = try call.params.bool(0)
                node.updateSettings { $0.loggingEnabled = on }
                return result
            }
        }

        registry.register("anvil_nodeInfo") { _ in
            let head = chain.head
            let s = node.settings
            let next = node.nextBlock()
            return [
                "currentBlockNumber": .quantity(head.number),
                "currentBlockTimestamp": .number(JSONNumber(head.header.timestamp)),
                "currentBlockHash": .hash(head.hash),
                "hardFork": .string(next.fork.description),
                "transactionOrder": .string(s.order.rawValue),
                "environment": [
                    "baseFee": .quantity(next.baseFee ?? .zero),
                    "chainId": .number(JSONNumber(s.chainId)),
                    "gasLimit": .quantity(next.gasLimit),
                    "gasPrice": .quantity((next.baseFee ?? .zero) &+ suggestedTip),
                ],
                "forkConfig": [:],
            ]
        }
        registry.register("anvil_metadata") { _ in
            var json = try metadata(registry)
            let snapshots = node.snapshotList.map { s -> JSONObject.Member in
                JSONObject.Member(key: String(s.id), value: JSON.array([.number(JSONNumber(s.blockNumber)), .hash(s.blockHash)]))
            }
            if case .object(var o) = json {
                o["snapshots"] = .object(JSONObject(snapshots))
                json = .object(o)
            }
            return json
        }
        registry.register("hardhat_metadata") { _ in try metadata(registry) }
    }

    /// The fields Anvil's and Hardhat's metadata share.
    func metadata(_ registry: RPCRegistry) throws(RPCError) -> JSON {
        let head = chain.head
        let version = try registry.callSync("web3_clientVersion", RPCParams([]))
        return [
            "clientVersion": version,
            "chainId": .number(JSONNumber(node.settings.chainId)),
            "instanceId": .hash(node.instanceID),
            "latestBlockNumber": .number(JSONNumber(head.number)),
            "latestBlockHash": .hash(head.hash),
            "forkedNetwork": .null,
        ]
    }
}
