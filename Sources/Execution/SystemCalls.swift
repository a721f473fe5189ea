import EVM
import Ethereum
import Primitives
import State

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

    /// Runs after the transactions; returns the block's EIP-7685 requests (nil before Prague).
    static func postBlock(state: JournaledState, context: BlockContext, receipts: [Receipt]) -> [[UInt8]]? {
        if context.fork >= .shanghai, let withdrawals = context.withdrawals {
            state.beginTransaction()
            for w in withdrawals where w.amountGwei > 0 {
                state.addBalance(w.address, w.amountWei)
            }
            state.finalizeTransaction(fork: context.fork)
        }
        return nil
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
