import Primitives

/// A log as the EVM emits it (Execution turns it into the consensus `Log`).
public struct EVMLog: Hashable, Sendable {
    public var address: Address
    public var topics: [Hash]
    public var data: [UInt8]
}

/// How a frame ended, what it returned, and the gas and refund it hands back.
public struct CallResult: Sendable {
    public var status: InstructionResult
    public var gasLeft: Int64
    public var refund: Int64
    public var output: [UInt8]
    public var createdAddress: Address?

    /// What a call into an account without code returns: success, all gas left, nothing else.
    public static func stopped(gasLeft: Int64) -> CallResult {
        CallResult(status: .stop, gasLeft: gasLeft, refund: 0, output: [], createdAddress: nil)
    }
}

/// Runs messages: the frame logic around the interpreter (checkpoints, value transfer,
/// precompiles, contract creation and code deposit), shared by every call depth.
public final class EVM<H: Host> {
    public let host: H
    public let fork: Fork
    public let block: BlockEnvironment
    public let transaction: TransactionContext
    let precompiles: PrecompileSet
    /// Logs of the transaction so far (truncated when a frame reverts).
    @exclusivity(unchecked) public var logs: [EVMLog] = []
    /// Observes frames, logs and (if it asks) opcodes; nil runs untraced. See `EVMTracer`.
    /// (Like the other per-call fields, no dynamic exclusivity checks: only this EVM's own
    /// methods touch it, never through overlapping accesses.)
    @exclusivity(unchecked) public var tracer: (any EVMTracer)? {
        didSet { stepTracer = tracer?.tracesSteps == true ? tracer : nil }
    }
    /// `tracer` when it traces opcodes: each frame checks this once to pick its loop.
    @exclusivity(unchecked) private(set) var stepTracer: (any EVMTracer)?
    /// Set by a failing frame for its exit hook when tracing (the fault and, for a creation, the code).
    @exclusivity(unchecked) var exitFault: TraceFault?
    @exclusivity(unchecked) var exitOutput: [UInt8]?

    public init(host: H, fork: Fork, block: BlockEnvironment, transaction: TransactionContext) {
        self.host = host
        self.fork = fork
        self.block = block
        self.transaction = transaction
        self.precompiles = block.precompiles ?? PrecompileSet.forFork(fork)
    }

    /// True if `address` is a precompile in this fork.
    public func isPrecompile(_ address: Address) -> Bool { precompiles.contains(address) }

    /// The fork's precompile addresses, what a transaction starts warm with (EIP-2929).
    public var precompilesWarmAtStart: LowAddressSet { precompiles.warmAtStart }

    /// Runs a CALL-family message (also the top-level call of a transaction).
    public func call(_ message: Message, disablePrecompiles: Bool = false) -> CallResult {
        guard let tracer else { return runCall(message, disablePrecompiles: disablePrecompiles) }
        traceEnter(tracer, message)
        exitFault = nil
        let result = runCall(message, disablePrecompiles: disablePrecompiles)
        traceExit(tracer, message, result)
        return result
    }

    func runCall(_ message: Message, disablePrecompiles: Bool) -> CallResult {
        let checkpoint = host.checkpoint()
        let logCount = logs.count
        host.touch(message.target)
        if message.kind == .call || message.kind == .callCode, !message.value.isZero {
            guard host.transfer(from: message.caller, to: message.target, value: message.value) else {
                host.revert(to: checkpoint)
                return CallResult(status: .outOfFunds, gasLeft: message.gas, refund: 0, output: [], createdAddress: nil)
            }
        }
        if !disablePrecompiles, let precompile = precompiles.precompile(at: message.codeAddress) {
            let gasLimit = UInt64(max(0, message.gas))
            switch precompile.run(input: message.input, gasLimit: gasLimit, fork: fork) {
            case .success(let out):
                host.commit(checkpoint)
                return CallResult(status: .returned, gasLeft: message.gas - Int64(out.gasUsed), refund: 0, output: out.output, createdAddress: nil)
            case .failure:
                revertFrame(checkpoint, logCount: logCount, target: message.target)
                return CallResult(status: .precompileFailure, gasLeft: 0, refund: 0, output: [], createdAddress: nil)
            }
        }
        let code = host.code(message.codeAddress)
        if code.count == 0 {
            host.commit(checkpoint)
            return CallResult(status: .stop, gasLeft: message.gas, refund: 0, output: [], createdAddress: nil)
        }
        let frame = Interpreter(evm: self, message: message, code: code)
        let status = frame.run()
        if status.isSuccess {
            host.commit(checkpoint)
            return CallResult(status: status, gasLeft: frame.gas, refund: frame.refund, output: frame.output, createdAddress: nil)
        }
        if tracer != nil { exitFault = frame.traceFault(status) }
        revertFrame(checkpoint, logCount: logCount, target: message.target)
        return CallResult(status: status, gasLeft: status.isRevert ? frame.gas : 0, refund: 0,
                          output: status.isRevert ? frame.output : [], createdAddress: nil)
    }

