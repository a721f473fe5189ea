import EVM
import Ethereum
import Execution
import Node
import Primitives
import Storage
import Tracing

/// Otterscan's `ots_*` API (docs/custom-jsonrpc.md in otterscan/otterscan), what the explorer
/// calls, served from the chain database and block replays: call trees and internal operations
/// from the flat call tracer, address history from transaction senders and recipients plus the
/// internal calls of blocks whose parent state is still kept.
extension NodeAPI {
    /// The API level Otterscan checks for.
    static let otterscanAPILevel: UInt64 = 8

    func registerOtterscanMethods(into registry: RPCRegistry) {
        registry.register("ots_getApiLevel") { _ in .number(JSONNumber(Self.otterscanAPILevel)) }
        registry.register("erigon_getHeaderByNumber", params: 1...1) { call in
            try blockJSON(.tag(call.params.blockTag(0)), full: false)
        }
        registry.register("ots_hasCode", params: 1...2) { call in
            let address = try call.params.address(0)
            let (state, _, _) = try self.state(call.params.blockSelector(1, default: .latest))
            return .bool(state.account(address)?.hasCode ?? false)
        }
        registry.register("ots_traceTransaction", params: 1...1) { call in
            .array(try flatTrace(call.params.hash(0)).map { entry in
                let f = entry.frame
                var o = JSONObject()
                o.append("type", .string(f.type))
                o.append("depth", .number(JSONNumber(entry.traceAddress.count)))
                o.append("from", .address(f.from))
                o.append("to", .address(f.to))
                o.append("value", f.opcode == 0xfa || f.opcode == 0xf4 ? .null : .quantity(f.value ?? .zero))
                o.append("input", .data(f.input))
                o.append("output", .data(f.output))
                return .object(o)
            })
        }
        registry.register("ots_getInternalOperations", params: 1...1) { call in
            var operations: [JSON] = []
            for entry in try flatTrace(call.params.hash(0)) where !entry.traceAddress.isEmpty {
                let f = entry.frame
                let type: Int
                switch f.opcode {
                case 0xf1 where !(f.value ?? .zero).isZero: type = 0
                case 0xff: type = 1
                case 0xf0: type = 2
                case 0xf5: type = 3
                default: continue
                }
                var o = JSONObject()
                o.append("type", .number(JSONNumber(type)))
                o.append("from", .address(f.from))
                o.append("to", .address(f.to ?? .zero))
                o.append("value", .quantity(f.value ?? .zero))
                operations.append(.object(o))
            }
            return .array(operations)
        }
        registry.register("ots_getTransactionError", params: 1...1) { call in
            let hash = try call.params.hash(0)
            guard let receipt = try storage({ () throws(StorageError) in try database.receipt(transactionHash: hash) }) else {
                throw RPCError.server("transaction not found")
            }
            if case .status(true) = receipt.details.receipt.outcome { return .data([]) }
            guard let root = try flatTrace(hash).first, root.frame.error == TraceFault.reverted.message else { return .data([]) }
            return .data(root.frame.output)
        }
        registry.register("ots_getBlockDetails", params: 1...1) { call in
            try blockDetails(.tag(otsBlock(call.params, 0)))
        }
        registry.register("ots_getBlockDetailsByHash", params: 1...1) { call in
            try blockDetails(.hash(call.params.hash(0), requireCanonical: false))
        }
        registry.register("ots_getBlockTransactions", params: 3...3) { call in
            let number = try otsNumber(call.params, 0)
            let page = Int(clamping: try otsNumber(call.params, 1)), size = Int(clamping: try otsNumber(call.params, 2))
            return try blockTransactions(number, page: page, size: size)
        }
        registry.register("ots_searchTransactionsBefore", params: 3...3) { call in
            try searchTransactions(call.params.address(0), from: otsNumber(call.params, 1), pageSize: Int(clamping: otsNumber(call.params, 2)), before: true)
        }
        registry.register("ots_searchTransactionsAfter", params: 3...3) { call in
            try searchTransactions(call.params.address(0), from: otsNumber(call.params, 1), pageSize: Int(clamping: otsNumber(call.params, 2)), before: false)
        }
        registry.register("ots_getTransactionBySenderAndNonce", params: 2...2) { call in
            let sender = try call.params.address(0), nonce = try otsNumber(call.params, 1)
            let head = chain.head
            guard nonce < (head.state.account(sender)?.nonce ?? 0) else { return .null }
            for n in stride(from: head.number, through: 0, by: -1) {
                let stored = try storage { () throws(StorageError) in try database.transactions(blockNumber: n) }
                if let match = stored.first(where: { $0.sender == sender && $0.transaction.nonce == nonce }) { return .hash(match.hash) }
            }
            return .null
        }
        registry.register("ots_getContractCreator", params: 1...1) { call in
            let address = try call.params.address(0)
            let head = chain.head
            guard head.state.account(address)?.hasCode ?? false else { return .null }
            // A creation transaction first (cheap), then creations inside replayable blocks.
            for n in stride(from: head.number, through: 1, by: -1) {
                let receipts = try storage { () throws(StorageError) in try database.receipts(blockNumber: n) }
                if let r = receipts.last(where: { $0.details.contractAddress == address }) { return creator(r.transactionHash, r.from) }
            }
            for n in stride(from: head.number, through: 1, by: -1) where chain.state(atBlock: n - 1) != nil {
                let block = try replayBlock(n)
                for result in parityTraces(block, indices: Array(block.transactions.indices), stateDiff: false).reversed() {
                    for trace in try result.get().located.reversed()
                    where trace["type"] == "create" && trace["result"]?["address"] == .address(address) {
                        guard let hash = trace["transactionHash"], let from = trace["action"]?["from"] else { continue }
                        var o = JSONObject()
                        o.append("hash", hash)
                        o.append("creator", from)
                        return .object(o)
                    }
                }
            }
            return .null
        }
    }

