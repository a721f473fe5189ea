import EVM
import Ethereum
import Primitives
import State

/// A transaction of a block with its recovered sender.
public struct BlockTransaction: Sendable {
    public var transaction: Transaction
    public var sender: Address
    /// Sent from an impersonated account (anvil_impersonateAccount): the sender may hold code,
    /// as a contract "signing" through impersonation does (no EIP-3607 check).
    public var senderMayHaveCode: Bool

    public init(transaction: Transaction, sender: Address, senderMayHaveCode: Bool = false) {
        self.transaction = transaction
        self.sender = sender
        self.senderMayHaveCode = senderMayHaveCode
    }
}

/// What executing a block needs besides its transactions.
public struct BlockContext: Sendable {
    public var environment: BlockEnvironment
    public var fork: Fork
    public var blobSchedule: BlobSchedule?
    public var excessBlobGas: UInt64
    public var parentHash: Hash
    public var parentBeaconBlockRoot: Hash?
    public var withdrawals: [Withdrawal]?
    /// The block's ommers (proof-of-work rewards are paid to their miners too).
    public var ommers: [Header]
    /// EIP-6110: the contract whose deposit logs become deposit requests (Prague on).
    public var depositContract: Address
    /// Record each transaction's calls to Hardhat's console address (`TransactionResult.consoleInputs`).
    public var capturesConsoleLog = false

    public init(environment: BlockEnvironment, fork: Fork, blobSchedule: BlobSchedule? = nil, excessBlobGas: UInt64 = 0,
                parentHash: Hash = .zero, parentBeaconBlockRoot: Hash? = nil, withdrawals: [Withdrawal]? = nil,
                ommers: [Header] = [], depositContract: Address = ChainConfig.mainnetDepositContract) {
        self.environment = environment; self.fork = fork; self.blobSchedule = blobSchedule
        self.excessBlobGas = excessBlobGas; self.parentHash = parentHash
        self.parentBeaconBlockRoot = parentBeaconBlockRoot; self.withdrawals = withdrawals
        self.ommers = ommers; self.depositContract = depositContract
    }

    /// Before Byzantium (EIP-658) receipts carry the state root after each transaction, so the
    /// executor must record `BlockExecutionOutput.transactionChanges`.
    public var needsIntermediateStateRoots: Bool { fork < .byzantium }

    /// The blob base fee of this block (nil before Cancun).
    public var blobBaseFee: UInt256? { blobSchedule?.blobBaseFee(excessBlobGas: excessBlobGas) }
}

/// The result of executing a block: receipts, per-transaction results, gas, state changes.
public struct BlockExecutionOutput: Sendable {
    public var receipts: [Receipt] = []
    public var results: [TransactionResult] = []
    /// Indices (into the input) of the transactions that were included.
    public var included: [Int] = []
    /// Transactions that were invalid, with why. Import treats any as an invalid block; the
    /// block builder drops them.
    public var invalid: [(index: Int, error: TransactionError)] = []
    public var gasUsed: UInt64 = 0
    public var blobGasUsed: UInt64 = 0
    public var logsBloom = Bloom()
    /// Block-STM only: each included transaction's read and write locations, and what the run did.
    public var accessSets: BlockAccessSets? = nil
    public var parallelStats: ParallelStats? = nil
    public var changes = StateChanges()
    /// EIP-7685 requests (type byte + data, in request-type order) from Prague; nil before.
    public var requests: [[UInt8]]? = nil
    /// When `context.needsIntermediateStateRoots`: per included transaction, the state changes
    /// from the parent state up to and including it (cumulative; applying entry i on top of
    /// entries 0..<i, or alone on the parent, both give the state after transaction i). Receipts
    /// carry a status until `withIntermediateStateRoots(parent:)` turns them into roots.
    public var transactionChanges: [StateChanges] = []

    public init() {}
}

/// Executes a block's transactions against a parent state. Every executor produces exactly what
/// sequential execution in block order produces; the sequential one is the oracle.
public protocol BlockExecutor: Sendable {
    func execute(_ transactions: [BlockTransaction], context: BlockContext, parent: WorldState, stopOnInvalid: Bool) -> BlockExecutionOutput
}

/// Runs transactions one after another, with the pre- and post-block system work of each fork.
public struct SequentialExecutor: BlockExecutor {
    public init() {}

    public func execute(_ transactions: [BlockTransaction], context: BlockContext, parent: WorldState, stopOnInvalid: Bool) -> BlockExecutionOutput {
        if transactions.isEmpty, let output = SystemCallShortcuts.emptyBlock(parent: parent, context: context) { return output }
        var output = BlockExecutionOutput()
        let state = JournaledState(base: parent)
        SystemCalls.preBlock(state: state, context: context)
        TransactionLoop.run(transactions, from: 0, context: context, state: state, output: &output, stopOnInvalid: stopOnInvalid)
        output.requests = SystemCalls.postBlock(state: state, context: context, receipts: output.receipts, logsBloom: output.logsBloom)
        output.changes = state.changes()
        return output
    }
}
