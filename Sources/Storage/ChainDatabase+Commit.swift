import Ethereum
import Primitives
import State

/// Committing blocks: every row of a block — header, transactions, receipts, logs, state changes
/// with their undo record — in one SQL transaction, so a block is stored entirely or not at all.
extension ChainDatabase {
    /// Appends one block as the new head. It must be the child of the current head (or any block
    /// when the database is empty, normally genesis).
    public func commit(_ block: BlockCommit) throws(StorageError) {
        try commit(contentsOf: [block])
    }

    /// Appends consecutive blocks in one transaction (chain import): all of them or none, each
    /// block's state changes recorded under its own step.
    public func commit(contentsOf blocks: [BlockCommit]) throws(StorageError) {
        var noRun: UndoRun? = nil
        try commit(blocks, run: &noRun)
    }

    /// Appends the next blocks of a run that no rewind target can fall inside — an `anvil_mine`
    /// run: snapshots are taken on the producer thread, between runs — in one transaction. Their
    /// state changes are written folded into one step (the first block's), and a key whose undo
    /// record an earlier commit of the run wrote gets none again: a rewind only reads the record
    /// at the lowest step above its target, which for any point before the run is the run's first.
    /// The state tables end the same; a run of a million empty blocks writes one row per
    /// ring-buffer slot it touched and one undo record per slot, not one of each per block.
    ///
    /// `folded` is the blocks' state changes merged in block order (the block producer folds as
    /// it builds, so its per-block changes never cross to the writer thread); the blocks' own
    /// `stateChanges` are not read.
    public func commit(runOf blocks: [BlockCommit], folded: StateChanges, undo run: inout UndoRun) throws(StorageError) {
        var inRun: UndoRun? = run
        run = UndoRun()  // leaves `inRun` the only owner of the sets, so noting keys does not copy them
        defer { run = inRun! }
        try commit(blocks, folded: folded, run: &inRun)
    }

    /// Both of the above: per-block steps without a run, one folded step with one.
    private func commit(_ blocks: [BlockCommit], folded: StateChanges = StateChanges(), run: inout UndoRun?) throws(StorageError) {
        guard !blocks.isEmpty else { return }
        // Encode and hash outside the writer lock; the lock only covers SQLite work.
        var encoded: [EncodedBlock] = []
        encoded.reserveCapacity(blocks.count)
        for block in blocks { encoded.append(try EncodedBlock(block)) }
        try write { (c: SQLiteConnection) throws(StorageError) in
            var head = try Self.head(c)
            for block in encoded {
                let header = block.commit.block.header
                if let h = head, header.number != h.number + 1 || header.parentHash != h.hash {
                    throw .notNextBlock(head: h, number: header.number, parentHash: header.parentHash)
                }
                try Self.insert(block, c)
                if run == nil {
                    try Self.applyState(block.commit.stateChanges, step: StatePoint(block: header.number).step, c)
                }
                head = ChainHead(number: header.number, hash: block.hash)
            }
            if run != nil {
                try Self.applyState(folded, step: StatePoint(block: blocks[0].block.header.number).step, c, run: &run)
            }
        }
    }

    /// The current head from a connection already inside a transaction.
    static func head(_ c: SQLiteConnection) throws(StorageError) -> ChainHead? {
        let s = try c.statement("SELECT number, hash FROM blocks ORDER BY number DESC LIMIT 1")
        defer { s.reset() }
        guard try s.step() else { return nil }
        return ChainHead(number: s.uint64(0), hash: try s.hash(1))
    }

