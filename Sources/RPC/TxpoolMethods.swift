import Ethereum
import Node
import Primitives

extension NodeAPI {
    /// Registers `txpool_status`, `txpool_content`, `txpool_contentFrom` and `txpool_inspect`
    /// with geth's shapes: senders as checksummed addresses, nonces as decimal keys.
    func registerTxpoolMethods(into registry: RPCRegistry) {
        let pool = node.mempool
        registry.register("txpool_status") { _ in
            let s = pool.status
            return ["pending": .quantity(s.pending), "queued": .quantity(s.queued)]
        }
        registry.register("txpool_content") { _ in Self.contentJSON(pool.content()) }
        registry.register("txpool_contentFrom", params: 1...1) { call in
            let content = pool.content(from: try call.params.address(0))
            return ["pending": Self.nonceMap(content.pending.values.first ?? [:]), "queued": Self.nonceMap(content.queued.values.first ?? [:])]
        }
        registry.register("txpool_inspect") { _ in
            let inspection = pool.inspect()
            func group(_ g: [Address: [UInt64: String]]) -> JSON {
                var o = JSONObject()
                for (sender, byNonce) in g.sorted(by: { $0.key.checksummed < $1.key.checksummed }) {
                    var n = JSONObject()
                    for (nonce, text) in byNonce.sorted(by: { $0.key < $1.key }) { n.append(String(nonce), .string(text)) }
                    o.append(sender.checksummed, .object(n))
                }
                return .object(o)
            }
            return ["pending": group(inspection.pending), "queued": group(inspection.queued)]
        }
    }

    static func contentJSON(_ content: MempoolContent) -> JSON {
        func group(_ g: [Address: [UInt64: PoolTransaction]]) -> JSON {
            var o = JSONObject()
            for (sender, byNonce) in g.sorted(by: { $0.key.checksummed < $1.key.checksummed }) { o.append(sender.checksummed, nonceMap(byNonce)) }
            return .object(o)
        }
        return ["pending": group(content.pending), "queued": group(content.queued)]
    }

    static func nonceMap(_ byNonce: [UInt64: PoolTransaction]) -> JSON {
        var n = JSONObject()
        for (nonce, tx) in byNonce.sorted(by: { $0.key < $1.key }) {
            n.append(String(nonce), .transaction(tx.transaction, sender: tx.sender, hash: tx.hash))
        }
        return .object(n)
    }
}
