import Primitives

/// Observes execution: the transaction, every call frame entered and left, logs and, if it asks
/// for them, every opcode. The hooks follow geth's `tracing.Hooks` (OnTxStart, OnEnter, OnExit,
/// OnOpcode, OnLog), so geth's tracers translate one to one.
///
/// Cost when nothing is attached: `EVM.tracer` is nil and the interpreter runs the same loop as
/// before tracing existed. The interpreter is generic over its host but not specialised across
/// modules, so a generic "no tracing" hook type would still be a witness-table call per opcode;
/// instead each frame picks its loop once (`Interpreter.run`): the plain loop, or the traced loop
/// that calls `step` and `stepEnd` around every opcode when `tracesSteps` is true. Frame, log
/// and transaction hooks sit outside the loop behind one nil check each.
///
/// An observer of calls only (say, Hardhat's console.log: calls to its address decoded and
/// printed) implements `enter` alone and leaves `tracesSteps` false: the opcode loop stays untraced.
public protocol EVMTracer: AnyObject {
    /// True if the tracer wants `step` / `stepEnd` for every opcode (the traced loop).
    var tracesSteps: Bool { get }
    /// Read by the traced loop after each `step`: true ends the frame (geth's tracer timeout).
    var stopRequested: Bool { get }

    /// Before the transaction buys its gas (geth's OnTxStart): the state as it was before it.
    func transactionStart(_ transaction: TracedTransaction, host: any Host)
    /// After refunds and fees (geth's OnTxEnd with the receipt's gas used).
    func transactionEnd(gasUsed: UInt64, host: any Host)

    /// A frame starts (geth's OnEnter): `depth` 0 is the transaction's own call; `opcode` is
    /// CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2 or SELFDESTRUCT (0xff).
    /// `value` is nil where geth passes none (STATICCALL).
    func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?)
    /// The frame entered last at `depth` ends (geth's OnExit); `fault` is nil on success.
    func exit(depth: Int, output: [UInt8], gasUsed: Int64, fault: TraceFault?)

    /// Before an opcode runs (before its stack and gas checks); `gas` is what the frame has left.
    func step(_ frame: any TracedFrame, pc: Int, opcode: UInt8, gas: Int64)
    /// After the opcode ran. `cost` is set when the loop knows it (a failed check: the base
    /// gas); otherwise it is the gas the frame spent, with any child frame's share adjusted by
    /// the tracer. `fault` is set when the opcode failed before running (geth's OnOpcode error).
    func stepEnd(_ frame: any TracedFrame, opcode: UInt8, gasBefore: Int64, cost: Int64?, fault: TraceFault?)

    /// A LOG0…LOG4 as it is emitted (it may later be dropped by a revert).
    func log(_ log: EVMLog)
}

extension EVMTracer {
    public var tracesSteps: Bool { false }
    public var stopRequested: Bool { false }
    public func transactionStart(_ transaction: TracedTransaction, host: any Host) {}
    public func transactionEnd(gasUsed: UInt64, host: any Host) {}
    public func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {}
    public func exit(depth: Int, output: [UInt8], gasUsed: Int64, fault: TraceFault?) {}
    public func step(_ frame: any TracedFrame, pc: Int, opcode: UInt8, gas: Int64) {}
    public func stepEnd(_ frame: any TracedFrame, opcode: UInt8, gasBefore: Int64, cost: Int64?, fault: TraceFault?) {}
    public func log(_ log: EVMLog) {}
}

/// What a tracer learns about the transaction at its start.
public struct TracedTransaction: Sendable {
    public var from: Address
    /// The recipient, or the address a creation deploys to.
    public var to: Address
    public var isCreate: Bool
    public var gasLimit: UInt64
    public var value: UInt256
    public var input: [UInt8]
    public var coinbase: Address
    /// EIP-7702 authorities (recovered), looked up by prestate tracers before they change.
    public var authorities: [Address]
    /// This fork's precompile addresses (tracers leave calls to them out).
    public var precompiles: [Address]

    public init(from: Address, to: Address, isCreate: Bool, gasLimit: UInt64, value: UInt256, input: [UInt8],
                coinbase: Address, authorities: [Address], precompiles: [Address]) {
        self.from = from; self.to = to; self.isCreate = isCreate; self.gasLimit = gasLimit; self.value = value
        self.input = input; self.coinbase = coinbase; self.authorities = authorities; self.precompiles = precompiles
    }
}

