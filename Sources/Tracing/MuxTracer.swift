import EVM
import Primitives

/// geth's `muxTracer`: runs several tracers over the same execution; the answer is an object
/// keyed by tracer name.
public final class MuxTracer: EVMTracer {
    public let tracers: [(name: String, tracer: any EVMTracer)]

    public init(_ tracers: [(name: String, tracer: any EVMTracer)]) { self.tracers = tracers }

    public var tracesSteps: Bool { tracers.contains { $0.tracer.tracesSteps } }
    public var stopRequested: Bool { tracers.contains { $0.tracer.stopRequested } }

    public func transactionStart(_ transaction: TracedTransaction, host: any Host) {
        for t in tracers { t.tracer.transactionStart(transaction, host: host) }
    }
    public func transactionEnd(gasUsed: UInt64, host: any Host) {
        for t in tracers { t.tracer.transactionEnd(gasUsed: gasUsed, host: host) }
    }
    public func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {
        for t in tracers { t.tracer.enter(depth: depth, opcode: opcode, from: from, to: to, input: input, gas: gas, value: value) }
    }
    public func exit(depth: Int, output: [UInt8], gasUsed: Int64, fault: TraceFault?) {
        for t in tracers { t.tracer.exit(depth: depth, output: output, gasUsed: gasUsed, fault: fault) }
    }
    public func step(_ frame: any TracedFrame, pc: Int, opcode: UInt8, gas: Int64) {
        for t in tracers where t.tracer.tracesSteps { t.tracer.step(frame, pc: pc, opcode: opcode, gas: gas) }
    }
    public func stepEnd(_ frame: any TracedFrame, opcode: UInt8, gasBefore: Int64, cost: Int64?, fault: TraceFault?) {
        for t in tracers where t.tracer.tracesSteps { t.tracer.stepEnd(frame, opcode: opcode, gasBefore: gasBefore, cost: cost, fault: fault) }
    }
    public func log(_ log: EVMLog) {
        for t in tracers { t.tracer.log(log) }
    }
}
