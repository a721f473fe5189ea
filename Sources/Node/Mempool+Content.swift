import Ethereum
import Primitives

/// The pool's transactions by sender and nonce (`txpool_content`, `txpool_contentFrom`).
public struct MempoolContent: Sendable, Equatable {
    public var pending: [Address: [UInt64: PoolTransaction]]
    public var queued: [Address: [UInt64: PoolTransaction]]
}

/// One summary line per transaction by sender and nonce (`txpool_inspect`). The RPC layer writes
/// the sender as its EIP-55 checksummed hex and the nonce in decimal, as geth does.
public struct MempoolInspection: Sendable, Equatable {
    public var pending: [Address: [UInt64: String]]
    public var queued: [Address: [UInt64: String]]
}

extension Mempool {
    /// Every pending and queued transaction (`txpool_content`).
    public func content() -> MempoolContent {
        pool.withLock { pool in
            var content = MempoolContent(pending: [:], queued: [:])
            for (sender, list) in pool.senders { Self.collect(list, sender: sender, into: &content) }
            return content
        }
    }

    /// One sender's pending and queued transactions (`txpool_contentFrom`).
    public func content(from sender: Address) -> MempoolContent {
        pool.withLock { pool in
            var content = MempoolContent(pending: [:], queued: [:])
            if let list = pool.senders[sender] { Self.collect(list, sender: sender, into: &content) }
            return content
        }
    }

    /// geth's `txpool_inspect`: the content with each transaction flattened to one line.
    public func inspect() -> MempoolInspection {
        let content = content()
        func flatten(_ part: [Address: [UInt64: PoolTransaction]]) -> [Address: [UInt64: String]] {
            part.mapValues { $0.mapValues { Self.inspectSummary($0.transaction) } }
        }
        return MempoolInspection(pending: flatten(content.pending), queued: flatten(content.queued))
    }

    /// geth's inspect line: `"0xTo: VALUE wei + GAS gas × PRICE wei"` with the checksummed
    /// recipient, or `"contract creation: …"`; the price is the fee cap for EIP-1559 types
    /// (geth's `tx.GasPrice()`).
    public static func inspectSummary(_ tx: Transaction) -> String {
        let amounts = "\(tx.value) wei + \(tx.gasLimit) gas × \(tx.maxFeePerGas) wei"
        guard let to = tx.to else { return "contract creation: \(amounts)" }
        return "\(to.checksummed): \(amounts)"
    }

    private static func collect(_ list: SenderTransactions, sender: Address, into content: inout MempoolContent) {
        var pending: [UInt64: PoolTransaction] = [:]
        var queued: [UInt64: PoolTransaction] = [:]
        for tx in list.byNonce.values {
            if list.isPending(tx.nonce) { pending[tx.nonce] = tx } else { queued[tx.nonce] = tx }
        }
        if !pending.isEmpty { content.pending[sender] = pending }
        if !queued.isEmpty { content.queued[sender] = queued }
    }
}
