import Ethereum
import Primitives

/// `eth_getLogs` over the log index.
///
/// Query plan: each constrained criterion has an index whose entries end in the packed log key
/// (`blockNumber << 24 | logIndex`), so one index range scan yields matching logs of the block range
/// already in geth order. When several criteria are constrained (an address and a topic, or two
/// topics), the index is chosen by probing: count, up to `probeLimit`, the index entries each
/// candidate would visit in the range, and scan the smallest. SQLite's own planner has no
/// per-value statistics, so it cannot tell a hot contract address from a rare topic; the probes
/// cost a few bounded index-only scans. Results then join `blocks` (hash, timestamp) and
/// `transactions` (hash) by primary key.
extension ChainDatabase {
    /// Index entries a probe visits at most before calling a candidate "large".
    static let probeLimit = 2_048

    /// The logs matching `filter`, in block order then log index, capped by `options.logLimits`.
    /// `toBlock` is clamped to the head; a `fromBlock` above the head gives no logs.
    public func logs(_ filter: LogFilter) throws(StorageError) -> [IndexedLog] {
        try logs(filter, limits: options.logLimits)
    }

    /// The logs matching `filter` under explicit caps.
    public func logs(_ filter: LogFilter, limits: LogQueryLimits) throws(StorageError) -> [IndexedLog] {
        guard filter.topics.count <= LogFilter.maxTopics else { throw .tooManyTopics }
        if filter.blockHash == nil && filter.fromBlock > filter.toBlock { throw .invalidBlockRange }
        return try read { (c: SQLiteConnection) throws(StorageError) -> [IndexedLog] in
            let from: UInt64, to: UInt64
            if let hash = filter.blockHash {
                guard let number = try Self.number(of: hash, c) else { throw .unknownBlock }
                (from, to) = (number, number)
            } else {
                guard let head = try Self.head(c), filter.fromBlock <= head.number else { return [] }
                (from, to) = (filter.fromBlock, min(filter.toBlock, head.number))
            }
            if let maxRange = limits.maxBlockRange, to - from >= maxRange { throw .blockRangeTooLarge(limit: maxRange) }
            let query = LogQuery(filter, from: from, to: to)
            let index = try query.chooseIndex(c)
            let sql = """
                \(Self.logSelect(index: index)) WHERE \(query.whereClause) ORDER BY l.id\(limits.maxResults == nil ? "" : " LIMIT ?")
                """
            return try c.withStatement(sql, cached: query.isSmall) { (s: SQLiteStatement) throws(StorageError) -> [IndexedLog] in
                var next = query.bind(s)
                if let max = limits.maxResults { s.bind(next, max + 1); next += 1 }
                var out: [IndexedLog] = []
                while try s.step() {
                    out.append(try Self.indexedLog(s))
                    if let max = limits.maxResults, out.count > max { throw .tooManyResults(limit: max) }
                }
                return out
            }
        }
    }

    /// The columns `indexedLog` decodes, for plain reads (the receipt path).
    static let logColumns = logSelect(index: nil)

    static func logSelect(index: String?) -> String {
        """
        SELECT l.id, l.tx_index, l.address, l.topic0, l.topic1, l.topic2, l.topic3, l.data, b.hash, b.timestamp, t.hash
        FROM logs AS l\(index.map { " INDEXED BY \($0)" } ?? "")
        CROSS JOIN blocks AS b ON b.number = l.id >> 24
        CROSS JOIN transactions AS t ON t.id = ((l.id >> 24) << 24) | l.tx_index
        """
    }

    static func indexedLog(_ s: SQLiteStatement) throws(StorageError) -> IndexedLog {
        let (number, logIndex) = split(s.int64(0))
        var topics: [Hash] = []
        for column in Int32(3)...6 {
            guard !s.isNull(column) else { break }
            topics.append(try s.hash(column))
        }
        return IndexedLog(address: try s.address(2), topics: topics, data: s.bytes(7), blockNumber: number,
                          blockHash: try s.hash(8), blockTimestamp: s.uint64(9), transactionHash: try s.hash(10),
                          transactionIndex: s.int(1), logIndex: logIndex)
    }
}

/// A log filter turned into SQL terms over `logs AS l` and the indexes that could serve it.
struct LogQuery {
    /// One equality-or-IN term on a column of `logs`.
    struct Term {
        var column: String
        var values: [Param]
        var sql: String {
            values.count == 1 ? "l.\(column) = ?" : "l.\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))"
        }
    }

