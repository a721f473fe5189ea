import EVM
import Ethereum
import Primitives
import State

/// Re-executes a block's transactions as the sequential executor ran them — the same pre-block
/// system calls, then each transaction in order on one journal over the parent state — so that
/// one or several of them can be traced (debug_traceTransaction, debug_traceBlock…).
public enum BlockReplay {
    /// Runs the pre-block system calls and `transactions[0...last]`, giving transaction `i` the
    /// tracer `tracer(i)` (nil runs it untraced). Returns each transaction's result or error.
    public static func run(_ transactions: [BlockTransaction], through last: Int, context: BlockContext, parent: any StateReader,
                           tracer: (Int) -> (any EVMTracer)?) -> [Result<TransactionResult, TransactionError>] {
        let state = JournaledState(base: parent)
        SystemCalls.preBlock(state: state, context: context)
        var gasUsed: UInt64 = 0
        var results: [Result<TransactionResult, TransactionError>] = []
        for index in transactions.indices where index <= last {
            let item = transactions[index]
            let txContext = TransactionProcessor.Context(block: context.environment, fork: context.fork, blobBaseFee: context.blobBaseFee,
                                                         blockGasAvailable: context.environment.gasLimit - min(gasUsed, context.environment.gasLimit))
            do {
                let result = try TransactionProcessor.execute(item.transaction, sender: item.sender, state: state, context: txContext,
                                                              tracer: tracer(index))
                gasUsed += result.gasUsed
                results.append(.success(result))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }
}
