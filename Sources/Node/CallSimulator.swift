import EVM
import Ethereum
import Execution
import Primitives
import State

/// A message to simulate (eth_call, eth_estimateGas, eth_createAccessList): geth's
/// `TransactionArgs` after defaults, without a signature.
public struct CallMessage: Sendable {
    public var from: Address = .zero
    public var to: Address?
    public var gas: UInt64
    /// Legacy price; when set, the message pays it as both fee cap and tip.
    public var gasPrice: UInt256?
    public var maxFeePerGas: UInt256?
    public var maxPriorityFeePerGas: UInt256?
    public var value: UInt256 = .zero
    public var data: [UInt8] = []
    public var accessList: [AccessListEntry] = []
    public var authorizationList: [Authorization] = []
    public var blobVersionedHashes: [Hash] = []
    public var maxFeePerBlobGas: UInt256?

    public init(gas: UInt64) { self.gas = gas }

    /// Whether the caller named any fee; without one the call runs with a zero base fee, as
    /// geth's `NoBaseFee` does, so an unfunded sender can still call.
    public var paysFees: Bool {
        !(gasPrice ?? .zero).isZero || !(maxFeePerGas ?? .zero).isZero || !(maxPriorityFeePerGas ?? .zero).isZero
    }
}

/// The block a call runs in: its EVM environment and fork.
public struct CallEnvironment: Sendable {
    public var block: BlockEnvironment
    public var fork: Fork

    public init(block: BlockEnvironment, fork: Fork) { self.block = block; self.fork = fork }

    /// The environment of block `header` (following `fork`) on a chain with `chainId`.
    public init(header: Header, fork: Fork, config: ChainConfig) {
        block = BlockEnvironment(header: header, config: config, schedule: config.blobSchedule(for: fork))
        self.fork = fork
    }
}

/// What a simulated message did.
public enum CallOutcome: Sendable, Equatable {
    case success(output: [UInt8], gasUsed: UInt64)
    case reverted(output: [UInt8], gasUsed: UInt64)
    /// An exceptional halt, with geth's wording of the VM error.
    case halted(reason: String, gasUsed: UInt64)

    public var succeeded: Bool {
        if case .success = self { return true }
        return false
    }
}

/// Why a message could not run at all (geth answers these with -32000 and the message).
public struct CallError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Runs messages against a state without committing anything: eth_call, and geth's binary
/// search for eth_estimateGas. Every entry point moves the EVM onto a large-stack thread.
public enum CallSimulator {
    /// geth's default RPC gas cap (`--rpc.gascap`).
    public static let gasCap: UInt64 = 50_000_000

    /// Runs `message` once on `state`.
    public static func call(_ message: CallMessage, state: WorldState, environment: CallEnvironment) -> Result<CallOutcome, CallError> {
        CallThreads.shared.run { run(message, state: state, environment: environment) }
    }

    /// The least gas with which `message` succeeds (geth's `eth_estimateGas`): a run at the cap,
    /// an optimistic guess from its gas used, then a binary search to within 1.5 %. A message
    /// that fails at the cap answers its revert or error.
    public static func estimateGas(_ message: CallMessage, state: WorldState, environment: CallEnvironment,
                                   gasGiven: Bool) -> Result<UInt64, EstimateError> {
        CallThreads.shared.run { estimate(message, state: state, environment: environment, gasGiven: gasGiven) }
    }

    /// Why estimation failed.
    public enum EstimateError: Error, Sendable, Equatable {
        case reverted(output: [UInt8])
        case failed(String)
    }

    static func estimate(_ message: CallMessage, state: WorldState, environment: CallEnvironment, gasGiven: Bool) -> Result<UInt64, EstimateError> {
        var hi = gasGiven ? message.gas : environment.block.gasLimit
        if environment.fork >= .osaka { hi = min(hi, TransactionRules.maxTransactionGas) }
        // A sender paying fees can afford at most (balance − value) / feeCap gas.
        let feeCap = message.gasPrice ?? message.maxFeePerGas ?? .zero
        if !feeCap.isZero {
            let balance = state.account(message.from)?.balance ?? .zero
            guard balance >= message.value else { return .failure(.failed("insufficient funds for transfer")) }
            let allowance = (balance &- message.value) / feeCap
            if allowance < UInt256(hi) { hi = allowance.w0 }
        }
        hi = min(hi, gasCap)
        func attempt(_ gas: UInt64) -> Result<CallOutcome, CallError> {
            var m = message
            m.gas = gas
            return run(m, state: state, environment: environment)
        }
        // A plain transfer to an account without code needs exactly the intrinsic 21,000.
        if message.data.isEmpty, message.authorizationList.isEmpty, let to = message.to,
           !(state.account(to)?.hasCode ?? false), hi >= 21_000 {
            if case .success(.success) = attempt(21_000) { return .success(21_000) }
        }
        var lo: UInt64
        switch attempt(hi) {
        case .failure(let e):
            return .failure(.failed(e.message))
        case .success(.reverted(let output, _)):
            return .failure(.reverted(output: output))
        case .success(.halted(let reason, _)):
            return .failure(.failed(reason == "out of gas" ? "gas required exceeds allowance (\(hi))" : reason))
        case .success(.success(_, let used)):
            lo = used > 0 ? used - 1 : 0
        }
        // geth's optimistic first probe: what the run used plus the call stipend, × 64/63.
        let optimistic = (lo + 1 + 2_300) * 64 / 63
        if optimistic < hi {
            if case .success(.success) = attempt(optimistic) { hi = optimistic } else { lo = optimistic }
        }
        while lo + 1 < hi {
            if Double(hi - lo) / Double(hi) < 0.015 { break }
            var mid = lo / 2 + hi / 2
            if mid > lo * 2 { mid = lo * 2 }
            if case .success(.success) = attempt(mid) { hi = mid } else { lo = mid }
        }
        return .success(hi)
    }

