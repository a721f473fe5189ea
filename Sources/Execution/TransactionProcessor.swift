import EVM
import Ethereum
import Keys
import Primitives
import State

/// What a valid transaction did: its receipt fields and, for callers such as eth_call, its output.
public struct TransactionResult: Sendable {
    public var status: InstructionResult
    /// Gas charged to the sender (after refunds and the EIP-7623 floor).
    public var gasUsed: UInt64
    public var logs: [Log]
    public var output: [UInt8]
    public var createdAddress: Address?
    public var blobGasUsed: UInt64
    public var effectiveGasPrice: UInt256
    /// Gas used before refunds (at least the EIP-7623 floor): eth_simulateV1's `maxUsedGas`.
    public var gasUsedBeforeRefunds: UInt64 = 0
    /// The inputs of the calls to Hardhat's console address, when the context captures them.
    public var consoleInputs: [[UInt8]] = []

    public var succeeded: Bool { status.isSuccess }
}

/// Applies one transaction to a `JournaledState`: the checks that need state (nonce, balance,
/// fee caps, EIP-3607), gas purchase, access-list warming, EIP-7702 authorizations, the message
/// call or creation, refunds, fee payment and the end-of-transaction cleanup.
public enum TransactionProcessor {
    /// The block-level inputs a transaction needs besides the EVM's block environment.
    public struct Context: Sendable {
        public var block: BlockEnvironment
        public var fork: Fork
        public var blobBaseFee: UInt256?
        /// Gas left in the block for this transaction.
        public var blockGasAvailable: UInt64
        /// A simulated call (eth_call, eth_estimateGas): like geth, the sender may hold code
        /// (no EIP-3607 check), so contracts and accounts with overridden code can be `from`.
        public var isSimulation: Bool
        /// The sender is impersonated (dev chains): it may hold code, as in a simulation.
        public var senderMayHaveCode = false
        /// Record calls to Hardhat's console address (dev chains print them).
        public var capturesConsoleLog = false

        public init(block: BlockEnvironment, fork: Fork, blobBaseFee: UInt256? = nil, blockGasAvailable: UInt64, isSimulation: Bool = false) {
            self.block = block; self.fork = fork; self.blobBaseFee = blobBaseFee; self.blockGasAvailable = blockGasAvailable
            self.isSimulation = isSimulation
        }
    }

