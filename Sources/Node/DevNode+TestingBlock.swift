import Ethereum
import Execution
import Primitives
import State
import Storage

/// The engine API's `PayloadAttributesV3`: what a consensus client decides about the next block.
public struct PayloadAttributes: Sendable {
    public var timestamp: UInt64
    public var prevRandao: Hash
    public var suggestedFeeRecipient: Address
    /// Required from Shanghai (nil before).
    public var withdrawals: [Withdrawal]?
    /// Required from Cancun (nil before).
    public var parentBeaconBlockRoot: Hash?

    public init(timestamp: UInt64, prevRandao: Hash, suggestedFeeRecipient: Address, withdrawals: [Withdrawal]? = nil,
                parentBeaconBlockRoot: Hash? = nil) {
        self.timestamp = timestamp; self.prevRandao = prevRandao; self.suggestedFeeRecipient = suggestedFeeRecipient
        self.withdrawals = withdrawals; self.parentBeaconBlockRoot = parentBeaconBlockRoot
    }
}

/// A block built by `testing_buildBlockV1`, never imported.
public struct TestingPayload: Sendable {
    public var block: Block
    public var hash: Hash
    public var fork: Fork
    /// What the fee recipient earns: the priority fees of the block's transactions.
    public var blockValue: UInt256
    /// EIP-7685 requests (type byte + data, only the non-empty ones, as the engine API lists
    /// them); nil before Prague.
    public var requests: [[UInt8]]?
    /// Sidecars of the pool's blob transactions the block took (none for given transactions).
    public var sidecars: [BlobSidecar]
}

/// Why `testing_buildBlockV1` could not build.
public enum TestingBlockError: Error, Sendable, CustomStringConvertible {
    /// No canonical block has this hash, or its state is no longer kept.
    case unknownParent(Hash)
    /// The attributes do not fit the fork of the block (a field missing or not allowed).
    case invalidAttributes(String)
    /// A given transaction does not decode or cannot be included, with its index.
    case invalidTransaction(index: Int, reason: String)

    public var description: String {
        switch self {
        case .unknownParent(let h): return "unknown parent block \(h) (or its state is no longer kept)"
        case .invalidAttributes(let m): return m
        case .invalidTransaction(let i, let reason): return "invalid transaction \(i): \(reason)"
        }
    }
}

