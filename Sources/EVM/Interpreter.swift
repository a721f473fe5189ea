import Primitives

/// One call frame's execution: the loop over the code with its stack, memory and gas.
///
/// The loop reads the opcode, checks the fork's table (undefined → invalid), the stack bounds
/// (evmone's traits) and base gas, then runs the opcode body. Bodies return nothing and signal
/// the end of the frame through `status`; only dynamic gas and semantics live in them.
public final class Interpreter<H: Host> {
    unowned let evm: EVM<H>
    let host: H
    public let message: Message
    let code: Code
    let fork: Fork
    // The frame's registers skip Swift's dynamic exclusivity checks (a runtime call per access in
    // the loop): only this frame's own methods touch them, and never through overlapping inout accesses.
    @exclusivity(unchecked) var pc = 0
    @exclusivity(unchecked) public var gas: Int64
    @exclusivity(unchecked) public var refund: Int64 = 0
    /// 1024 slots; `sp` is the number of items.
    let stack: UnsafeMutablePointer<UInt256>
    @exclusivity(unchecked) var sp = 0
    @exclusivity(unchecked) var memory = Memory()
    /// Return data of the most recent sub-call.
    @exclusivity(unchecked) var returnData: [UInt8] = []
    /// The frame's own output (RETURN / REVERT data).
    @exclusivity(unchecked) public var output: [UInt8] = []
    @exclusivity(unchecked) var status: InstructionResult = .running
    /// An opcode tracer is attached (read once in `run` to pick the loop).
    let traced: Bool
    /// The charge that ran the frame out of gas (geth reports an opcode's full price on its
    /// out-of-gas step; set only on that cold path), or `sentryShortfall`.
    @exclusivity(unchecked) var unpaid: Int64 = 0
    /// `unpaid` when SSTORE failed EIP-2200's 2,300-gas sentry (geth words that failure apart).
    static var sentryShortfall: Int64 { -1 }

    init(evm: EVM<H>, message: Message, code: Code) {
        self.evm = evm
        self.host = evm.host
        self.message = message
        self.code = code
        self.fork = evm.fork
        self.gas = message.gas
        self.traced = evm.stepTracer != nil
        stack = UnsafeMutablePointer<UInt256>.allocate(capacity: 1024)
    }

    deinit {
        stack.deallocate()
        memory.free()
    }

    // MARK: Stack

    @inline(__always) func pop() -> UInt256 {
        sp &-= 1
        // SAFETY: the loop checked that the opcode's inputs are on the stack.
        return stack[sp]
    }

    @inline(__always) func push(_ v: UInt256) {
        // SAFETY: the loop checked the opcode's growth against the 1024 limit.
        stack[sp] = v
        sp &+= 1
    }

    @inline(__always) func peek(_ depth: Int = 0) -> UInt256 { stack[sp &- 1 &- depth] }

    @inline(__always) func setTop(_ v: UInt256) { stack[sp &- 1] = v }

    // MARK: Gas and memory

    /// Charges `amount`; on shortfall ends the frame out of gas and returns false.
    @inline(__always) func charge(_ amount: Int64) -> Bool {
        if gas < amount {
            status = .outOfGas
            unpaid = amount
            return false
        }
        gas -= amount
        return true
    }

    /// Grows memory to cover [offset, offset + size) and charges for it. Zero size never grows.
    /// Returns the offset as Int, or nil after ending the frame out of gas.
    @inline(__always) func expandMemory(offset: UInt256, size: UInt256) -> Int? {
        if size.isZero { return 0 }
        guard offset.fitsUInt64, size.fitsUInt64, offset.w0 <= 0xFFFF_FFFF, size.w0 <= 0xFFFF_FFFF else {
            status = .outOfGas
            return nil
        }
        let o = Int(offset.w0), s = Int(size.w0)
        let end = o + s
        if end > memory.count {
            let newWords = Int64((end + 31) / 32)
            let oldWords = Int64(memory.count / 32)
            let cost = Gas.memoryCost(words: newWords) - Gas.memoryCost(words: oldWords)
            guard charge(cost) else { return nil }
            memory.grow(to: end)
        }
        return o
    }