    /// Executes `tx` (already checked by `TransactionRules.validate`, which gave `sender`), with
    /// `tracer` observing it when given (debug_trace*, call observers).
    public static func execute(_ tx: Transaction, sender: Address, state: JournaledState, context: Context,
                               tracer: (any EVMTracer)? = nil) throws(TransactionError) -> TransactionResult {
        let fork = context.fork
        let block = context.block
        let intrinsic = TransactionRules.intrinsicGas(tx, fork: fork)
        guard tx.gasLimit <= context.blockGasAvailable else {
            throw .gasLimitExceedsBlock(gas: tx.gasLimit, available: context.blockGasAvailable)
        }
        // Fees.
        var effectiveGasPrice = tx.maxFeePerGas
        if fork >= .london, let baseFee = block.baseFee {
            guard tx.maxFeePerGas >= baseFee else { throw .feeCapBelowBaseFee(feeCap: tx.maxFeePerGas, baseFee: baseFee) }
            effectiveGasPrice = tx.effectiveGasPrice(baseFee: baseFee)!
        }
        let blobGasUsed = UInt64(tx.blobVersionedHashes.count) * BlobSchedule.gasPerBlob
        let blobBaseFee = context.blobBaseFee ?? .zero
        if tx.type == .blob {
            guard tx.maxFeePerBlobGas >= blobBaseFee else {
                throw .blobFeeCapBelowBlobBaseFee(feeCap: tx.maxFeePerBlobGas, blobBaseFee: blobBaseFee)
            }
        }
        // Sender checks.
        let account = state.account(sender) ?? Account()
        guard account.nonce == tx.nonce else {
            throw tx.nonce < account.nonce ? .nonceTooLow(expected: account.nonce, got: tx.nonce) : .nonceTooHigh(expected: account.nonce, got: tx.nonce)
        }
        if account.hasCode && !context.isSimulation && !context.senderMayHaveCode {
            let isDelegation = fork >= .prague && state.code(sender).delegationTarget != nil
            guard isDelegation else { throw .senderNotEOA(sender) }
        }
        let gasLimit = UInt256(tx.gasLimit)
        var maxCost = gasLimit &* tx.maxFeePerGas
        var (sum, overflow) = maxCost.addingReportingOverflow(tx.value)
        if tx.type == .blob {
            let blobCost = UInt256(blobGasUsed) &* tx.maxFeePerBlobGas
            var o2: Bool
            (sum, o2) = sum.addingReportingOverflow(blobCost)
            overflow = overflow || o2
        }
        maxCost = sum
        guard !overflow, account.balance >= maxCost else {
            throw .insufficientFunds(have: account.balance, want: overflow ? .max : maxCost)
        }

        if let tracer { traceStart(tracer, tx, sender: sender, state: state, context: context) }
        // Buy gas, bump the nonce.
        state.beginTransaction()
        let gasFee = gasLimit &* effectiveGasPrice &+ UInt256(blobGasUsed) &* blobBaseFee
        state.subtractBalance(sender, gasFee)
        state.setNonce(sender, tx.nonce + 1)

        let evm = EVM(host: state, fork: fork, block: block,
                      transaction: TransactionContext(origin: sender, gasPrice: effectiveGasPrice, blobHashes: tx.blobVersionedHashes))
        // Console capture only when nothing else traces (debug_trace* replays do not print).
        let consoleCapture = tracer == nil && context.capturesConsoleLog ? ConsoleCapture() : nil
        if let tracer { evm.tracer = tracer } else if let consoleCapture { evm.tracer = consoleCapture }
        // EIP-2929/2930/3651 warm set.
        if fork >= .berlin {
            state.prewarm(sender)
            if let to = tx.to { state.prewarm(to) }
            state.prewarm(lowAddresses: evm.precompilesWarmAtStart)
            for entry in tx.accessList {
                state.prewarm(entry.address)
                for key in entry.storageKeys { state.prewarm(entry.address, key.uint256) }
            }
            if fork >= .shanghai { state.prewarm(block.coinbase) }
        }
        var refund: Int64 = 0
        if tx.type == .setCode {
            refund += applyAuthorizations(tx.authorizationList, state: state, chainId: block.chainId)
        }

        let executionGas = Int64(tx.gasLimit - intrinsic.intrinsic)
        let result: CallResult
        if state.defersCredits, let to = tx.to, tx.authorizationList.isEmpty, to != block.coinbase, !evm.isPrecompile(to),
           state.transferDeferringCredit(from: sender, to: to, value: tx.value) {
            // Block-STM: a plain transfer to an account without code (what the call below would
            // do, with the recipient's credit kept as a delta).
            result = .stopped(gasLeft: executionGas)
        } else if let to = tx.to {
            var codeAddress = to
            var delegated = false
            if fork >= .prague, let target = state.code(to).delegationTarget {
                codeAddress = target
                delegated = true
                state.prewarm(target)
            }
            let message = Message(kind: .call, caller: sender, target: to, codeAddress: codeAddress, value: tx.value,
                                  input: tx.data, gas: executionGas, depth: 0, isStatic: false)
            result = evm.call(message, disablePrecompiles: delegated)
        } else {
            let address = EVM<JournaledState>.createAddress(sender, nonce: tx.nonce)
            if fork >= .berlin { state.prewarm(address) }
            let message = Message(kind: .create, caller: sender, target: address, codeAddress: address, value: tx.value,
                                  input: tx.data, gas: executionGas, depth: 0, isStatic: false)
            result = evm.create(message)
        }

        // Refunds (EIP-3529 caps them at a fifth from London, half before) and the EIP-7623 floor.
        var gasUsed = tx.gasLimit - UInt64(max(0, result.gasLeft))
        let gasUsedBeforeRefunds = max(gasUsed, intrinsic.floor)
        if result.status.isSuccess { refund += result.refund }
        let cap = gasUsed / (fork >= .london ? 5 : 2)
        gasUsed -= min(UInt64(max(0, refund)), cap)
        gasUsed = max(gasUsed, intrinsic.floor)
        state.addBalance(sender, UInt256(tx.gasLimit - gasUsed) &* effectiveGasPrice)
        let tip = fork >= .london ? effectiveGasPrice &- (block.baseFee ?? .zero) : effectiveGasPrice
        state.creditFee(block.coinbase, UInt256(gasUsed) &* tip)
        state.finalizeTransaction(fork: fork)
        tracer?.transactionEnd(gasUsed: gasUsed, host: state)

        let logs = result.status.isSuccess ? evm.logs.map { Log(address: $0.address, topics: $0.topics, data: $0.data) } : []
        return TransactionResult(status: result.status, gasUsed: gasUsed, logs: logs, output: result.output,
                                 createdAddress: result.createdAddress, blobGasUsed: blobGasUsed, effectiveGasPrice: effectiveGasPrice,
                                 gasUsedBeforeRefunds: gasUsedBeforeRefunds, consoleInputs: consoleCapture?.inputs ?? [])
    }

    /// EIP-7702: writes each valid authorization's delegation designator into its authority and
    /// bumps the authority's nonce; returns the refund for authorities that already existed.
    static func applyAuthorizations(_ list: [Authorization], state: JournaledState, chainId: UInt64) -> Int64 {
        var refund: Int64 = 0
        for auth in list {
            guard auth.chainId.isZero || auth.chainId == UInt256(chainId) else { continue }
            guard auth.nonce < UInt64.max else { continue }
            guard let authority = auth.authority else { continue }
            state.prewarm(authority)
            let code = state.code(authority)
            guard code.count == 0 || code.delegationTarget != nil else { continue }
            guard state.nonce(authority) == auth.nonce else { continue }
            if state.exists(authority) { refund += Gas.perEmptyAccount - Gas.perAuthBase }
            if auth.address == .zero {
                state.setCode(authority, [])
            } else {
                state.setCode(authority, [0xef, 0x01, 0x00] + auth.address.bytes)
            }
            state.setNonce(authority, auth.nonce + 1)
        }
        return refund
    }
}