extension DevNode {
    /// `testing_buildBlockV1`: builds the child of the canonical block `parentHash` (whose
    /// state the chain must still keep) with the given attributes, from `transactions` in their
    /// order — every one must be valid — or, when nil, from the pool as block production picks
    /// them. Nothing is committed: the chain, its head and the pool stay as they were.
    public func buildTestingBlock(parentHash: Hash, attributes: PayloadAttributes, transactions: [Transaction]?,
                                  extraData: [UInt8]) throws(TestingBlockError) -> TestingPayload {
        let head = chain.head
        let parent: HeadSnapshot
        if parentHash == head.hash {
            parent = head
        } else {
            guard let number = try? chain.database.blockNumber(hash: parentHash),
                  let block = try? chain.database.block(number: number), block.hash == parentHash,
                  let state = chain.state(atBlock: number) else { throw .unknownParent(parentHash) }
            let fork = chain.config.fork(atBlock: number, timestamp: block.header.timestamp,
                                         merged: chain.config.terminalTotalDifficulty == .zero ? true : nil)
            parent = HeadSnapshot(block: block, hash: parentHash, fork: fork, state: state)
        }
        guard attributes.timestamp > parent.header.timestamp else {
            throw .invalidAttributes("invalid timestamp: \(attributes.timestamp) not after parent's \(parent.header.timestamp)")
        }
        // The dev settings shape it as they shape produced blocks (gas limit, chain id, code size limit).
        var next = nextBlock(after: parent.header, hash: parent.hash, fork: parent.fork, timestamp: attributes.timestamp, settings: settings)
        next.prevRandao = attributes.prevRandao
        next.coinbase = attributes.suggestedFeeRecipient
        if next.fork >= .shanghai, attributes.withdrawals == nil { throw .invalidAttributes("missing withdrawals") }
        if next.fork < .shanghai, attributes.withdrawals != nil { throw .invalidAttributes("withdrawals before shanghai") }
        if next.fork >= .cancun, attributes.parentBeaconBlockRoot == nil { throw .invalidAttributes("missing beacon root") }
        if next.fork < .cancun, attributes.parentBeaconBlockRoot != nil { throw .invalidAttributes("unexpected beacon root") }

        var items: [BlockTransaction] = []
        var sidecars: [Hash: BlobSidecar] = [:]
        if let transactions {
            for (i, tx) in transactions.enumerated() {
                do { items.append(BlockTransaction(transaction: tx, sender: try tx.recoverSender())) } catch {
                    throw .invalidTransaction(index: i, reason: error.description)
                }
            }
        } else {
            var heap = mempool.executable(baseFee: next.baseFee)
            for tx in builder.select(from: &heap, next: next) {
                items.append(BlockTransaction(transaction: tx.transaction, sender: tx.sender))
                if let sidecar = tx.pooled.sidecar { sidecars[tx.hash] = sidecar }
            }
        }

        let withdrawals = attributes.withdrawals
        let context = BlockContext(environment: next.environment, fork: next.fork, blobSchedule: next.blobSchedule,
                                   excessBlobGas: next.excessBlobGas ?? 0, parentHash: parent.hash,
                                   parentBeaconBlockRoot: attributes.parentBeaconBlockRoot, withdrawals: withdrawals,
                                   ommers: [], depositContract: chain.config.depositContractAddress)
        let executor = builder.executor
        let parentState = parent.state
        let batch = items
        let output = CallThreads.shared.run { executor.execute(batch, context: context, parent: parentState, stopOnInvalid: false) }
        if transactions != nil, let (index, error) = output.invalid.first {
            throw .invalidTransaction(index: index, reason: error.description)
        }
        let included = output.included.map { items[$0].transaction }
        let receipts = context.needsIntermediateStateRoots ? output.receiptsWithIntermediateStateRoots(parent: parentState) : output.receipts

        var state = parentState
        state.apply(output.changes)
        var header = Header(parentHash: parent.hash, coinbase: next.coinbase, stateRoot: state.stateRoot(),
                            transactionsRoot: Block.transactionsRoot(included), receiptsRoot: Block.receiptsRoot(receipts),
                            logsBloom: output.logsBloom, difficulty: next.difficulty, number: next.number, gasLimit: next.gasLimit,
                            gasUsed: output.gasUsed, timestamp: next.timestamp, extraData: extraData, mixHash: next.prevRandao, nonce: 0)
        header.baseFeePerGas = next.baseFee
        if let withdrawals { header.withdrawalsRoot = Block.withdrawalsRoot(withdrawals) }
        if next.fork >= .cancun {
            header.blobGasUsed = output.blobGasUsed
            header.excessBlobGas = next.excessBlobGas ?? 0
            header.parentBeaconBlockRoot = attributes.parentBeaconBlockRoot
        }
        if next.fork >= .prague { header.requestsHash = Requests.hash(output.requests ?? []) }
        let block = Block(header: header, transactions: included, ommers: [], withdrawals: withdrawals)

        var value = UInt256.zero
        for result in output.results {
            let tip = result.effectiveGasPrice &- (next.baseFee ?? .zero)
            value = value &+ tip &* UInt256(result.gasUsed)
        }
        let requests = next.fork >= .prague ? (output.requests ?? []).filter { $0.count > 1 } : nil
        let blockSidecars = output.included.compactMap { sidecars[items[$0].transaction.hash] }
        return TestingPayload(block: block, hash: header.hash, fork: next.fork, blockValue: value, requests: requests,
                              sidecars: blockSidecars)
    }
}
