import Primitives

/// The traced loop: the plain loop of `run()` with the tracer's `step` before and `stepEnd`
/// after every opcode. A frame runs it only when `EVM.stepTracer` is set, so the plain loop
/// stays exactly as it is without a tracer.
extension Interpreter {
    // Never inlined into `run`: the plain loop keeps the code layout it has without tracing.
    @inline(never)
    func runTraced(_ tracer: any EVMTracer) -> InstructionResult {
        let table = OpcodeChecks.table(for: fork)
        return code.padded.withUnsafeBufferPointer { codeBuffer in
            table.withUnsafeBufferPointer { checks in
                // SAFETY: as in `run()`: the code is padded with 33 zero bytes and the table has 256 entries.
                while status == .running {
                    let op = codeBuffer[pc]
                    let check = checks[Int(op)]
                    let base = Int64(check.baseGas)
                    let gasBefore = gas
                    tracer.step(self, pc: pc, opcode: op, gas: gasBefore)
                    if tracer.stopRequested { status = .outOfGas; break }
                    // geth logs an undefined opcode as a step without error, then fails the frame.
                    if base < 0 {
                        status = .invalidOpcode
                        tracer.stepEnd(self, opcode: op, gasBefore: gasBefore, cost: 0, fault: nil)
                        break
                    }
                    if UInt(bitPattern: sp &- Int(check.minimumStack)) > UInt(check.stackRange) {
                        status = sp < Int(check.minimumStack) ? .stackUnderflow : .stackOverflow
                        tracer.stepEnd(self, opcode: op, gasBefore: gasBefore, cost: base, fault: TraceFault.of(status, opcode: op, stackCount: sp))
                        break
                    }
                    if gas < base {
                        status = .outOfGas
                        tracer.stepEnd(self, opcode: op, gasBefore: gasBefore, cost: base, fault: .outOfGas)
                        break
                    }
                    gas &-= base
                    execute(op, codeBuffer)
                    // Out of gas inside the opcode is geth's dynamic-gas failure, reported on the step;
                    // other failures (invalid jump, write protection…) only end the frame.
                    if status == .outOfGas {
                        tracer.stepEnd(self, opcode: op, gasBefore: gasBefore, cost: gasBefore - gas + max(0, unpaid),
                                       fault: traceFault(status))
                    } else {
                        tracer.stepEnd(self, opcode: op, gasBefore: gasBefore, cost: nil, fault: nil)
                    }
                }
                return status
            }
        }
    }

    /// The fault a failed frame reports to tracers: the failing opcode is still at `pc` when the
    /// loop's own checks stopped it.
    func traceFault(_ status: InstructionResult) -> TraceFault? {
        if status == .outOfGas && unpaid == Self.sentryShortfall { return .sstoreSentry }
        let op = pc < code.padded.count ? code.padded[pc] : 0
        return TraceFault.of(status, opcode: op, stackCount: sp)
    }
}

extension Interpreter: TracedFrame {
    public var stackItems: [UInt256] { (0..<sp).map { stack[$0] } }
    public var stackCount: Int { sp }
    public func stackItem(fromTop depth: Int) -> UInt256 { stack[sp - 1 - depth] }
    public var memoryData: [UInt8] { memory.bytes(at: 0, count: memory.count) }
    public var memorySize: Int { memory.count }
    public func memoryBytes(at offset: Int, count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let available = max(0, min(count, memory.count - offset))
        if available > 0 {
            let bytes = memory.bytes(at: offset, count: available)
            out.replaceSubrange(0..<available, with: bytes)
        }
        return out
    }
    public var lastReturnData: [UInt8] { returnData }
}
