import Ethereum
import Primitives

/// Reads of blocks, transactions and receipts. Each public method runs in one read transaction.
extension ChainDatabase {
    /// The newest committed block, or nil for an empty database.
    public func head() throws(StorageError) -> ChainHead? {
        try read { (c: SQLiteConnection) throws(StorageError) -> ChainHead? in try Self.head(c) }
    }

    /// The block number with this hash, if stored.
    public func blockNumber(hash: Hash) throws(StorageError) -> UInt64? {
        try read { (c: SQLiteConnection) throws(StorageError) -> UInt64? in try Self.number(of: hash, c) }
    }

    /// The hash of block `number`, if stored.
    public func blockHash(number: UInt64) throws(StorageError) -> Hash? {
        try read { (c: SQLiteConnection) throws(StorageError) -> Hash? in
            let s = try c.statement("SELECT hash FROM blocks WHERE number = ?1")
            defer { s.reset() }
            s.bind(1, number)
            return try s.step() ? try s.hash(0) : nil
        }
    }

    /// The header of block `number`, if stored.
    public func header(number: UInt64) throws(StorageError) -> Header? {
        try read { (c: SQLiteConnection) throws(StorageError) -> Header? in try Self.header(number, c) }
    }

    /// The header of the block with this hash, if stored.
    public func header(hash: Hash) throws(StorageError) -> Header? {
        try read { (c: SQLiteConnection) throws(StorageError) -> Header? in
            guard let number = try Self.number(of: hash, c) else { return nil }
            return try Self.header(number, c)
        }
    }

    /// Block `number` with its body (transactions, ommers, withdrawals), if stored.
    public func block(number: UInt64) throws(StorageError) -> Block? {
        try read { (c: SQLiteConnection) throws(StorageError) -> Block? in try Self.block(number, c) }
    }

    /// The block with this hash with its body, if stored.
    public func block(hash: Hash) throws(StorageError) -> Block? {
        try read { (c: SQLiteConnection) throws(StorageError) -> Block? in
            guard let number = try Self.number(of: hash, c) else { return nil }
            return try Self.block(number, c)
        }
    }

    /// Where the transaction with this hash is, if stored.
    public func transactionLocation(hash: Hash) throws(StorageError) -> TransactionLocation? {
        try read { (c: SQLiteConnection) throws(StorageError) -> TransactionLocation? in
            let s = try c.statement("""
                SELECT t.id, b.hash FROM transactions AS t CROSS JOIN blocks AS b ON b.number = t.id >> 24 WHERE t.hash = ?1
                """)
            defer { s.reset() }
            s.bind(1, hash)
            guard try s.step() else { return nil }
            let (number, index) = Self.split(s.int64(0))
            return TransactionLocation(blockNumber: number, blockHash: try s.hash(1), index: index)
        }
    }

    /// The transaction with this hash, its sender and location, if stored.
    public func transaction(hash: Hash) throws(StorageError) -> StoredTransaction? {
        try read { (c: SQLiteConnection) throws(StorageError) -> StoredTransaction? in
            let s = try c.statement("""
                SELECT t.id, b.hash, t.hash, t.sender, t.envelope
                FROM transactions AS t CROSS JOIN blocks AS b ON b.number = t.id >> 24 WHERE t.hash = ?1
                """)
            defer { s.reset() }
            s.bind(1, hash)
            return try s.step() ? try Self.storedTransaction(s) : nil
        }
    }

    /// The transactions of block `number` in order, with senders and locations (empty if not stored).
    public func transactions(blockNumber number: UInt64) throws(StorageError) -> [StoredTransaction] {
        try read { (c: SQLiteConnection) throws(StorageError) -> [StoredTransaction] in
            let s = try c.statement("""
                SELECT t.id, b.hash, t.hash, t.sender, t.envelope
                FROM transactions AS t CROSS JOIN blocks AS b ON b.number = t.id >> 24
                WHERE t.id >= ?1 AND t.id < ?2 ORDER BY t.id
                """)
            defer { s.reset() }
            s.bind(1, Schema.firstKey(block: number))
            s.bind(2, Schema.firstKey(block: number + 1))
            var out: [StoredTransaction] = []
            while try s.step() { out.append(try Self.storedTransaction(s)) }
            return out
        }
    }

