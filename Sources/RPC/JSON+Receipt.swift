import Ethereum
import Primitives

/// What a receipt object needs beyond the consensus receipt: where the transaction sits and
/// the amounts the node computed while executing it.
public struct ReceiptContext: Sendable, Hashable {
    public var transactionHash: Hash
    public var transactionIndex: UInt64
    public var blockHash: Hash
    public var blockNumber: UInt64
    /// Written into the logs when known.
    public var blockTimestamp: UInt64?
    public var from: Address
    /// nil for contract creation.
    public var to: Address?
    /// The created contract, for contract creation.
    public var contractAddress: Address?
    /// Gas used by this transaction alone.
    public var gasUsed: UInt64
    public var effectiveGasPrice: UInt256
    /// Blob transactions only.
    public var blobGasUsed: UInt64?
    /// Blob transactions only.
    public var blobGasPrice: UInt256?
    /// Block-wide index of the receipt's first log.
    public var firstLogIndex: UInt64

    /// Creates a context from explicit values.
    public init(transactionHash: Hash, transactionIndex: UInt64, blockHash: Hash, blockNumber: UInt64, blockTimestamp: UInt64? = nil,
                from: Address, to: Address?, contractAddress: Address?, gasUsed: UInt64, effectiveGasPrice: UInt256,
                blobGasUsed: UInt64? = nil, blobGasPrice: UInt256? = nil, firstLogIndex: UInt64) {
        self.transactionHash = transactionHash; self.transactionIndex = transactionIndex
        self.blockHash = blockHash; self.blockNumber = blockNumber; self.blockTimestamp = blockTimestamp
        self.from = from; self.to = to; self.contractAddress = contractAddress; self.gasUsed = gasUsed
        self.effectiveGasPrice = effectiveGasPrice; self.blobGasUsed = blobGasUsed; self.blobGasPrice = blobGasPrice
        self.firstLogIndex = firstLogIndex
    }

    /// Derives the context of transaction `index` of a block: the contract address for a
    /// creation (keccak(rlp([sender, nonce]))[12…]), the effective gas price from the header's
    /// base fee, and for blob transactions the blob gas (131072 per blob) at `blobBaseFee`.
    public init(transaction tx: Transaction, sender: Address, index: UInt64, header: Header, blockHash: Hash,
                gasUsed: UInt64, firstLogIndex: UInt64, blobBaseFee: UInt256? = nil) {
        var contract: Address?
        if tx.to == nil {
            var w = RLPWriter()
            w.appendList { w in
                w.append(sender)
                w.append(tx.nonce)
            }
            contract = Address(hashSuffix: Keccak256.hash(w.bytes))
        }
        let isBlob = tx.type == .blob
        self.init(transactionHash: tx.hash, transactionIndex: index, blockHash: blockHash, blockNumber: header.number,
                  blockTimestamp: header.timestamp, from: sender, to: tx.to, contractAddress: contract, gasUsed: gasUsed,
                  effectiveGasPrice: tx.effectiveGasPrice(baseFee: header.baseFeePerGas) ?? tx.maxFeePerGas,
                  blobGasUsed: isBlob ? UInt64(tx.blobVersionedHashes.count) * 131_072 : nil,
                  blobGasPrice: isBlob ? blobBaseFee : nil, firstLogIndex: firstLogIndex)
    }
}

extension JSON {
    /// A receipt object (execution-apis `ReceiptInfo`, geth's `MarshalReceipt`): `status`
    /// from Byzantium (`root` before), blob members for blob transactions, members sorted
    /// by name as geth's map encoding sorts them.
    public static func receipt(_ receipt: Receipt, _ c: ReceiptContext) -> JSON {
        var o = JSONObject()
        o.append("blockHash", .hash(c.blockHash))
        o.append("blockNumber", .quantity(c.blockNumber))
        o.append("transactionHash", .hash(c.transactionHash))
        o.append("transactionIndex", .quantity(c.transactionIndex))
        o.append("from", .address(c.from))
        o.append("to", .address(c.to))
        o.append("gasUsed", .quantity(c.gasUsed))
        o.append("cumulativeGasUsed", .quantity(receipt.cumulativeGasUsed))
        o.append("contractAddress", .address(c.contractAddress))
        var logs: [JSON] = []
        logs.reserveCapacity(receipt.logs.count)
        for (i, log) in receipt.logs.enumerated() {
            logs.append(.log(log, LogContext(blockHash: c.blockHash, blockNumber: c.blockNumber, blockTimestamp: c.blockTimestamp,
                                             transactionHash: c.transactionHash, transactionIndex: c.transactionIndex,
                                             logIndex: c.firstLogIndex + UInt64(i))))
        }
        o.append("logs", .array(logs))
        o.append("logsBloom", .data(receipt.logsBloom.bytes))
        o.append("type", .quantity(UInt64(receipt.type.rawValue)))
        o.append("effectiveGasPrice", .quantity(c.effectiveGasPrice))
        switch receipt.outcome {
        case .status(let ok): o.append("status", .quantity(ok ? 1 : 0))
        case .stateRoot(let root): o.append("root", .hash(root))
        }
        if let v = c.blobGasUsed { o.append("blobGasUsed", .quantity(v)) }
        if let v = c.blobGasPrice { o.append("blobGasPrice", .quantity(v)) }
        return .object(o.sortedByKey())
    }
}
