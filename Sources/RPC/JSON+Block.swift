import Ethereum
import Primitives

extension JSON {
    /// How a block lists its transactions.
    public enum BlockTransactions: Sendable {
        /// Transaction hashes only.
        case hashes
        /// Full transaction objects; `senders[i]` is transaction i's sender (recovered from
        /// the signature when the array is shorter).
        case full(senders: [Address])
    }

    /// A block object (execution-apis `Block`, geth's `RPCMarshalBlock`): header members plus
    /// `size`, `transactions`, `uncles` and, from Shanghai, `withdrawals`; sorted by name.
    public static func block(_ block: Block, transactions: BlockTransactions, hash: Hash? = nil) -> JSON {
        let blockHash = hash ?? block.hash
        var o = headerObject(block.header, hash: blockHash)
        o.append("size", .quantity(block.rlp.count))
        let txHashes = block.transactions.map(\.hash)
        switch transactions {
        case .hashes:
            o.append("transactions", .array(txHashes.map { .hash($0) }))
        case .full(let senders):
            let context = { (i: Int) in
                TransactionContext(blockHash: blockHash, blockNumber: block.header.number, index: UInt64(i),
                                   baseFeePerGas: block.header.baseFeePerGas)
            }
            var list: [JSON] = []
            list.reserveCapacity(block.transactions.count)
            for (i, tx) in block.transactions.enumerated() {
                let sender = i < senders.count ? senders[i] : ((try? tx.recoverSender()) ?? .zero)
                list.append(.transaction(tx, sender: sender, hash: txHashes[i], context: context(i)))
            }
            o.append("transactions", .array(list))
        }
        o.append("uncles", .array(block.ommers.map { .hash($0.hash) }))
        if let withdrawals = block.withdrawals { o.append("withdrawals", .array(withdrawals.map(JSON.withdrawal))) }
        return .object(o.sortedByKey())
    }
}