    /// Otterscan sends block numbers, pages and nonces as JSON numbers (Erigon accepts those and
    /// hex quantities alike).
    func otsNumber(_ params: RPCParams, _ index: Int) throws(RPCError) -> UInt64 {
        if let n = params[index]?.numberValue {
            guard let value = UInt64(n.text) else { throw RPCError.invalidParams("invalid argument \(index): not an unsigned integer") }
            return value
        }
        return try params.uint64(index)
    }

    /// A block number (JSON number or hex) or tag.
    func otsBlock(_ params: RPCParams, _ index: Int) throws(RPCError) -> BlockTag {
        if params[index]?.numberValue != nil { return .number(try otsNumber(params, index)) }
        return try params.blockTag(index)
    }

    func creator(_ hash: Hash, _ from: Address) -> JSON {
        var o = JSONObject()
        o.append("hash", .hash(hash))
        o.append("creator", .address(from))
        return .object(o)
    }

    /// The flat call traces (precompiles left out) of a mined transaction.
    func flatTrace(_ hash: Hash) throws(RPCError) -> [FlatCallTracer.Entry] {
        let (block, index) = try replayBlock(containing: hash)
        let result: Result<[FlatCallTracer.Entry], RPCError> = CallSimulator.onExecutionThread {
            var tracer: FlatCallTracer?
            let outcomes = BlockReplay.run(block.transactions, through: index, context: block.context, parent: block.parent) { i in
                guard i == index else { return nil }
                tracer = FlatCallTracer()
                return tracer
            }
            if case .failure(let error) = outcomes[index] { return .failure(RPCError.server(error.description)) }
            return .success(tracer?.result ?? [])
        }
        return try result.get()
    }

    /// `ots_getBlockDetails`: the block without its transactions (count instead), no bloom, the
    /// issuance (none after the merge) and the fees its senders paid.
    func blockDetails(_ selector: BlockSelector) throws(RPCError) -> JSON {
        guard let (block, hash) = try findBlock(selector) else { return .null }
        guard var o = JSON.block(block, transactions: .hashes, hash: hash).objectValue else { return .null }
        o["transactions"] = nil
        o["logsBloom"] = .null
        o.append("transactionCount", .number(JSONNumber(block.transactions.count)))
        let receipts = try storage { () throws(StorageError) in try database.receipts(blockNumber: block.header.number) }
        var fees = UInt256.zero
        for r in receipts { fees = fees &+ UInt256(r.details.gasUsed) &* r.details.effectiveGasPrice }
        var issuance = JSONObject()
        issuance.append("blockReward", .quantity(UInt64(0)))
        issuance.append("uncleReward", .quantity(UInt64(0)))
        issuance.append("issuance", .quantity(UInt64(0)))
        var details = JSONObject()
        details.append("block", .object(o))
        details.append("issuance", .object(issuance))
        details.append("totalFees", .quantity(fees))
        return .object(details)
    }