/// A running frame as a tracer sees it at a step (the interpreter itself).
public protocol TracedFrame: AnyObject {
    var message: Message { get }
    /// Gas left now.
    var gas: Int64 { get }
    /// This frame's refund so far (the transaction's counter is the sum over the open frames).
    var refund: Int64 { get }
    /// The stack, bottom first.
    var stackItems: [UInt256] { get }
    var stackCount: Int { get }
    /// The item `depth` places below the top (0 is the top); the caller checks `depth < stackCount`.
    func stackItem(fromTop depth: Int) -> UInt256
    /// The whole memory.
    var memoryData: [UInt8] { get }
    var memorySize: Int { get }
    /// `count` bytes of memory at `offset`, zero beyond its end.
    func memoryBytes(at offset: Int, count: Int) -> [UInt8]
    /// Return data of the most recent sub-call.
    var lastReturnData: [UInt8] { get }
}

/// Why a frame or an opcode failed, with geth's wording (core/vm/errors.go).
public enum TraceFault: Sendable, Equatable {
    case outOfGas
    case codeStoreOutOfGas
    /// SSTORE with 2,300 gas or less left (EIP-2200).
    case sstoreSentry
    case invalidOpcode(UInt8)
    case stackUnderflow(have: Int, need: Int)
    case stackOverflow(have: Int, limit: Int)
    case invalidJump
    case writeProtection
    case returnDataOutOfBounds
    case depth
    case insufficientBalance
    case contractAddressCollision
    case maxCodeSize
    case invalidCode
    case maxInitcodeSize
    case nonceOverflow
    case reverted
    case precompileFailed

    /// geth's error text.
    public var message: String {
        switch self {
        case .outOfGas: "out of gas"
        case .codeStoreOutOfGas: "contract creation code storage out of gas"
        case .sstoreSentry: "out of gas: not enough gas for reentrancy sentry"
        case .invalidOpcode(let op): "invalid opcode: \(OpcodeNames.name(op))"
        case .stackUnderflow(let have, let need): "stack underflow (\(have) <=> \(need))"
        case .stackOverflow(let have, let limit): "stack limit reached \(have) (\(limit))"
        case .invalidJump: "invalid jump destination"
        case .writeProtection: "write protection"
        case .returnDataOutOfBounds: "return data out of bounds"
        case .depth: "max call depth exceeded"
        case .insufficientBalance: "insufficient balance for transfer"
        case .contractAddressCollision: "contract address collision"
        case .maxCodeSize: "max code size exceeded"
        case .invalidCode: "invalid code: must not begin with 0xef"
        case .maxInitcodeSize: "max initcode size exceeded"
        case .nonceOverflow: "nonce uint64 overflow"
        case .reverted: "execution reverted"
        case .precompileFailed: "precompiled failed"
        }
    }

    /// The fault for a frame that ended with `status` (nil on success). Opcode-specific faults
    /// (invalid opcode, stack bounds) need the failing opcode and stack height.
    public static func of(_ status: InstructionResult, opcode: UInt8 = 0xfe, stackCount: Int = 0) -> TraceFault? {
        switch status {
        case .stop, .returned, .selfDestructed, .running: return nil
        case .reverted: return .reverted
        case .outOfGas: return .outOfGas
        case .invalidOpcode: return .invalidOpcode(opcode)
        case .invalidJump: return .invalidJump
        case .stackUnderflow: return .stackUnderflow(have: stackCount, need: Int(StackTraits.inputs[Int(opcode)]))
        case .stackOverflow: return .stackOverflow(have: stackCount, limit: 1024 - Int(StackTraits.growth[Int(opcode)]))
        case .staticViolation: return .writeProtection
        case .returnDataOutOfBounds: return .returnDataOutOfBounds
        case .callDepthExceeded: return .depth
        case .insufficientBalance, .outOfFunds: return .insufficientBalance
        case .createCollision: return .contractAddressCollision
        case .codeSizeExceeded: return .maxCodeSize
        case .invalidCodePrefix: return .invalidCode
        case .initcodeSizeExceeded: return .maxInitcodeSize
        case .nonceOverflow: return .nonceOverflow
        case .precompileFailure: return .precompileFailed
        }
    }
}