    enum Param {
        case address(Address)
        case hash(Hash)
    }

    /// An index that can drive the scan, with the terms it matches.
    struct Candidate {
        var index: String
        var terms: [Term]
    }

    let lowKey: Int64
    let highKey: Int64
    var terms: [Term] = []
    /// Topic positions that must be present (constrained ones, and the last position given).
    var presentTopics: Set<Int> = []
    var candidates: [Candidate] = []

    init(_ filter: LogFilter, from: UInt64, to: UInt64) {
        lowKey = Schema.firstKey(block: from)
        highKey = Schema.firstKey(block: to + 1) - 1
        var addressTerm: Term?
        if !filter.addresses.isEmpty {
            // Deduplicated so IN lists stay small; order does not matter for matching.
            let unique = Array(Set(filter.addresses)).sorted()
            addressTerm = Term(column: "address", values: unique.map { .address($0) })
            terms.append(addressTerm!)
        }
        var topicTerms: [Int: Term] = [:]
        for (i, alternatives) in filter.topics.enumerated() {
            if let alternatives, !alternatives.isEmpty {
                let unique = Array(Set(alternatives)).sorted()
                let term = Term(column: "topic\(i)", values: unique.map { .hash($0) })
                terms.append(term)
                topicTerms[i] = term
                presentTopics.insert(i)
            }
        }
        if !filter.topics.isEmpty { presentTopics.insert(filter.topics.count - 1) }

        if let addressTerm {
            if let topic0 = topicTerms[0] {
                candidates.append(Candidate(index: "logs_by_address_topic0", terms: [addressTerm, topic0]))
            } else {
                candidates.append(Candidate(index: "logs_by_address", terms: [addressTerm]))
            }
        }
        for i in 0..<LogFilter.maxTopics {
            guard let term = topicTerms[i], !(i == 0 && addressTerm != nil) else { continue }
            candidates.append(Candidate(index: "logs_by_topic\(i)", terms: [term]))
        }
    }

    /// Few enough parameters that the SQL shape is worth caching on the connection.
    var isSmall: Bool { terms.reduce(0) { $0 + $1.values.count } <= 8 }

    /// The WHERE clause for all terms (parameters: low key, high key, then each term's values).
    var whereClause: String {
        var parts = ["l.id BETWEEN ? AND ?"]
        parts += terms.map(\.sql)
        // Partial topic indexes need the NOT NULL term spelled out to be usable; it also enforces
        // "a filter with n positions needs n topics".
        parts += presentTopics.sorted().map { "l.topic\($0) IS NOT NULL" }
        return parts.joined(separator: " AND ")
    }

    /// Binds the range and every term's values from parameter 1; returns the next free index.
    func bind(_ s: SQLiteStatement) -> Int32 {
        bind(s, terms: terms)
    }

    private func bind(_ s: SQLiteStatement, terms: [Term]) -> Int32 {
        s.bind(1, lowKey)
        s.bind(2, highKey)
        var i: Int32 = 3
        for term in terms {
            for value in term.values {
                switch value {
                case .address(let a): s.bind(i, a)
                case .hash(let h): s.bind(i, h)
                }
                i += 1
            }
        }
        return i
    }

    /// The index to scan: the only candidate, or the one whose probe visits the fewest entries;
    /// nil when no criterion is constrained (a rowid range scan).
    func chooseIndex(_ c: SQLiteConnection) throws(StorageError) -> String? {
        guard candidates.count > 1 else { return candidates.first?.index }
        var best: (index: String, count: Int64)?
        for candidate in candidates {
            let conditions = (["l.id BETWEEN ? AND ?"] + candidate.terms.map(\.sql)
                + candidate.terms.compactMap { $0.column.hasPrefix("topic") ? "l.\($0.column) IS NOT NULL" : nil })
                .joined(separator: " AND ")
            let sql = """
                SELECT count(*) FROM (SELECT 1 FROM logs AS l INDEXED BY \(candidate.index) WHERE \(conditions) LIMIT \(ChainDatabase.probeLimit))
                """
            let small = candidate.terms.reduce(0) { $0 + $1.values.count } <= 8
            let count = try c.withStatement(sql, cached: small) { (s: SQLiteStatement) throws(StorageError) -> Int64 in
                _ = bind(s, terms: candidate.terms)
                return try s.step() ? s.int64(0) : 0
            }
            if best == nil || count < best!.count { best = (candidate.index, count) }
            if count == 0 { break }
        }
        return best?.index
    }
}
