import EVM
import Ethereum
import Primitives

extension TransactionProcessor {
    /// geth's OnTxStart: before gas is bought, so tracers read the state as it was.
    static func traceStart(_ tracer: any EVMTracer, _ tx: Transaction, sender: Address, state: JournaledState, context: Context) {
        let to = tx.to ?? ContractAddress.create(sender: sender, nonce: tx.nonce)
        let traced = TracedTransaction(from: sender, to: to, isCreate: tx.to == nil, gasLimit: tx.gasLimit, value: tx.value,
                                       input: tx.data, coinbase: context.block.coinbase,
                                       authorities: tx.authorizationList.compactMap(\.authority),
                                       precompiles: (context.block.precompiles ?? PrecompileSet.forFork(context.fork)).addresses)
        tracer.transactionStart(traced, host: state)
    }
}
