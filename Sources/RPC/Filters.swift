import Dispatch
import Ethereum
import Node
import Primitives
import Storage
import Synchronization

// Polled filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter) and push
// subscriptions (eth_subscribe over WebSocket), both fed by the node's events.
//
// A block filter collects the hashes of new blocks and a pending filter the hashes of
// transactions entering the pool, until polled; a log filter remembers the last block it
// reported and answers the index for the blocks after it. As geth, a filter not polled for
// five minutes is removed ("filter not found" afterwards).

/// The logs of a produced block in index form (block-wide log indices).
extension ProducedBlock {
    var indexedLogs: [IndexedLog] {
        var out: [IndexedLog] = []
        var logIndex = 0
        for (i, r) in receipts.enumerated() {
            let txHash = block.transactions[i].hash
            for log in r.receipt.logs {
                out.append(IndexedLog(address: log.address, topics: log.topics, data: log.data, blockNumber: block.header.number,
                                      blockHash: hash, blockTimestamp: block.header.timestamp, transactionHash: txHash,
                                      transactionIndex: i, logIndex: logIndex))
                logIndex += 1
            }
        }
        return out
    }
}

/// The installed filters and subscriptions.
final class FilterHub: Sendable {
    /// How long a filter lives without being polled (geth's `filterTimeout`).
    static let timeout: Double = 300

    enum Kind: Sendable {
        case logs(LogFilter, nextBlock: UInt64)
        case blocks([Hash])
        case pending([Hash])
    }
    struct Filter: Sendable {
        var kind: Kind
        var lastPoll: DispatchTime
    }
    enum SubscriptionKind: Sendable {
        case newHeads
        case logs(LogFilter)
        case pending(full: Bool)
    }
    struct Subscription: Sendable {
        var kind: SubscriptionKind
        var session: RPCSession
    }

    let api: NodeAPI
    private let filters = Mutex<[String: Filter]>([:])
    private let subscriptions = Mutex<[String: Subscription]>([:])

    init(api: NodeAPI) {
        self.api = api
        api.node.events.subscribeNewBlocks { [weak self] block in self?.blockProduced(block) }
        _ = api.node.mempool.subscribeNewPending { [weak self] hash in self?.transactionPending(hash) }
    }

    // MARK: Filters

    func install(_ kind: Kind) -> String {
        let id = SubscriptionNotification.newID()
        filters.withLock { f in
            let now = DispatchTime.now()
            f = f.filter { Double(now.uptimeNanoseconds - $0.value.lastPoll.uptimeNanoseconds) / 1e9 < Self.timeout }
            f[id] = Filter(kind: kind, lastPoll: now)
        }
        return id
    }

    func uninstall(_ id: String) -> Bool {
        filters.withLock { $0.removeValue(forKey: id) != nil }
    }

    /// What a filter gathered since its last poll.
    func changes(_ id: String) throws(RPCError) -> JSON {
        let head = api.chain.head.number
        guard let kind = filters.withLock({ f -> Kind? in
            guard var filter = f[id] else { return nil }
            let kind = filter.kind
            switch filter.kind {
            case .logs(let lf, _): filter.kind = .logs(lf, nextBlock: head + 1)
            case .blocks: filter.kind = .blocks([])
            case .pending: filter.kind = .pending([])
            }
            filter.lastPoll = .now()
            f[id] = filter
            return kind
        }) else { throw RPCError.server("filter not found") }
        switch kind {
        case .blocks(let hashes), .pending(let hashes):
            return .array(hashes.map { .hash($0) })
        case .logs(let filter, let next):
            guard next <= head else { return [] }
            var ranged = filter
            if filter.blockHash == nil { ranged.toBlock = .number(min(head, blockLimit(filter.toBlock, head: head))) }
            return .array(try api.logs(ranged, from: next).map(NodeAPI.logJSON))
        }
    }

    /// A log filter's complete result (eth_getFilterLogs).
    func allLogs(_ id: String) throws(RPCError) -> JSON {
        guard let filter = filters.withLock({ f -> Filter? in
            f[id]?.lastPoll = .now()
            return f[id]
        }) else { throw RPCError.server("filter not found") }
        guard case .logs(let lf, _) = filter.kind else { throw RPCError.server("filter not found") }
        return .array(try api.logs(lf).map(NodeAPI.logJSON))
    }

    private func blockLimit(_ tag: BlockTag?, head: UInt64) -> UInt64 {
        if case .number(let n) = tag { return n }
        return head
    }

    // MARK: Subscriptions

    func subscribe(_ kind: SubscriptionKind, session: RPCSession) -> String {
        let id = SubscriptionNotification.newID()
        subscriptions.withLock { $0[id] = Subscription(kind: kind, session: session) }
        session.onClose { [weak self] in _ = self?.unsubscribe(id) }
        return id
    }

