import Ethereum
import Primitives
import State

/// The newest committed block.
public struct ChainHead: Hashable, Sendable {
    public var number: UInt64
    public var hash: Hash

    public init(number: UInt64, hash: Hash) { self.number = number; self.hash = hash }
}

/// What a receipt RPC returns beyond the consensus receipt: the per-transaction figures the
/// executor knows when it builds the block.
public struct ReceiptDetails: Hashable, Sendable {
    /// The consensus receipt (type, status or post-state, cumulative gas, logs).
    public var receipt: Receipt
    /// Gas this transaction used (after refunds).
    public var gasUsed: UInt64
    /// The price per gas actually paid (EIP-1559 effective gas price).
    public var effectiveGasPrice: UInt256
    /// EIP-4844 blob gas used and its price (blob transactions only).
    public var blobGasUsed: UInt64?
    public var blobGasPrice: UInt256?
    /// The created contract (creations only).
    public var contractAddress: Address?

    public init(receipt: Receipt, gasUsed: UInt64, effectiveGasPrice: UInt256, blobGasUsed: UInt64? = nil,
                blobGasPrice: UInt256? = nil, contractAddress: Address? = nil) {
        self.receipt = receipt; self.gasUsed = gasUsed; self.effectiveGasPrice = effectiveGasPrice
        self.blobGasUsed = blobGasUsed; self.blobGasPrice = blobGasPrice; self.contractAddress = contractAddress
    }
}

/// Everything one block adds to the chain, committed together by `ChainDatabase.commit(_:)`.
public struct BlockCommit: Sendable {
    public var block: Block
    /// The sender of each transaction, in block order.
    public var senders: [Address]
    /// The receipt of each transaction, in block order.
    public var receipts: [ReceiptDetails]
    /// The state changes of the whole block (transactions, withdrawals, system calls, rewards).
    public var stateChanges: StateChanges
    /// The block's hash when the caller already computed it (saves hashing the header again).
    public var hash: Hash?
    /// The header's RLP when the caller already encoded it (it must be `block.header.rlp`; the
    /// hash above then must be its Keccak-256).
    public var encodedHeader: [UInt8]?

    public init(block: Block, senders: [Address], receipts: [ReceiptDetails], stateChanges: StateChanges, hash: Hash? = nil,
                encodedHeader: [UInt8]? = nil) {
        self.block = block; self.senders = senders; self.receipts = receipts; self.stateChanges = stateChanges
        self.hash = hash; self.encodedHeader = encodedHeader
    }
}

/// Where a transaction sits in the chain.
public struct TransactionLocation: Hashable, Sendable {
    public var blockNumber: UInt64
    public var blockHash: Hash
    public var index: Int

    public init(blockNumber: UInt64, blockHash: Hash, index: Int) {
        self.blockNumber = blockNumber; self.blockHash = blockHash; self.index = index
    }
}

/// A transaction as stored: the decoded transaction, its hash, sender and place in the chain.
public struct StoredTransaction: Hashable, Sendable {
    public var transaction: Transaction
    public var hash: Hash
    public var sender: Address
    public var location: TransactionLocation

    public init(transaction: Transaction, hash: Hash, sender: Address, location: TransactionLocation) {
        self.transaction = transaction; self.hash = hash; self.sender = sender; self.location = location
    }
}

/// A log with its position, every field `eth_getLogs` returns.
public struct IndexedLog: Hashable, Sendable {
    public var address: Address
    public var topics: [Hash]
    public var data: [UInt8]
    public var blockNumber: UInt64
    public var blockHash: Hash
    public var blockTimestamp: UInt64
    public var transactionHash: Hash
    public var transactionIndex: Int
    /// Index of the log in its block (not in its transaction).
    public var logIndex: Int
    /// Always false for stored logs; subscriptions set it for logs of blocks a rewind removed.
    public var removed: Bool

    public init(address: Address, topics: [Hash], data: [UInt8], blockNumber: UInt64, blockHash: Hash,
                blockTimestamp: UInt64, transactionHash: Hash, transactionIndex: Int, logIndex: Int, removed: Bool = false) {
        self.address = address; self.topics = topics; self.data = data; self.blockNumber = blockNumber
        self.blockHash = blockHash; self.blockTimestamp = blockTimestamp; self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex; self.logIndex = logIndex; self.removed = removed
    }

    /// The consensus log (address, topics, data).
    public var log: Log { Log(address: address, topics: topics, data: data) }
}

/// A receipt as stored, with what `eth_getTransactionReceipt` adds to it.
public struct StoredReceipt: Hashable, Sendable {
    /// The receipt and per-transaction figures; `details.receipt.logs` are the plain logs.
    public var details: ReceiptDetails
    public var transactionHash: Hash
    public var location: TransactionLocation
    public var from: Address
    /// nil for contract creation.
    public var to: Address?
    /// The logs with their positions (`logIndex` counts within the block).
    public var logs: [IndexedLog]

    public init(details: ReceiptDetails, transactionHash: Hash, location: TransactionLocation, from: Address, to: Address?, logs: [IndexedLog]) {
        self.details = details; self.transactionHash = transactionHash; self.location = location
        self.from = from; self.to = to; self.logs = logs
    }
}
