import Ethereum
import Node
import Primitives
import Storage

extension NodeAPI {
    /// Registers block reads: by number or hash, counts, uncles (always none after the merge and
    /// on a dev chain) and a block's receipts.
    func registerBlockMethods(into registry: RPCRegistry) {
        registry.register("eth_getBlockByNumber", params: 2...2) { call in
            try blockJSON(.tag(call.params.blockTag(0)), full: call.params.bool(1))
        }
        registry.register("eth_getBlockByHash", params: 2...2) { call in
            try blockJSON(.hash(call.params.hash(0), requireCanonical: false), full: call.params.bool(1))
        }
        registry.register("eth_getBlockTransactionCountByNumber", params: 1...1) { call in
            let tag = try call.params.blockTag(0)
            if tag == .pending { return .quantity(pendingBlock().block.transactions.count) }
            guard let block = try findBlock(.tag(tag)) else { return .null }
            return .quantity(block.block.transactions.count)
        }
        registry.register("eth_getBlockTransactionCountByHash", params: 1...1) { call in
            guard let block = try findBlock(.hash(call.params.hash(0), requireCanonical: false)) else { return .null }
            return .quantity(block.block.transactions.count)
        }
        registry.register("eth_getUncleCountByBlockNumber", params: 1...1) { call in
            guard let block = try findBlock(.tag(call.params.blockTag(0))) else { return .null }
            return .quantity(block.block.ommers.count)
        }
        registry.register("eth_getUncleCountByBlockHash", params: 1...1) { call in
            guard let block = try findBlock(.hash(call.params.hash(0), requireCanonical: false)) else { return .null }
            return .quantity(block.block.ommers.count)
        }
        registry.register("eth_getUncleByBlockNumberAndIndex", params: 2...2) { call in
            try uncle(.tag(call.params.blockTag(0)), index: call.params.uint64(1))
        }
        registry.register("eth_getUncleByBlockHashAndIndex", params: 2...2) { call in
            try uncle(.hash(call.params.hash(0), requireCanonical: false), index: call.params.uint64(1))
        }
        registry.register("eth_getBlockReceipts", params: 1...1) { call in
            guard let block = try findBlock(call.params.blockSelector(0)) else { return .null }
            let stored = try storage { () throws(StorageError) in try database.receipts(blockNumber: block.block.header.number) }
            return .array(stored.map { receiptJSON($0, timestamp: block.block.header.timestamp) })
        }
    }

    /// A block by selector, with its hash; nil when there is none.
    func findBlock(_ selector: BlockSelector) throws(RPCError) -> (block: Block, hash: Hash)? {
        let head = chain.head
        switch selector {
        case .tag(let tag):
            guard let n = number(tag, head: head) else { return nil }
            if n == head.number { return (head.block, head.hash) }
            guard let b = try storage({ () throws(StorageError) in try database.block(number: n) }) else { return nil }
            return (b, b.hash)
        case .hash(let hash, _):
            if hash == head.hash { return (head.block, head.hash) }
            guard let b = try storage({ () throws(StorageError) in try database.block(hash: hash) }) else { return nil }
            return (b, hash)
        }
    }

    /// The pending block: what block production would make now from the pool (computed on a
    /// call thread, not committed).
    func pendingBlock() -> ProducedBlock { node.pendingBlock() }

    /// geth's pending block: the block built from the pool, with hash, nonce and miner null
    /// (its transactions name the hash the block would have).
    func pendingBlockJSON(full: Bool) -> JSON {
        let pending = pendingBlock()
        var json = JSON.block(pending.block, transactions: full ? .full(senders: pending.senders) : .hashes, hash: pending.hash)
        if case .object(var o) = json {
            for field in ["hash", "nonce", "miner"] { o[field] = .null }
            json = .object(o)
        }
        return json
    }

    func blockJSON(_ selector: BlockSelector, full: Bool) throws(RPCError) -> JSON {
        if selector == .tag(.pending) { return pendingBlockJSON(full: full) }
        guard let (block, hash) = try findBlock(selector) else { return .null }
        guard full else { return .block(block, transactions: .hashes, hash: hash) }
        let senders = try storage { () throws(StorageError) in try database.transactions(blockNumber: block.header.number) }.map(\.sender)
        return .block(block, transactions: .full(senders: senders), hash: hash)
    }

    /// Dev blocks have no ommers; a block before the merge imported from elsewhere may.
    func uncle(_ selector: BlockSelector, index: UInt64) throws(RPCError) -> JSON {
        guard let (block, _) = try findBlock(selector), index < block.ommers.count else { return .null }
        var o = JSON.header(block.ommers[Int(index)]).objectValue!
        o.append("size", .quantity(Block(header: block.ommers[Int(index)]).rlp.count))
        o.append("transactions", [])
        o.append("uncles", [])
        return .object(o.sortedByKey())
    }

    /// A stored receipt as `eth_getTransactionReceipt` answers it.
    func receiptJSON(_ r: StoredReceipt, timestamp: UInt64?) -> JSON {
        let context = ReceiptContext(transactionHash: r.transactionHash, transactionIndex: UInt64(r.location.index),
                                     blockHash: r.location.blockHash, blockNumber: r.location.blockNumber,
                                     blockTimestamp: timestamp ?? r.logs.first?.blockTimestamp, from: r.from, to: r.to,
                                     contractAddress: r.details.contractAddress, gasUsed: r.details.gasUsed,
                                     effectiveGasPrice: r.details.effectiveGasPrice, blobGasUsed: r.details.blobGasUsed,
                                     blobGasPrice: r.details.blobGasPrice, firstLogIndex: UInt64(r.logs.first?.logIndex ?? 0))
        return .receipt(r.details.receipt, context)
    }
}
