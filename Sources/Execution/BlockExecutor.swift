import EVM
import Ethereum
import Primitives
import State

/// A transaction of a block with its recovered sender.
public struct BlockTransaction: Sendable {
    public var transaction: Transaction
    public var sender: Address

    public init(transaction: Transaction, sender: Address) {
        self.transaction = transaction
        self.sender = sender
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

    public init(environment: BlockEnvironment, fork: Fork, blobSchedule: BlobSchedule? = nil, excessBlobGas: UInt64 = 0,
                parentHash: Hash = .zero, parentBeaconBlockRoot: Hash? = nil, withdrawals: [Withdrawal]? = nil) {
        self.environment = environment; self.fork = fork; self.blobSchedule = blobSchedule
        self.excessBlobGas = excessBlobGas; self.parentHash = parentHash
        self.parentBeaconBlockRoot = parentBeaconBlockRoot; self.withdrawals = withdrawals
    }

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
    public var changes = StateChanges()

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
        var output = BlockExecutionOutput()
        let state = JournaledState(base: parent)
        SystemCalls.preBlock(state: state, context: context)
        for (index, item) in transactions.enumerated() {
            let tx = item.transaction
            if let schedule = context.blobSchedule, !tx.blobVersionedHashes.isEmpty {
                let blobGas = UInt64(tx.blobVersionedHashes.count) * BlobSchedule.gasPerBlob
                if output.blobGasUsed + blobGas > schedule.max * BlobSchedule.gasPerBlob {
                    output.invalid.append((index, .blobGasExceedsBlock))
                    if stopOnInvalid { break } else { continue }
                }
            }
            let txContext = TransactionProcessor.Context(block: context.environment, fork: context.fork, blobBaseFee: context.blobBaseFee,
                                                         blockGasAvailable: context.environment.gasLimit - output.gasUsed)
            do {
                let result = try TransactionProcessor.execute(tx, sender: item.sender, state: state, context: txContext)
                output.gasUsed += result.gasUsed
                output.blobGasUsed += result.blobGasUsed
                let receipt = Receipt(type: tx.type, outcome: .status(result.succeeded), cumulativeGasUsed: output.gasUsed, logs: result.logs)
                output.logsBloom.formUnion(receipt.logsBloom)
                output.receipts.append(receipt)
                output.results.append(result)
                output.included.append(index)
            } catch {
                output.invalid.append((index, error))
                if stopOnInvalid { break }
            }
        }
        SystemCalls.postBlock(state: state, context: context)
        output.changes = state.changes()
        return output
    }
}

/// The system work around a block's transactions: EIP-4788 beacon roots and EIP-2935 block-hash
/// history before, EIP-4895 withdrawals after.
public enum SystemCalls {
    /// The caller of system calls (EIP-4788).
    public static let systemAddress = try! Address(hex: "0xfffffffffffffffffffffffffffffffffffffffe")
    /// EIP-4788 beacon roots contract.
    public static let beaconRoots = try! Address(hex: "0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02")
    /// EIP-2935 history storage contract.
    public static let historyStorage = try! Address(hex: "0x0000F90827F1C53a10cb7A02335B175320002935")

    static func preBlock(state: JournaledState, context: BlockContext) {
        if context.fork >= .cancun, let root = context.parentBeaconBlockRoot {
            systemCall(state: state, context: context, target: beaconRoots, input: root.bytes)
        }
        if context.fork >= .prague, context.environment.number > 0 {
            systemCall(state: state, context: context, target: historyStorage, input: context.parentHash.bytes)
        }
    }

    static func postBlock(state: JournaledState, context: BlockContext) {
        if context.fork >= .shanghai, let withdrawals = context.withdrawals {
            state.beginTransaction()
            for w in withdrawals where w.amountGwei > 0 {
                state.addBalance(w.address, w.amountWei)
            }
            state.finalizeTransaction(fork: context.fork)
        }
    }

    /// Calls a system contract from the system address with 30,000,000 gas and no fees; a contract
    /// without code makes it a no-op.
    static func systemCall(state: JournaledState, context: BlockContext, target: Address, input: [UInt8]) {
        guard state.code(target).count > 0 else { return }
        state.beginTransaction()
        let evm = EVM(host: state, fork: context.fork, block: context.environment,
                      transaction: TransactionContext(origin: systemAddress, gasPrice: .zero))
        let message = Message(kind: .call, caller: systemAddress, target: target, codeAddress: target, value: .zero,
                              input: input, gas: 30_000_000, depth: 0, isStatic: false)
        _ = evm.call(message)
        state.finalizeTransaction(fork: context.fork)
    }
}
