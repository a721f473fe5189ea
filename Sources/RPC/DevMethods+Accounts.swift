import Ethereum
import Keys
import Node
import Primitives

extension NodeAPI {
    /// Registers impersonation (Anvil's and Hardhat's names) and `eth_sendUnsignedTransaction`.
    ///
    /// A transaction from an impersonated account enters the pool without a signature and is
    /// mined as if signed: it carries a placeholder signature (r = the sender's address, s = 1),
    /// which makes its hash unique per sender, and the node records the sender as given.
    func registerAccountControlMethods(into registry: RPCRegistry) {
        for (name, result) in [("anvil_impersonateAccount", JSON.null), ("hardhat_impersonateAccount", true)] {
            registry.register(name, params: 1...1) { call in
                let address = try call.params.address(0)
                node.updateSettings { $0.impersonated.insert(address) }
                return result
            }
        }
        for (name, result) in [("anvil_stopImpersonatingAccount", JSON.null), ("hardhat_stopImpersonatingAccount", true)] {
            registry.register(name, params: 1...1) { call in
                let address = try call.params.address(0)
                node.updateSettings { $0.impersonated.remove(address) }
                return result
            }
        }
        registry.register("anvil_autoImpersonateAccount", params: 1...1) { call in
            let on = try call.params.bool(0)
            node.updateSettings { $0.autoImpersonate = on }
            return .null
        }
        // Anvil: a transaction from any `from`, no signature needed (the account need not be impersonated).
        registry.registerCallback("eth_sendUnsignedTransaction", params: 1...1) { call, complete in
            do {
                let request = try call.params.callRequest(0)
                guard let from = request.from else { throw RPCError.server("from address not specified") }
                submitImpersonated(try fillRequest(request, from: from), from: from, call: call, complete: complete)
            } catch {
                complete(.failure(RPCRegistry.rpcError(error)))
            }
        }
    }

    /// The placeholder signature of an impersonated transaction: r is the sender's address, so
    /// two senders' otherwise equal transactions hash differently.
    static func impersonationSignature(_ sender: Address) -> Signature {
        Signature(r: UInt256(bigEndian: sender.bytes) ?? .one, s: .one, yParity: 0)
    }

    /// `submit` for an unsigned transaction from `from`.
    func submitImpersonated(_ unsigned: Transaction, from: Address, call: RPCCall, complete: @escaping RPCCompletion) {
        var tx = unsigned
        tx.signature = Self.impersonationSignature(from)
        if let batch = call.batch, node.miningMode == .automine(batch: true) {
            do {
                let hash = try node.addImpersonated(tx, from: from)
                batch.atEnd(key: "automine") { done in node.mine { _, _ in done() } }
                complete(.success(.hash(hash)))
            } catch {
                complete(.failure(.server(error.description)))
            }
            return
        }
        node.sendImpersonated(tx, from: from) { result in
            switch result {
            case .success(let hash): complete(.success(.hash(hash)))
            case .failure(let error): complete(.failure(.server(error.description)))
            }
        }
    }
}