    /// The receipt of the transaction with this hash, if stored.
    public func receipt(transactionHash hash: Hash) throws(StorageError) -> StoredReceipt? {
        try read { (c: SQLiteConnection) throws(StorageError) -> StoredReceipt? in
            let s = try c.statement("\(Self.receiptColumns) WHERE t.hash = ?1")
            defer { s.reset() }
            s.bind(1, hash)
            guard try s.step() else { return nil }
            var (receipt, firstLog, logCount) = try Self.storedReceipt(s)
            receipt.setLogs(try Self.blockLogs(receipt.location.blockNumber, c, from: firstLog, count: logCount))
            return receipt
        }
    }

    /// The receipts of block `number` in transaction order (empty if not stored).
    public func receipts(blockNumber number: UInt64) throws(StorageError) -> [StoredReceipt] {
        try read { (c: SQLiteConnection) throws(StorageError) -> [StoredReceipt] in
            let s = try c.statement("\(Self.receiptColumns) WHERE t.id >= ?1 AND t.id < ?2 ORDER BY t.id")
            defer { s.reset() }
            s.bind(1, Schema.firstKey(block: number))
            s.bind(2, Schema.firstKey(block: number + 1))
            var receipts: [StoredReceipt] = []
            var counts: [Int] = []
            while try s.step() {
                let (receipt, _, logCount) = try Self.storedReceipt(s)
                receipts.append(receipt)
                counts.append(logCount)
            }
            guard !receipts.isEmpty else { return [] }
            var logs = try Self.blockLogs(number, c, from: 0, count: counts.reduce(0, +))[...]
            for i in receipts.indices {
                receipts[i].setLogs(Array(logs.prefix(counts[i])))
                logs = logs.dropFirst(counts[i])
            }
            return receipts
        }
    }

    // MARK: row decoding (connection already inside a transaction)

    /// Splits a packed key into block number and position.
    static func split(_ key: Int64) -> (UInt64, Int) {
        let k = UInt64(bitPattern: key)
        return (k >> Schema.positionBits, Int(k & (Schema.maxPositions - 1)))
    }

    /// The number of the block with `hash`: the hash index is partitioned by block range
    /// (`Schema.hashRangeBits`), so the ranges are probed from the newest (where most lookups end).
    static func number(of hash: Hash, _ c: SQLiteConnection) throws(StorageError) -> UInt64? {
        let bounds = try c.statement("SELECT (SELECT min(number) FROM blocks), (SELECT max(number) FROM blocks)")
        let (low, high): (UInt64, UInt64)
        do {
            defer { bounds.reset() }
            guard try bounds.step(), !bounds.isNull(0) else { return nil }
            (low, high) = (bounds.uint64(0), bounds.uint64(1))
        }
        let s = try c.statement("SELECT number FROM blocks WHERE number >> 16 = ?1 AND hash = ?2")
        var range = high >> Schema.hashRangeBits
        while true {
            defer { s.reset() }
            s.bind(1, range)
            s.bind(2, hash)
            if try s.step() { return s.uint64(0) }
            if range <= low >> Schema.hashRangeBits { return nil }
            range -= 1
        }
    }

    static func header(_ number: UInt64, _ c: SQLiteConnection) throws(StorageError) -> Header? {
        let s = try c.statement("SELECT header FROM blocks WHERE number = ?1")
        defer { s.reset() }
        s.bind(1, number)
        guard try s.step() else { return nil }
        do { return try Header(rlp: s.bytes(0)) } catch { throw .corrupt("header of block \(number): \(error)") }
    }

    static func block(_ number: UInt64, _ c: SQLiteConnection) throws(StorageError) -> Block? {
        let s = try c.statement("SELECT header, ommers, withdrawals FROM blocks WHERE number = ?1")
        defer { s.reset() }
        s.bind(1, number)
        guard try s.step() else { return nil }
        var block: Block
        do {
            let header = try Header(rlp: s.bytes(0))
            var ommers: [Header] = []
            var r = RLPReader(s.bytes(1))
            var list = try r.readList()
            while !list.isAtEnd { ommers.append(try Header.decode(&list)) }
            var withdrawals: [Withdrawal]?
            if !s.isNull(2) {
                var r = RLPReader(s.bytes(2))
                var list = try r.readList()
                var items: [Withdrawal] = []
                while !list.isAtEnd { items.append(try Withdrawal.decode(&list)) }
                withdrawals = items
            }
            block = Block(header: header, ommers: ommers, withdrawals: withdrawals)
        } catch {
            throw .corrupt("block \(number): \(error)")
        }
        let txs = try c.statement("SELECT envelope FROM transactions WHERE id >= ?1 AND id < ?2 ORDER BY id")
        defer { txs.reset() }
        txs.bind(1, Schema.firstKey(block: number))
        txs.bind(2, Schema.firstKey(block: number + 1))
        while try txs.step() {
            do { block.transactions.append(try Transaction(envelope: txs.bytes(0))) } catch {
                throw .corrupt("transaction \(block.transactions.count) of block \(number): \(error)")
            }
        }
        return block
    }

