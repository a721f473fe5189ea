import Ethereum
import Node
import Primitives
import Storage

extension NodeAPI {
    /// The tip `eth_maxPriorityFeePerGas` suggests (1 gwei, as Anvil).
    static let defaultTip = UInt256(1_000_000_000)

    /// The tip suggested and used to fill sends: zero under `--no-priority-fee`.
    var suggestedTip: UInt256 { node.settings.noPriorityFee ? .zero : Self.defaultTip }

    /// Registers the chain-level reads: ids, head number, accounts, fee suggestions, sync and
    /// network status.
    func registerChainMethods(into registry: RPCRegistry) {
        registry.register("eth_chainId") { _ in .quantity(node.settings.chainId) }
        registry.register("net_version") { _ in .string(String(node.settings.chainId)) }
        registry.register("net_listening") { _ in true }
        registry.register("net_peerCount") { _ in .quantity(0) }
        registry.register("eth_syncing") { _ in false }
        registry.register("eth_mining") { _ in true }
        registry.register("eth_hashrate") { _ in .quantity(0) }
        registry.register("eth_coinbase") { _ in .address(node.settings.coinbase) }
        registry.register("eth_blockNumber") { _ in .quantity(chain.head.number) }
        registry.register("eth_accounts") { _ in .array(node.accounts.map { .address($0) }) }
        registry.register("eth_maxPriorityFeePerGas") { _ in .quantity(suggestedTip) }
        registry.register("eth_gasPrice") { _ in
            .quantity((node.nextBlock().baseFee ?? .zero) &+ suggestedTip)
        }
        registry.register("eth_baseFee") { _ in .quantity(node.nextBlock().baseFee ?? .zero) }
        registry.register("eth_blobBaseFee") { _ in
            guard let fee = node.nextBlock().blobBaseFee else { throw RPCError.server("blob base fee is not available before Cancun") }
            return .quantity(fee)
        }
        registry.register("eth_feeHistory", params: 2...3) { call in try feeHistory(call.params) }
    }

    /// `eth_feeHistory(blockCount, newestBlock, rewardPercentiles?)` as geth answers it: base fees
    /// of the range and of the block after it, gas-used ratios, blob fees and ratios from Cancun,
    /// and per block the tips at the requested percentiles weighted by gas used.
    func feeHistory(_ params: RPCParams) throws(RPCError) -> JSON {
        let count: UInt64 = try params.decode(0) { v throws(ParamError) in
            if case .number(let n) = v, let c = n.uint64 { return c }
            return try ParamDecoding.uint64(v)
        }
        let newestTag = try params.blockTag(1)
        let percentiles: [Double] = try params.optional(2) { v throws(ParamError) in
            guard case .array(let items) = v else { throw DecodingPath.value.typeError(v.kindName, "[]float64") }
            var out: [Double] = []
            for item in items {
                guard case .number(let n) = item, let d = n.double else { throw DecodingPath.value.typeError(item.kindName, "float64") }
                out.append(d)
            }
            return out
        } ?? []
        for (i, p) in percentiles.enumerated() {
            guard p >= 0, p <= 100 else { throw RPCError.invalidParams("invalid reward percentile: \(p)") }
            if i > 0, p < percentiles[i - 1] { throw RPCError.invalidParams("invalid reward percentile: #\(i - 1):\(percentiles[i - 1]) >= #\(i):\(p)") }
        }
        let head = chain.head
        guard count > 0 else {
            return ["oldestBlock": .quantity(0), "baseFeePerGas": [], "gasUsedRatio": []]
        }
        guard let newest = number(newestTag, head: head) else {
            throw RPCError.server("request beyond head block: requested \(newestTag.json.serializedString), head \(head.number)")
        }
        let blocks = min(count, 1024, newest + 1)
        let oldest = newest + 1 - blocks
        var baseFees: [JSON] = [], ratios: [JSON] = [], blobFees: [JSON] = [], blobRatios: [JSON] = [], rewards: [JSON] = []
        var lastHeader: Header?
        var lastFork = head.fork
        for n in oldest...newest {
            let stored: Header? = n == head.number ? head.header : try storage { () throws(StorageError) in try database.header(number: n) }
            guard let header = stored else {
                throw RPCError.server("header not found")
            }
            let fork = chain.config.fork(atBlock: n, timestamp: header.timestamp, merged: chain.config.terminalTotalDifficulty == .zero ? true : nil)
            baseFees.append(.quantity(header.baseFeePerGas ?? .zero))
            ratios.append(.number(JSONNumber(String(header.gasLimit == 0 ? 0 : Double(header.gasUsed) / Double(header.gasLimit)))!))
            if let schedule = chain.config.blobSchedule(for: fork) {
                blobFees.append(.quantity(schedule.blobBaseFee(excessBlobGas: header.excessBlobGas ?? 0)))
                let maxGas = schedule.max * 131_072
                blobRatios.append(.number(JSONNumber(String(maxGas == 0 ? 0 : Double(header.blobGasUsed ?? 0) / Double(maxGas)))!))
            } else {
                blobFees.append(.quantity(0))
                blobRatios.append(.number(JSONNumber(0)))
            }
            if !percentiles.isEmpty { rewards.append(.array(try rewardsOf(block: n, header: header, percentiles: percentiles))) }
            lastHeader = header
            lastFork = fork
        }
        // The block after the range: its base fee follows from the last one.
        if let last = lastHeader {
            let next = last.number == head.number ? node.nextBlock() : nil
            let nextBaseFee = next?.baseFee ?? (lastFork >= .london ? HeaderRules.nextBaseFee(parent: last, parentFork: lastFork) : .zero)
            baseFees.append(.quantity(nextBaseFee))
            if let schedule = chain.config.blobSchedule(for: lastFork) {
                let excess = next?.excessBlobGas ?? HeaderRules.nextExcessBlobGas(parent: last, schedule: schedule, fork: lastFork)
                blobFees.append(.quantity(schedule.blobBaseFee(excessBlobGas: excess)))
            } else {
                blobFees.append(.quantity(0))
            }
        }
        var o = JSONObject()
        o.append("oldestBlock", .quantity(oldest))
        if !percentiles.isEmpty { o.append("reward", .array(rewards)) }
        o.append("baseFeePerGas", .array(baseFees))
        o.append("gasUsedRatio", .array(ratios))
        o.append("baseFeePerBlobGas", .array(blobFees))
        o.append("blobGasUsedRatio", .array(blobRatios))
        return .object(o)
    }

    /// The tips at `percentiles` of block `number`, each transaction weighted by its gas used.
    private func rewardsOf(block number: UInt64, header: Header, percentiles: [Double]) throws(RPCError) -> [JSON] {
        let receipts = try storage { () throws(StorageError) in try database.receipts(blockNumber: number) }
        guard !receipts.isEmpty, header.gasUsed > 0 else { return percentiles.map { _ in .quantity(0) } }
        let baseFee = header.baseFeePerGas ?? .zero
        let tips = receipts.map { (tip: $0.details.effectiveGasPrice > baseFee ? $0.details.effectiveGasPrice &- baseFee : .zero,
                                   gas: $0.details.gasUsed) }.sorted { $0.tip < $1.tip }
        var out: [JSON] = []
        var index = 0
        var sum = tips[0].gas
        for p in percentiles {
            let threshold = UInt64(Double(header.gasUsed) * p / 100)
            while sum < threshold, index < tips.count - 1 {
                index += 1
                sum += tips[index].gas
            }
            out.append(.quantity(tips[index].tip))
        }
        return out
    }
}
