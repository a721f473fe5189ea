import EVM
import Ethereum
import Primitives
import State

/// The system work around a block's transactions: EIP-4788 beacon roots and EIP-2935 block-hash
/// history before; after, proof-of-work rewards (before the merge), EIP-4895 withdrawals, and
/// from Prague the EIP-7685 requests (EIP-6110 deposits from the receipts, EIP-7002 withdrawal
/// and EIP-7251 consolidation requests from their system contracts). Every executor calls these
/// same two hooks, so the block-level work cannot differ between them.
public enum SystemCalls {
    /// The caller of system calls (EIP-4788).
    public static let systemAddress = try! Address(hex: "0xfffffffffffffffffffffffffffffffffffffffe")
    /// EIP-4788 beacon roots contract.
    public static let beaconRoots = try! Address(hex: "0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02")
    /// EIP-2935 history storage contract.
    public static let historyStorage = try! Address(hex: "0x0000F90827F1C53a10cb7A02335B175320002935")
    /// EIP-7002 withdrawal request contract.
    public static let withdrawalRequests = try! Address(hex: "0x00000961Ef480Eb55e80D19ad83579A64c007002")
    /// EIP-7251 consolidation request contract.
    public static let consolidationRequests = try! Address(hex: "0x0000BBdDc7CE488642fb579F8B00f3a590007251")

    /// Runs before the transactions: the EIP-4788 beacon root and EIP-2935 parent hash system calls.
    public static func preBlock(state: JournaledState, context: BlockContext) {
        if context.fork >= .cancun, let root = context.parentBeaconBlockRoot {
            systemCall(state: state, context: context, target: beaconRoots, input: root.bytes)
        }
        if context.fork >= .prague, context.environment.number > 0 {
            systemCall(state: state, context: context, target: historyStorage, input: context.parentHash.bytes)
        }
    }

    /// Runs after the transactions; returns the block's EIP-7685 requests (type byte + data for
    /// each request type that has data, in type order), nil before Prague. From Prague, nil means
    /// the block is invalid: a deposit log is malformed, or a request contract has no code or
    /// its call failed (EIP-7002/7251 system calls are checked). `logsBloom`: the receipts' union,
    /// when the caller has it (the deposit scan then usually looks at no receipt).
    public static func postBlock(state: JournaledState, context: BlockContext, receipts: [Receipt], logsBloom: Bloom? = nil) -> [[UInt8]]? {
        let rewards = ProofOfWork.rewards(fork: context.fork, number: context.environment.number,
                                          coinbase: context.environment.coinbase, ommers: context.ommers)
        if !rewards.isEmpty {
            state.beginTransaction()
            for (address, amount) in rewards { state.addBalance(address, amount) }
            state.finalizeTransaction(fork: context.fork)
        }
        if context.fork >= .shanghai, let withdrawals = context.withdrawals {
            state.beginTransaction()
            for w in withdrawals where w.amountGwei > 0 {
                state.addBalance(w.address, w.amountWei)
            }
            state.finalizeTransaction(fork: context.fork)
        }
        guard context.fork >= .prague else { return nil }
        var requests: [[UInt8]] = []
        guard let deposits = try? Requests.deposits(in: receipts, contract: context.depositContract, blockBloom: logsBloom) else { return nil }
        if !deposits.isEmpty { requests.append([Requests.depositType] + deposits) }
        for (type, target) in [(Requests.withdrawalType, withdrawalRequests), (Requests.consolidationType, consolidationRequests)] {
            guard state.account(target)?.hasCode == true else { return nil }
            if SystemCallShortcuts.requestQueueIsIdle(state: state, target: target) { continue }
            let result = systemCall(state: state, context: context, target: target, input: [])
            guard let result, result.status.isSuccess else { return nil }
            if !result.output.isEmpty { requests.append([type] + result.output) }
        }
        return requests
    }

    /// Calls a system contract from the system address with 30,000,000 gas and no fees; a contract
    /// without code makes it a no-op.
    @discardableResult
    static func systemCall(state: JournaledState, context: BlockContext, target: Address, input: [UInt8]) -> CallResult? {
        guard state.account(target)?.hasCode == true else { return nil }
        if let result = SystemCallShortcuts.ringBufferWrite(state: state, context: context, target: target, input: input) { return result }
        state.beginTransaction()
        let evm = EVM(host: state, fork: context.fork, block: context.environment,
                      transaction: TransactionContext(origin: systemAddress, gasPrice: .zero))
        let message = Message(kind: .call, caller: systemAddress, target: target, codeAddress: target, value: .zero,
                              input: input, gas: 30_000_000, depth: 0, isStatic: false)
        let result = evm.call(message)
        state.finalizeTransaction(fork: context.fork)
        return result
    }
}