    /// `ots_getBlockTransactions`: one page of the block's transactions (page 0 is the last
    /// ones, as Erigon pages them), inputs cut to their selector, receipts without logs.
    func blockTransactions(_ number: UInt64, page: Int, size: Int) throws(RPCError) -> JSON {
        guard let (block, hash) = try findBlock(.tag(.number(number))) else { return .null }
        let count = block.transactions.count
        let end = max(0, count - page * size), start = max(0, end - size)
        let stored = try storage { () throws(StorageError) in try database.transactions(blockNumber: number) }
        let receipts = try storage { () throws(StorageError) in try database.receipts(blockNumber: number) }
        guard var o = JSON.block(block, transactions: .hashes, hash: hash).objectValue else { return .null }
        let txs: [JSON] = try stored[start..<end].map { s throws(RPCError) in
            var t = try transactionJSON(s).objectValue ?? JSONObject()
            if s.transaction.data.count > 4 { t["input"] = (.data(s.transaction.data[0..<4])) }
            return .object(t)
        }
        o["transactions"] = (.array(txs))
        o.append("transactionCount", .number(JSONNumber(count)))
        var out = JSONObject()
        out.append("fullblock", .object(o))
        out.append("receipts", .array(receipts[start..<end].map { r in
            var j = receiptJSON(r, timestamp: block.header.timestamp).objectValue ?? JSONObject()
            j["logs"] = (.null)
            j["logsBloom"] = (.null)
            return .object(j)
        }))
        return .object(out)
    }

    /// `ots_searchTransactions{Before,After}`: whole blocks of the address's transactions, most
    /// recent first, until at least `pageSize` are found.
    func searchTransactions(_ address: Address, from start: UInt64, pageSize: Int, before: Bool) throws(RPCError) -> JSON {
        let head = chain.head.number
        var blocks: [UInt64] = before ? Array(stride(from: start == 0 ? head : start - 1, through: 1, by: -1))
                                      : Array((start + 1)...max(start + 1, head)).filter { $0 <= head }
        if start == 0 && !before { blocks = head >= 1 ? Array(1...head) : [] }
        var txs: [JSON] = [], receipts: [JSON] = []
        var exhausted = true
        for (i, n) in blocks.enumerated() {
            let found = try addressTransactions(address, block: n)
            var blockTxs: [JSON] = [], blockReceipts: [JSON] = []
            for (stored, receipt, timestamp) in found.reversed() {
                blockTxs.append(try transactionJSON(stored))
                var r = receiptJSON(receipt, timestamp: timestamp).objectValue ?? JSONObject()
                r["timestamp"] = (.quantity(timestamp))
                blockReceipts.append(.object(r))
            }
            if before {
                txs += blockTxs; receipts += blockReceipts
            } else {
                txs = blockTxs + txs; receipts = blockReceipts + receipts
            }
            if txs.count >= pageSize { exhausted = i == blocks.count - 1; break }
        }
        var o = JSONObject()
        o.append("txs", .array(txs))
        o.append("receipts", .array(receipts))
        o.append("firstPage", .bool(before ? start == 0 : exhausted))
        o.append("lastPage", .bool(before ? exhausted : start == 0))
        return .object(o)
    }

    /// The transactions of block `n` that involve `address`: as sender, recipient, created
    /// contract, or (when the block can be replayed) in any internal call.
    func addressTransactions(_ address: Address, block n: UInt64) throws(RPCError) -> [(StoredTransaction, StoredReceipt, UInt64)] {
        let stored = try storage { () throws(StorageError) in try database.transactions(blockNumber: n) }
        if stored.isEmpty { return [] }
        let receipts = try storage { () throws(StorageError) in try database.receipts(blockNumber: n) }
        let timestamp = try storage { () throws(StorageError) in try database.header(number: n) }?.timestamp ?? 0
        var hit = stored.indices.map { i in
            stored[i].sender == address || stored[i].transaction.to == address || receipts[i].details.contractAddress == address
        }
        if chain.state(atBlock: n - 1) != nil, hit.contains(false) {
            let block = try replayBlock(n)
            let traces = parityTraces(block, indices: Array(block.transactions.indices), stateDiff: false)
            let target = JSON.address(address)
            for (i, result) in traces.enumerated() where !hit[i] {
                guard let located = try? result.get().located else { continue }
                hit[i] = located.contains { t in
                    t["action"]?["from"] == target || t["action"]?["to"] == target || t["result"]?["address"] == target
                        || t["action"]?["address"] == target || t["action"]?["refundAddress"] == target
                }
            }
        }
        return stored.indices.filter { hit[$0] }.map { (stored[$0], receipts[$0], timestamp) }
    }
}