    /// Undoes a failed frame. The one historical exception: mainnet block 2,675,119 left the
    /// RIPEMD-160 precompile touched after a failed call, so it stays touched (EIP-161 cleanup).
    /// (Self-destructs of the failed frame are undone by the host's journal, so a later SELFDESTRUCT
    /// of the same account earns the pre-London refund again, as the spec's `accounts_to_delete`.)
    func revertFrame(_ checkpoint: Int, logCount: Int, target: Address) {
        host.revert(to: checkpoint)
        logs.removeSubrange(logCount...)
        if target == Address(low: 3) && fork >= .spuriousDragon { host.markTouched(target) }
    }

    /// Runs a CREATE/CREATE2 message (also a contract-creation transaction): collision check,
    /// new account, init code, and the code deposit rules (EIP-170 size, EIP-3541 0xEF prefix).
    public func create(_ message: Message) -> CallResult {
        guard let tracer else { return runCreate(message) }
        traceEnter(tracer, message)
        exitFault = nil
        exitOutput = nil
        let result = runCreate(message)
        traceExit(tracer, message, result)
        return result
    }

    func runCreate(_ message: Message) -> CallResult {
        let address = message.target
        if fork >= .berlin { _ = host.warmAccount(address) }
        // The creator's nonce rises even when the creation fails below (but not when the caller bailed out earlier).
        if message.depth > 0 {
            host.setNonce(message.caller, host.nonce(message.caller) + 1)
        }
        if host.nonce(address) != 0 || host.code(address).count != 0 || host.hasStorage(address) {
            return CallResult(status: .createCollision, gasLeft: 0, refund: 0, output: [], createdAddress: nil)
        }
        let checkpoint = host.checkpoint()
        let logCount = logs.count
        host.createAccount(address, nonce: fork >= .spuriousDragon ? 1 : 0)
        if !message.value.isZero {
            guard host.transfer(from: message.caller, to: address, value: message.value) else {
                host.revert(to: checkpoint)
                return CallResult(status: .outOfFunds, gasLeft: message.gas, refund: 0, output: [], createdAddress: nil)
            }
        }
        // Init code runs with empty call data.
        var frameMessage = message
        frameMessage.input = []
        let frame = Interpreter(evm: self, message: frameMessage, code: Code(message.input))
        var status = frame.run()
        // (A child frame may have left its fault here; this frame's own replaces it.)
        if tracer != nil { exitFault = status.isSuccess ? nil : frame.traceFault(status) }
        var gasLeft = frame.gas
        if status.isSuccess {
            let deployed = frame.output
            let depositCost = Int64(deployed.count) * Gas.codeDeposit
            if fork >= .london, deployed.first == 0xef {
                status = .invalidCodePrefix
            } else if fork >= .spuriousDragon, deployed.count > block.maxCodeSize {
                status = .codeSizeExceeded
            } else if gasLeft < depositCost {
                if fork >= .homestead { status = .outOfGas } else { host.setCode(address, []) }
                if tracer != nil && fork >= .homestead { exitFault = .codeStoreOutOfGas }
            } else {
                gasLeft -= depositCost
                host.setCode(address, deployed)
            }
            if status.isSuccess {
                host.commit(checkpoint)
                if tracer != nil { exitOutput = deployed }
                return CallResult(status: status, gasLeft: gasLeft, refund: frame.refund, output: [], createdAddress: address)
            }
        }
        revertFrame(checkpoint, logCount: logCount, target: address)
        return CallResult(status: status, gasLeft: status.isRevert ? gasLeft : 0, refund: 0,
                          output: status.isRevert ? frame.output : [], createdAddress: nil)
    }

    /// keccak256(rlp([sender, nonce]))[12...].
    public static func createAddress(_ sender: Address, nonce: UInt64) -> Address {
        ContractAddress.create(sender: sender, nonce: nonce)
    }

    /// keccak256(0xff ‖ sender ‖ salt ‖ keccak256(initcode))[12...].
    public static func create2Address(_ sender: Address, salt: UInt256, initcodeHash: Hash) -> Address {
        ContractAddress.create2(sender: sender, salt: salt, initcodeHash: initcodeHash)
    }
}
