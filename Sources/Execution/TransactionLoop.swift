import EVM
import Ethereum
import Primitives
import State

/// Transactions run one after another on one journaled state, with the block limits checked
/// before each: the sequential executor's loop, also the tail the parallel executor finishes with
/// after switching to sequential mid-block.
enum TransactionLoop {
    /// Runs `transactions[start...]` on `state`, appending to `output`. Returns false if it stopped
    /// at an invalid transaction (`stopOnInvalid`).
    @discardableResult
    static func run(_ transactions: [BlockTransaction], from start: Int, context: BlockContext, state: JournaledState,
                    output: inout BlockExecutionOutput, stopOnInvalid: Bool) -> Bool {
        // Once per block, not per transaction: the blob base fee is an exponential of the excess
        // blob gas, and a 10,000-transaction block grew its output arrays a dozen times each.
        let blobBaseFee = context.blobBaseFee
        let remaining = max(0, transactions.count - start)
        output.receipts.reserveCapacity(output.receipts.count + remaining)
        output.results.reserveCapacity(output.results.count + remaining)
        output.included.reserveCapacity(output.included.count + remaining)
        for index in start..<transactions.count {
            let item = transactions[index]
            let tx = item.transaction
            if let schedule = context.blobSchedule, !tx.blobVersionedHashes.isEmpty {
                let blobGas = UInt64(tx.blobVersionedHashes.count) * BlobSchedule.gasPerBlob
                if output.blobGasUsed + blobGas > schedule.max * BlobSchedule.gasPerBlob {
                    output.invalid.append((index, .blobGasExceedsBlock))
                    if stopOnInvalid { return false } else { continue }
                }
            }
            var txContext = TransactionProcessor.Context(block: context.environment, fork: context.fork, blobBaseFee: blobBaseFee,
                                                         blockGasAvailable: context.environment.gasLimit - output.gasUsed)
            txContext.senderMayHaveCode = item.senderMayHaveCode
            txContext.capturesConsoleLog = context.capturesConsoleLog
            do {
                let result = try TransactionProcessor.execute(tx, sender: item.sender, state: state, context: txContext)
                output.gasUsed += result.gasUsed
                output.blobGasUsed += result.blobGasUsed
                let receipt = Receipt(type: tx.type, outcome: .status(result.succeeded), cumulativeGasUsed: output.gasUsed, logs: result.logs)
                output.logsBloom.formUnion(receipt.logsBloom)
                output.receipts.append(receipt)
                output.results.append(result)
                output.included.append(index)
                if context.needsIntermediateStateRoots { output.transactionChanges.append(state.changes()) }
            } catch {
                output.invalid.append((index, error))
                if stopOnInvalid { return false }
            }
        }
        return true
    }
}