    /// One run on a large stack already.
    static func run(_ message: CallMessage, state: any StateReader, environment: CallEnvironment,
                    tracer: (any EVMTracer)? = nil) -> Result<CallOutcome, CallError> {
        run(message, state: state, environment: environment, tracer: tracer, capturesConsoleLog: false).outcome
    }

    /// `call` that also answers the console.log lines the message printed (Hardhat's console).
    public static func callCapturingConsole(_ message: CallMessage, state: WorldState, environment: CallEnvironment)
        -> (outcome: Result<CallOutcome, CallError>, console: [String]) {
        CallThreads.shared.run {
            let (outcome, inputs) = run(message, state: state, environment: environment, tracer: nil, capturesConsoleLog: true)
            return (outcome, inputs.compactMap(ConsoleLog.decode))
        }
    }

    /// One run, with the inputs of its calls to the console address when `capturesConsoleLog`.
    static func run(_ message: CallMessage, state: any StateReader, environment: CallEnvironment,
                    tracer: (any EVMTracer)?, capturesConsoleLog: Bool) -> (outcome: Result<CallOutcome, CallError>, console: [[UInt8]]) {
        var env = environment.block
        let fork = environment.fork
        let paysFees = message.paysFees
        if !paysFees, env.baseFee != nil { env.baseFee = .zero }
        var tx = Transaction(type: .dynamicFee, chainId: env.chainId, nonce: state.account(message.from)?.nonce ?? 0)
        if !message.authorizationList.isEmpty {
            tx.type = .setCode
        } else if !message.blobVersionedHashes.isEmpty {
            tx.type = .blob
        } else if message.gasPrice != nil || fork < .london {
            tx.type = message.accessList.isEmpty || fork < .berlin ? .legacy : .accessList
        }
        if let price = message.gasPrice {
            tx.maxFeePerGas = price
            tx.maxPriorityFeePerGas = price
        } else {
            tx.maxFeePerGas = message.maxFeePerGas ?? (message.maxPriorityFeePerGas ?? .zero) &+ (env.baseFee ?? .zero)
            tx.maxPriorityFeePerGas = message.maxPriorityFeePerGas ?? .zero
            if tx.maxPriorityFeePerGas > tx.maxFeePerGas {
                return (.failure(CallError("max priority fee per gas higher than max fee per gas")), [])
            }
        }
        tx.gasLimit = message.gas
        tx.to = message.to
        tx.value = message.value
        tx.data = message.data
        tx.accessList = message.accessList
        tx.authorizationList = message.authorizationList
        tx.blobVersionedHashes = message.blobVersionedHashes
        tx.maxFeePerBlobGas = message.maxFeePerBlobGas ?? .zero
        let intrinsic = TransactionRules.intrinsicGas(tx, fork: fork)
        guard tx.gasLimit >= intrinsic.minimum else {
            return (.failure(CallError("intrinsic gas too low: have \(tx.gasLimit), want \(intrinsic.minimum)")), [])
        }
        let journal = JournaledState(base: state)
        var context = TransactionProcessor.Context(block: env, fork: fork,
                                                   blobBaseFee: paysFees ? env.blobBaseFee : .zero,
                                                   blockGasAvailable: max(tx.gasLimit, env.gasLimit), isSimulation: true)
        context.capturesConsoleLog = capturesConsoleLog
        do {
            let result = try TransactionProcessor.execute(tx, sender: message.from, state: journal, context: context, tracer: tracer)
            let console = result.consoleInputs
            if result.status.isSuccess { return (.success(.success(output: result.output, gasUsed: result.gasUsed)), console) }
            if result.status.isRevert { return (.success(.reverted(output: result.output, gasUsed: result.gasUsed)), console) }
            return (.success(.halted(reason: vmErrorText(result.status), gasUsed: result.gasUsed)), console)
        } catch {
            return (.failure(CallError(error.description)), [])
        }
    }

    /// geth's wording of EVM halts (core/vm/errors.go).
    static func vmErrorText(_ status: InstructionResult) -> String {
        switch status {
        case .outOfGas: return "out of gas"
        case .invalidOpcode: return "invalid opcode"
        case .invalidJump: return "invalid jump destination"
        case .stackUnderflow: return "stack underflow"
        case .stackOverflow: return "stack limit reached 1024 (1023)"
        case .staticViolation: return "write protection"
        default: return "\(status)"
        }
    }
}
