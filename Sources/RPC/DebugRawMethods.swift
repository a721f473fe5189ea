import Ethereum
import Node
import Primitives
import Storage

extension NodeAPI {
    /// Registers geth's raw getters — a header or block as RLP, a transaction as its EIP-2718
    /// envelope, a block's receipts as consensus encodings — and `debug_getBadBlocks`.
    func registerDebugRawMethods(into registry: RPCRegistry) {
        registry.register("debug_getRawHeader", params: 1...1) { call in
            let selector = try call.params.blockSelector(0)
            guard let (block, _) = try findBlock(selector) else { throw Self.rawNotFound("header", selector) }
            return .data(block.header.rlp)
        }
        registry.register("debug_getRawBlock", params: 1...1) { call in
            let selector = try call.params.blockSelector(0)
            guard let (block, _) = try findBlock(selector) else { throw Self.rawNotFound("block", selector) }
            return .data(block.rlp)
        }
        registry.register("debug_getRawReceipts", params: 1...1) { call in
            let selector = try call.params.blockSelector(0)
            guard let (block, _) = try findBlock(selector) else {
                // geth looks receipts up by hash and finds none for an unknown one.
                if case .hash = selector { return .array([]) }
                throw Self.rawNotFound("block", selector)
            }
            let stored = try storage { () throws(StorageError) in try database.receipts(blockNumber: block.header.number) }
            return .array(stored.map { .data($0.details.receipt.envelope) })
        }
        registry.register("debug_getRawTransaction", params: 1...1) { call in
            let hash = try call.params.hash(0)
            if let stored = try storage({ () throws(StorageError) in try database.transaction(hash: hash) }) {
                return .data(stored.transaction.envelope)
            }
            // A pool transaction as geth holds it: a blob transaction with its sidecar (network form).
            if let pending = node.mempool.transaction(hash) { return .data(pending.pooled.networkBytes) }
            return .null
        }
        registry.register("debug_getBadBlocks") { _ in
            .array(node.badBlocks.all.map { entry in
                var o = JSONObject()
                o.append("hash", .hash(entry.hash))
                o.append("block", .block(entry.block, transactions: .full(senders: []), hash: entry.hash))
                o.append("rlp", .data(entry.block.rlp))
                return .object(o)
            })
        }
    }

    /// geth's errors for a block it cannot find: by hash `header #[…] not found` (a Go `%d` of
    /// the hash's bytes); by number geth itself crashes on a nil block, Lanes answers as the
    /// state reads do.
    static func rawNotFound(_ what: String, _ selector: BlockSelector) -> RPCError {
        guard case .hash(let hash, _) = selector else { return RPCError.server("header not found") }
        return RPCError.server("\(what) #[\(hash.bytes.map { String($0) }.joined(separator: " "))] not found")
    }
}