    /// Decodes columns (id, block hash, tx hash, sender, envelope).
    static func storedTransaction(_ s: SQLiteStatement) throws(StorageError) -> StoredTransaction {
        let (number, index) = split(s.int64(0))
        let transaction: Transaction
        do { transaction = try Transaction(envelope: s.bytes(4)) } catch {
            throw .corrupt("transaction \(index) of block \(number): \(error)")
        }
        return StoredTransaction(transaction: transaction, hash: try s.hash(2), sender: try s.address(3),
                                 location: TransactionLocation(blockNumber: number, blockHash: try s.hash(1), index: index))
    }

    /// Columns 0…16 that `storedReceipt` decodes.
    static let receiptColumns = """
        SELECT t.id, b.hash, t.hash, t.sender, t.recipient, t.type, t.status, t.post_state, t.cumulative_gas_used,
               t.gas_used, t.effective_gas_price, t.blob_gas_used, t.blob_gas_price, t.contract_address,
               t.first_log_index, t.log_count, b.timestamp
        FROM transactions AS t CROSS JOIN blocks AS b ON b.number = t.id >> 24
        """

    /// Decodes a `receiptColumns` row without its logs, which the caller reads: `firstLog` is the
    /// block log index of the transaction's first log, `logCount` how many it emitted.
    static func storedReceipt(_ s: SQLiteStatement) throws(StorageError) -> (receipt: StoredReceipt, firstLog: Int, logCount: Int) {
        let (number, index) = split(s.int64(0))
        guard let type = TransactionType(rawValue: UInt8(truncatingIfNeeded: s.int64(5))) else {
            throw .corrupt("transaction type \(s.int64(5)) in block \(number)")
        }
        let outcome: Receipt.Outcome = s.isNull(6) ? .stateRoot(try s.hash(7)) : .status(s.int64(6) != 0)
        let receipt = Receipt(type: type, outcome: outcome, cumulativeGasUsed: s.uint64(8), logs: [])
        let details = ReceiptDetails(receipt: receipt, gasUsed: s.uint64(9), effectiveGasPrice: try s.word(10),
                                     blobGasUsed: s.optionalUInt64(11), blobGasPrice: try s.optionalWord(12),
                                     contractAddress: try s.optionalAddress(13))
        let receiptRecord = StoredReceipt(details: details, transactionHash: try s.hash(2),
                                          location: TransactionLocation(blockNumber: number, blockHash: try s.hash(1), index: index),
                                          from: try s.address(3), to: try s.optionalAddress(4), logs: [])
        return (receiptRecord, s.int(14), s.int(15))
    }

    /// `count` logs of block `number` starting at block log index `first`, in order.
    static func blockLogs(_ number: UInt64, _ c: SQLiteConnection, from first: Int, count: Int) throws(StorageError) -> [IndexedLog] {
        guard count > 0 else { return [] }
        let s = try c.statement("\(logColumns) WHERE l.id >= ?1 AND l.id < ?2 ORDER BY l.id")
        defer { s.reset() }
        s.bind(1, Schema.key(block: number, position: first))
        s.bind(2, Schema.key(block: number, position: first + count))
        var out: [IndexedLog] = []
        out.reserveCapacity(count)
        while try s.step() { out.append(try indexedLog(s)) }
        return out
    }
}

extension StoredReceipt {
    /// Sets the indexed logs and the consensus receipt's logs (and so its bloom) together.
    mutating func setLogs(_ indexed: [IndexedLog]) {
        logs = indexed
        let r = details.receipt
        details.receipt = Receipt(type: r.type, outcome: r.outcome, cumulativeGasUsed: r.cumulativeGasUsed, logs: indexed.map(\.log))
    }
}