    private static func insert(_ b: EncodedBlock, _ c: SQLiteConnection) throws(StorageError) {
        let block = b.commit.block
        let number = block.header.number
        try c.statement("""
            INSERT INTO blocks(number, hash, timestamp, header, ommers, withdrawals) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """).run { s in
            s.bind(1, number)
            s.bind(2, b.hash)
            s.bind(3, block.header.timestamp)
            s.bind(4, b.header)
            s.bind(5, b.ommers)
            s.bind(6, b.withdrawals)
        }
        // Most dev-chain blocks are empty (anvil_mine): no statement lookups for their rows.
        guard !block.transactions.isEmpty else { return }
        let insertTransaction = try c.statement("""
            INSERT INTO transactions(id, hash, sender, recipient, envelope, type, status, post_state, cumulative_gas_used,
                gas_used, effective_gas_price, blob_gas_used, blob_gas_price, contract_address, first_log_index, log_count)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
            """)
        let insertLog = try c.statement("""
            INSERT INTO logs(id, tx_index, address, topic0, topic1, topic2, topic3, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        var logIndex = 0
        for (i, tx) in block.transactions.enumerated() {
            let details = b.commit.receipts[i]
            let receipt = details.receipt
            try insertTransaction.run { s in
                s.bind(1, Schema.key(block: number, position: i))
                s.bind(2, b.transactionHashes[i])
                s.bind(3, b.commit.senders[i])
                s.bind(4, tx.to)
                s.bind(5, b.envelopes[i])
                s.bind(6, Int(tx.type.rawValue))
                switch receipt.outcome {
                case .status(let ok): s.bind(7, ok ? 1 : 0); s.bindNull(8)
                case .stateRoot(let root): s.bindNull(7); s.bind(8, root)
                }
                s.bind(9, receipt.cumulativeGasUsed)
                s.bind(10, details.gasUsed)
                s.bind(11, details.effectiveGasPrice)
                s.bind(12, details.blobGasUsed)
                s.bind(13, details.blobGasPrice)
                s.bind(14, details.contractAddress)
                s.bind(15, logIndex)
                s.bind(16, receipt.logs.count)
            }
            for log in receipt.logs {
                try insertLog.run { s in
                    s.bind(1, Schema.key(block: number, position: logIndex))
                    s.bind(2, i)
                    s.bind(3, log.address)
                    for p in 0..<4 { s.bind(Int32(4 + p), p < log.topics.count ? log.topics[p] : nil) }
                    s.bind(8, log.data)
                }
                logIndex += 1
            }
        }
    }
}

/// A block commit with its encodings and hashes computed (outside the writer lock) and checked.
struct EncodedBlock: Sendable {
    let commit: BlockCommit
    let hash: Hash
    let header: [UInt8]
    let ommers: [UInt8]
    let withdrawals: [UInt8]?
    let envelopes: [[UInt8]]
    let transactionHashes: [Hash]

    init(_ commit: BlockCommit) throws(StorageError) {
        let block = commit.block
        let count = block.transactions.count
        guard commit.senders.count == count else { throw .malformedCommit("\(count) transactions but \(commit.senders.count) senders") }
        guard commit.receipts.count == count else { throw .malformedCommit("\(count) transactions but \(commit.receipts.count) receipts") }
        guard block.header.number < Schema.maxBlockNumber else { throw .malformedCommit("block number \(block.header.number) too large") }
        let logCount = commit.receipts.reduce(0) { $0 + $1.receipt.logs.count }
        guard UInt64(count) < Schema.maxPositions, UInt64(logCount) < Schema.maxPositions else {
            throw .malformedCommit("\(count) transactions and \(logCount) logs exceed \(Schema.maxPositions - 1) per block")
        }
        self.commit = commit
        header = commit.encodedHeader ?? block.header.rlp
        assert(commit.encodedHeader == nil || header == block.header.rlp, "encodedHeader is not the header's RLP")
        hash = commit.hash ?? Keccak256.hash(header)
        ommers = Self.listRLP(block.ommers)
        withdrawals = block.withdrawals.map(Self.listRLP)
        envelopes = block.transactions.map(\.envelope)
        transactionHashes = envelopes.map { Keccak256.hash($0) }
    }

    /// rlp(empty list), shared: most blocks have no ommers and no withdrawals.
    private static let emptyListRLP: [UInt8] = [0xC0]

    private static func listRLP<T: RLPEncodable>(_ items: [T]) -> [UInt8] {
        guard !items.isEmpty else { return emptyListRLP }
        var w = RLPWriter()
        w.appendList { w in for item in items { item.encode(to: &w) } }
        return w.bytes
    }
}
