import EVM
import Primitives

/// geth's default tracer (the struct logger): one entry per executed opcode with the state
/// before it — pc, opcode, gas left, the opcode's gas cost, depth, stack, and optionally memory,
/// the storage slots the contract touched so far (at SLOAD / SSTORE) and the last return data.
///
/// geth prices an opcode before running it; Lanes charges dynamic gas inside opcode bodies, so
/// the cost is taken after the opcode as the gas it spent. For calls and creations the child's
/// share is corrected from the child frame's enter and exit: geth's CALL cost includes the gas
/// handed to the child (before the stipend), its CREATE cost does not.
public final class StructLogger: EVMTracer {
    public struct Config: Sendable {
        public var enableMemory = false
        public var disableStack = false
        public var disableStorage = false
        public var enableReturnData = false
        /// Stop recording after this many entries (0: no limit).
        public var limit = 0
        public init(enableMemory: Bool = false, disableStack: Bool = false, disableStorage: Bool = false,
                    enableReturnData: Bool = false, limit: Int = 0) {
            self.enableMemory = enableMemory; self.disableStack = disableStack; self.disableStorage = disableStorage
            self.enableReturnData = enableReturnData; self.limit = limit
        }
    }

    /// One opcode as geth's `StructLogRes` shows it.
    public struct Entry: Sendable, Equatable {
        public var pc: Int
        public var opcode: UInt8
        public var gas: UInt64
        public var gasCost: UInt64 = 0
        public var depth: Int
        public var error: String?
        /// nil with `disableStack`.
        public var stack: [UInt256]?
        /// Empty unless `enableReturnData`.
        public var returnData: [UInt8] = []
        /// nil unless `enableMemory`.
        public var memory: [UInt8]?
        /// Set at SLOAD / SSTORE: the contract's slots seen so far.
        public var storage: [UInt256: UInt256]?
        public var refund: UInt64

        public var op: String { OpcodeNames.name(opcode) }
    }

    /// The open step and accounting of one frame.
    struct FrameState {
        /// Index of the open entry in `entries` (nil when none or over the limit).
        var open: Int?
        var gasBefore: Int64 = 0
        var childStart: Int64?
        var childUsed: Int64 = 0
        /// Refund of the enclosing frames when this one started, and this frame's at its last step.
        var refundBase: Int64
        var lastRefund: Int64 = 0
    }

    public let config: Config
    public private(set) var entries: [Entry] = []
    /// The receipt's gas used.
    public private(set) var gasUsed: UInt64 = 0
    /// The top frame's output and fault.
    public private(set) var output: [UInt8] = []
    public private(set) var fault: TraceFault?
    var frames: [FrameState] = []
    var storage: [Address: [UInt256: UInt256]] = [:]
    var host: (any Host)?

    public init(config: Config = Config()) { self.config = config }

    public var tracesSteps: Bool { true }

    /// Failed at top level (a revert included).
    public var failed: Bool { fault != nil }

    /// geth's `returnValue`: the output on success or revert, empty after any other failure.
    public var returnValue: [UInt8] {
        if let fault, fault != .reverted { return [] }
        return output
    }

    public func transactionStart(_ transaction: TracedTransaction, host: any Host) { self.host = host }

    public func transactionEnd(gasUsed: UInt64, host: any Host) { self.gasUsed = gasUsed }

    public func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {
        var base: Int64 = 0
        if let parent = frames.last {
            base = parent.refundBase + parent.lastRefund
            frames[frames.count - 1].childStart = gas
        }
        frames.append(FrameState(refundBase: base))
    }

    public func exit(depth: Int, output: [UInt8], gasUsed: Int64, fault: TraceFault?) {
        if !frames.isEmpty { frames.removeLast() }
        if !frames.isEmpty { frames[frames.count - 1].childUsed = gasUsed }
        if depth == 0 {
            self.output = output
            self.fault = fault
        }
    }

    public func step(_ frame: any TracedFrame, pc: Int, opcode: UInt8, gas: Int64) {
        guard !frames.isEmpty else { return }
        let f = frames.count - 1
        frames[f].gasBefore = gas
        frames[f].childStart = nil
        frames[f].childUsed = 0
        frames[f].lastRefund = frame.refund
        frames[f].open = nil
        if config.limit != 0 && entries.count >= config.limit { return }
        var entry = Entry(pc: pc, opcode: opcode, gas: UInt64(max(0, gas)), depth: frame.message.depth + 1,
                          refund: UInt64(max(0, frames[f].refundBase + frame.refund)))
        if !config.disableStack { entry.stack = frame.stackItems }
        if config.enableMemory { entry.memory = frame.memoryData }
        if config.enableReturnData { entry.returnData = frame.lastReturnData }
        if !config.disableStorage && (opcode == 0x54 || opcode == 0x55) {
            let address = frame.message.target
            var slots = storage[address] ?? [:]
            if opcode == 0x54, frame.stackCount >= 1 {
                let key = frame.stackItem(fromTop: 0)
                slots[key] = host?.sload(address, key) ?? .zero
                entry.storage = slots
            } else if opcode == 0x55, frame.stackCount >= 2 {
                slots[frame.stackItem(fromTop: 0)] = frame.stackItem(fromTop: 1)
                entry.storage = slots
            }
            storage[address] = slots
        }
        frames[f].open = entries.count
        entries.append(entry)
    }

    public func stepEnd(_ frame: any TracedFrame, opcode: UInt8, gasBefore: Int64, cost: Int64?, fault: TraceFault?) {
        guard let state = frames.last, let index = state.open else { return }
        var spent = cost ?? (gasBefore - frame.gas)
        if cost == nil, let start = state.childStart {
            let leftover = start - state.childUsed
            // CALL family: geth counts the gas handed over; CREATE family: only the creation's own price.
            if opcode == 0xf0 || opcode == 0xf5 { spent -= state.childUsed } else { spent += leftover }
        }
        entries[index].gasCost = UInt64(max(0, spent))
        if let fault { entries[index].error = fault.message }
    }
}
