import Ethereum
import Foundation
import Node
import Primitives

extension NodeAPI {
    /// Registers the state controls: balances, nonces, code and storage set directly on the head
    /// state (Anvil answers null, Hardhat true), snapshots and revert, reset, state dump and load.
    func registerStateControlMethods(into registry: RPCRegistry) {
        for (prefix, result) in [("anvil_", JSON.null), ("hardhat_", true)] {
            registry.register(prefix + "setBalance", params: 2...2) { call in
                try applyEdits([.setBalance(try call.params.address(0), try call.params.decode(1) { v throws(ParamError) in try Self.flexibleUInt256(v) })])
                return result
            }
            registry.register(prefix + "setNonce", params: 2...2) { call in
                let nonce = try call.params.decode(1) { v throws(ParamError) in try Self.flexibleUInt64(v) }
                try applyEdits([.setNonce(try call.params.address(0), nonce)])
                return result
            }
            registry.register(prefix + "setCode", params: 2...2) { call in
                try applyEdits([.setCode(try call.params.address(0), try call.params.bytes(1))])
                return result
            }
            // setStorageAt(address, slot, value): the value is a 32-byte word (shorter hex is left-padded).
            registry.register(prefix + "setStorageAt", params: 3...3) { call in
                let slot = try call.params.decode(1) { v throws(ParamError) in try Self.flexibleUInt256(v) }
                let value = try call.params.decode(2) { v throws(ParamError) -> UInt256 in
                    let bytes = try ParamDecoding.bytes(v)
                    guard bytes.count <= 32, let word = UInt256(bigEndian: bytes) else { throw ParamError("storage value longer than 32 bytes") }
                    return word
                }
                try applyEdits([.setStorage(try call.params.address(0), slot: slot, value: value)])
                return true
            }
        }
        registry.register("anvil_addBalance", params: 2...2) { call in
            try applyEdits([.addBalance(try call.params.address(0), try call.params.decode(1) { v throws(ParamError) in try Self.flexibleUInt256(v) })])
            return .null
        }

        // Snapshots: ids count from 0x0; a revert uses up its snapshot and every later one.
        for name in ["evm_snapshot", "anvil_snapshot"] {
            registry.register(name) { _ in .quantity(node.snapshot()) }
        }
        for name in ["evm_revert", "anvil_revert"] {
            registry.register(name, params: 1...1) { call in
                let id = try call.params.decode(0) { v throws(ParamError) in try Self.flexibleUInt256(v) }
                guard let small = id.uint64 else { return false }
                do throws(DevControlError) { return .bool(try node.revert(to: small)) } catch { throw RPCError.server(error.description) }
            }
        }
        // anvil_reset / hardhat_reset: back to genesis. Forking needs a remote node, which Lanes
        // does not reach: asking for it is an invalid parameter, not a silent local reset.
        for (name, result) in [("anvil_reset", JSON.null), ("hardhat_reset", true)] {
            registry.register(name, params: 0...1) { call in
                if call.params.isPresent(0), case .object(let options) = call.params[0]!,
                   let forking = options["forking"], !forking.isNull {
                    throw RPCError.invalidParams("forking is not available: Lanes runs its own chain only (reset without \"forking\")")
                }
                do throws(DevControlError) { try node.reset() } catch { throw RPCError.server(error.description) }
                return result
            }
        }

        // anvil_dumpState → the state as the JSON `--dump-state` writes, gzip-compressed and
        // hex-encoded as Anvil answers; anvil_loadState takes that, or the plain JSON, and merges
        // its accounts in (Anvil's dumps carry the same "accounts" object).
        registry.register("anvil_dumpState", params: 0...1) { _ in
            let head = chain.head
            let json = Array(StateDump.encode(head.state, head: head))
            guard let compressed = Gzip.compress(json) else { throw RPCError.internalError("state dump compression failed") }
            return .data(compressed)
        }
        registry.register("anvil_loadState", params: 1...1) { call in
            var bytes = try call.params.bytes(0)
            if Gzip.isCompressed(bytes) {
                guard let plain = Gzip.decompress(bytes) else { throw RPCError.invalidParams("state dump: not a valid gzip stream") }
                bytes = plain
            }
            let accounts: [Address: Genesis.Account]
            do { accounts = try StateDump.decode(Data(bytes), source: "anvil_loadState") } catch {
                throw RPCError.invalidParams("\(error)")
            }
            try applyEdits(accounts.sorted { $0.key < $1.key }.map { .replaceAccount($0.key, $0.value) })
            return true
        }
    }

    /// Applies dev-control state edits, answering a storage failure with -32000.
    func applyEdits(_ edits: [StateEdit]) throws(RPCError) {
        do throws(DevControlError) { try node.edit(edits) } catch { throw RPCError.server(error.description) }
    }
}