    func unsubscribe(_ id: String) -> Bool {
        subscriptions.withLock { $0.removeValue(forKey: id) != nil }
    }

    // MARK: Events

    private func blockProduced(_ block: ProducedBlock) {
        let logs = block.indexedLogs
        filters.withLock { f in
            for id in Array(f.keys) { Self.append(block.hash, to: id, in: &f, blocks: true) }
        }
        let subs = subscriptions.withLock { $0 }
        guard !subs.isEmpty else { return }
        let header = JSON.header(block.block.header, hash: block.hash)
        for (id, sub) in subs {
            switch sub.kind {
            case .newHeads:
                sub.session.notify(subscription: id, result: header)
            case .logs(let filter):
                for log in logs where filter.matches(address: log.address, topics: log.topics) && filter.covers(log.blockNumber) {
                    sub.session.notify(subscription: id, result: NodeAPI.logJSON(log))
                }
            case .pending:
                break
            }
        }
    }

    /// Appends to a block or pending-transaction filter's unpolled hashes in place: the filter
    /// leaves the table while its array grows, so the array is uniquely referenced and a million
    /// blocks (anvil_mine) cost a million appends, not a million copies.
    private static func append(_ hash: Hash, to id: String, in filters: inout [String: Filter], blocks: Bool) {
        guard var filter = filters[id] else { return }
        switch (filter.kind, blocks) {
        case (.blocks(var hashes), true):
            filters[id] = nil
            filter.kind = .blocks([])
            hashes.append(hash)
            filter.kind = .blocks(hashes)
        case (.pending(var hashes), false):
            filters[id] = nil
            filter.kind = .pending([])
            hashes.append(hash)
            filter.kind = .pending(hashes)
        default:
            return
        }
        filters[id] = filter
    }

    private func transactionPending(_ hash: Hash) {
        filters.withLock { f in
            for id in Array(f.keys) { Self.append(hash, to: id, in: &f, blocks: false) }
        }
        let subs = subscriptions.withLock { $0 }
        for (id, sub) in subs {
            guard case .pending(let full) = sub.kind else { continue }
            if full, let tx = api.node.mempool.transaction(hash) {
                sub.session.notify(subscription: id, result: .transaction(tx.transaction, sender: tx.sender, hash: hash))
            } else {
                sub.session.notify(subscription: id, result: .hash(hash))
            }
        }
    }
}

extension LogFilter {
    /// Whether a block number lies in the filter's explicit numeric range (tags are open-ended
    /// for subscriptions: a subscription sees every new block).
    func covers(_ number: UInt64) -> Bool {
        if let blockHash { _ = blockHash; return false }
        if case .number(let from) = fromBlock, number < from { return false }
        if case .number(let to) = toBlock, number > to { return false }
        return true
    }
}

extension NodeAPI {
    /// Registers filters and subscriptions on `hub`.
    func registerFilterMethods(into registry: RPCRegistry, hub: FilterHub) {
        registry.register("eth_newFilter", params: 1...1) { call in
            let filter = try call.params.logFilter(0)
            let head = chain.head.number
            var start = head + 1
            if case .number(let from) = filter.fromBlock { start = max(from, start) }
            return .string(hub.install(.logs(filter, nextBlock: start)))
        }
        registry.register("eth_newBlockFilter") { _ in .string(hub.install(.blocks([]))) }
        registry.register("eth_newPendingTransactionFilter", params: 0...1) { _ in .string(hub.install(.pending([]))) }
        registry.register("eth_getFilterChanges", params: 1...1) { call in try hub.changes(call.params.string(0)) }
        registry.register("eth_getFilterLogs", params: 1...1) { call in try hub.allLogs(call.params.string(0)) }
        registry.register("eth_uninstallFilter", params: 1...1) { call in .bool(hub.uninstall(try call.params.string(0))) }
        registry.register("eth_subscribe", params: 1...2) { call in
            guard let session = call.session else { throw RPCError(code: -32001, message: "notifications not supported") }
            let name = try call.params.string(0)
            switch name {
            case "newHeads":
                return .string(hub.subscribe(.newHeads, session: session))
            case "logs":
                let filter = try call.params.optional(1, LogFilter.decode) ?? LogFilter()
                return .string(hub.subscribe(.logs(filter), session: session))
            case "newPendingTransactions":
                let full = try call.params.optional(1) { v throws(ParamError) in try ParamDecoding.bool(v) } ?? false
                return .string(hub.subscribe(.pending(full: full), session: session))
            default:
                throw RPCError.server("no \"\(name)\" subscription in eth namespace")
            }
        }
        registry.register("eth_unsubscribe", params: 1...1) { call in .bool(hub.unsubscribe(try call.params.string(0))) }
    }
}
