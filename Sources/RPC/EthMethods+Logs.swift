import Ethereum
import Node
import Primitives
import Storage

extension NodeAPI {
    /// `eth_getLogs`: the filter's range resolved against the head (default latest..latest), or
    /// one block by hash, answered from the log index with geth's order, fields and limits.
    func registerLogMethods(into registry: RPCRegistry) {
        registry.register("eth_getLogs", params: 1...1) { call in
            .array(try logs(call.params.logFilter(0)).map(Self.logJSON))
        }
    }

    /// The logs a filter matches now.
    func logs(_ filter: LogFilter, from floor: UInt64? = nil) throws(RPCError) -> [IndexedLog] {
        try logs(storageFilter(filter, from: floor))
    }

    func logs(_ filter: Storage.LogFilter) throws(RPCError) -> [IndexedLog] {
        do {
            return try database.logs(filter)
        } catch .unknownBlock {
            throw RPCError.server("unknown block")
        } catch {
            throw RPCError.server(error.description)
        }
    }

    /// The Storage form of a filter: tags resolved to numbers at the current head; `floor`
    /// raises the start (filters polled for changes).
    func storageFilter(_ filter: LogFilter, from floor: UInt64? = nil) throws(RPCError) -> Storage.LogFilter {
        let head = chain.head
        let topics: [[Hash]?] = filter.topics.map { $0.isEmpty ? nil : $0 }
        if let hash = filter.blockHash {
            return Storage.LogFilter(blockHash: hash, addresses: filter.addresses, topics: topics)
        }
        func resolve(_ tag: BlockTag?) -> UInt64 {
            switch tag ?? .latest {
            case .latest, .pending, .safe, .finalized: return head.number
            case .earliest: return 0
            case .number(let n): return n
            }
        }
        var from = resolve(filter.fromBlock)
        let to = resolve(filter.toBlock)
        if let floor { from = max(from, floor) }
        if filter.fromBlock != nil, filter.toBlock != nil, from > to, floor == nil { throw RPCError.server("invalid block range params") }
        if from > to { return Storage.LogFilter(fromBlock: 1, toBlock: 0, addresses: filter.addresses, topics: topics).emptyRange }
        return Storage.LogFilter(fromBlock: from, toBlock: to, addresses: filter.addresses, topics: topics)
    }

    static func logJSON(_ log: IndexedLog) -> JSON {
        .log(log.log, LogContext(blockHash: log.blockHash, blockNumber: log.blockNumber, blockTimestamp: log.blockTimestamp,
                                 transactionHash: log.transactionHash, transactionIndex: UInt64(log.transactionIndex),
                                 logIndex: UInt64(log.logIndex), removed: log.removed))
    }
}

extension Storage.LogFilter {
    /// A filter that matches nothing (a range beyond the head); the index answers it empty.
    var emptyRange: Storage.LogFilter {
        Storage.LogFilter(fromBlock: UInt64.max, toBlock: UInt64.max, addresses: addresses, topics: topics)
    }
}