    /// The end of a memory region [offset, offset + size): 0 for an empty region, nil if it cannot
    /// fit in addressable memory (the caller ends the frame out of gas).
    @inline(__always) func regionEnd(_ offset: UInt256, _ size: UInt256) -> Int? {
        if size.isZero { return 0 }
        guard offset.fitsUInt64, size.fitsUInt64, offset.w0 <= 0xFFFF_FFFF, size.w0 <= 0xFFFF_FFFF else { return nil }
        return Int(offset.w0 + size.w0)
    }

    /// Memory growth for two regions at once (CALL's input and output), charged as one expansion.
    /// (Two parameters, not an array: no heap allocation per MCOPY or CALL.)
    func expandMemory(_ a: (UInt256, UInt256), _ b: (UInt256, UInt256)) -> Bool {
        guard let cost = memoryExpansionCost(a, b) else {
            status = .outOfGas
            return false
        }
        guard charge(cost) else { return false }
        growMemory(covering: a, b)
        return true
    }

    /// Grows memory over regions whose expansion `memoryExpansionCost` already priced and the frame paid.
    func growMemory(covering a: (UInt256, UInt256), _ b: (UInt256, UInt256) = (.zero, .zero)) {
        let end = max(regionEnd(a.0, a.1) ?? 0, regionEnd(b.0, b.1) ?? 0)
        if end > memory.count { memory.grow(to: end) }
    }

    /// Memory growth cost for up to two regions without charging or growing (CALL computes it before the 63/64 rule).
    func memoryExpansionCost(_ a: (UInt256, UInt256), _ b: (UInt256, UInt256) = (.zero, .zero)) -> Int64? {
        guard let endA = regionEnd(a.0, a.1), let endB = regionEnd(b.0, b.1) else { return nil }
        let end = max(endA, endB)
        if end <= memory.count { return 0 }
        return Gas.memoryCost(words: Int64((end + 31) / 32)) - Gas.memoryCost(words: Int64(memory.count / 32))
    }

    // MARK: The loop

    /// Runs until the frame ends; returns how it ended.
    func run() -> InstructionResult {
        if traced, let tracer = evm.stepTracer { return runTraced(tracer) }
        let table = OpcodeChecks.table(for: fork)
        return code.padded.withUnsafeBufferPointer { codeBuffer in
            table.withUnsafeBufferPointer { checks in
                // SAFETY: code is padded with 33 zero bytes, so reading op and PUSH data at
                // pc < code.count + 1 never leaves the buffer; the table has 256 entries.
                while status == .running {
                    let op = codeBuffer[pc]
                    let check = checks[Int(op)]
                    let base = Int64(check.baseGas)
                    if base < 0 { status = .invalidOpcode; break }
                    // One unsigned comparison for both stack bounds: minimum ≤ sp ≤ maximum.
                    if UInt(bitPattern: sp &- Int(check.minimumStack)) > UInt(check.stackRange) {
                        status = sp < Int(check.minimumStack) ? .stackUnderflow : .stackOverflow
                        break
                    }
                    if gas < base { status = .outOfGas; break }
                    gas &-= base
                    execute(op, codeBuffer)
                }
                return status
            }
        }
    }
}

/// The loop's per-opcode checks packed into one 8-byte entry (one load per opcode instead of
/// three tables): the fork's base gas (-1 where undefined) and the stack bounds from
/// `StackTraits` as a minimum and the width of the allowed range, so that
/// `minimumStack ≤ sp ≤ minimumStack + stackRange` is a single unsigned comparison.
struct OpcodeCheck {
    var baseGas: Int32
    var minimumStack: UInt16
    var stackRange: UInt16
}

enum OpcodeChecks {
    static let tables: [[OpcodeCheck]] = Fork.allCases.map { fork in
        let gas = OpcodeTable.table(for: fork).baseGas
        return (0..<256).map { op in
            let minimum = Int(StackTraits.inputs[op])
            let maximum = 1024 - Int(StackTraits.growth[op])
            return OpcodeCheck(baseGas: gas[op], minimumStack: UInt16(minimum), stackRange: UInt16(maximum - minimum))
        }
    }

    /// The checks for `fork`.
    @inline(__always) static func table(for fork: Fork) -> [OpcodeCheck] { tables[fork.rawValue] }
}
