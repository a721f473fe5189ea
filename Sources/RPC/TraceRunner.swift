import EVM
import protocol EVM.Host
import Foundation
import Primitives
import Tracing

/// Where a traced transaction sits; the flat call tracer reports it with every trace.
struct TraceLocation: Sendable {
    var blockHash: Hash
    var blockNumber: UInt64
    var transactionHash: Hash?
    var index: Int
}

/// A tracer built from its spec on the execution thread, and the JSON of its result.
indirect enum BuiltTracer {
    case structLogger(StructLogger)
    case call(CallTracer)
    case prestate(PrestateTracer)
    case fourByte(FourByteTracer)
    case flatCall(FlatCallTracer)
    case noop(NoopTracer)
    case mux([(name: String, tracer: BuiltTracer)], MuxTracer)

    init(_ spec: TracerSpec) {
        switch spec {
        case .structLogger(let c): self = .structLogger(StructLogger(config: c))
        case .call(let c): self = .call(CallTracer(config: c))
        case .prestate(let c): self = .prestate(PrestateTracer(config: c))
        case .fourByte: self = .fourByte(FourByteTracer())
        case .flatCall(let c): self = .flatCall(FlatCallTracer(config: c))
        case .noop, .unknown: self = .noop(NoopTracer())
        case .mux(let list):
            let built = list.map { (name: $0.name, tracer: BuiltTracer($0.spec)) }
            self = .mux(built, MuxTracer(built.map { (name: $0.name, tracer: $0.tracer.evmTracer) }))
        }
    }

    /// The hooks the EVM calls.
    var evmTracer: any EVMTracer {
        switch self {
        case .structLogger(let t): t
        case .call(let t): t
        case .prestate(let t): t
        case .fourByte(let t): t
        case .flatCall(let t): t
        case .noop(let t): t
        case .mux(_, let t): t
        }
    }

    /// The result as geth encodes it.
    func json(_ location: TraceLocation) -> JSON {
        switch self {
        case .structLogger(let t): return .structLogs(t)
        case .call(let t): return t.result.map(JSON.callFrame) ?? .null
        case .prestate(let t): return .prestate(t)
        case .fourByte(let t): return .fourByte(t)
        case .flatCall(let t): return t.result.map { .flatCalls($0, location: location) } ?? .null
        case .noop: return .object(JSONObject())
        case .mux(let list, _):
            var o = JSONObject()
            for (name, tracer) in list.sorted(by: { $0.name < $1.name }) { o.append(name, tracer.json(location)) }
            return .object(o)
        }
    }
}

/// Wraps a tracer with geth's timeout: step-tracing runs stop once it passes (checked every 256
/// steps); other tracers are checked when the transaction ends.
final class DeadlineTracer: EVMTracer {
    let inner: any EVMTracer
    let deadline: Date
    var steps = 0
    private(set) var expired = false

    init(_ inner: any EVMTracer, timeout: Double) {
        self.inner = inner
        deadline = Date(timeIntervalSinceNow: timeout)
    }

    var tracesSteps: Bool { inner.tracesSteps }
    var stopRequested: Bool {
        steps &+= 1
        if steps & 255 == 0, Date() > deadline { expired = true }
        return expired
    }

    /// Checks the clock once more (after a run).
    func checkExpired() -> Bool {
        if Date() > deadline { expired = true }
        return expired
    }

    func transactionStart(_ transaction: TracedTransaction, host: any Host) { inner.transactionStart(transaction, host: host) }
    func transactionEnd(gasUsed: UInt64, host: any Host) { inner.transactionEnd(gasUsed: gasUsed, host: host) }
    func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {
        inner.enter(depth: depth, opcode: opcode, from: from, to: to, input: input, gas: gas, value: value)
    }
    func exit(depth: Int, output: [UInt8], gasUsed: Int64, fault: TraceFault?) {
        inner.exit(depth: depth, output: output, gasUsed: gasUsed, fault: fault)
    }
    func step(_ frame: any TracedFrame, pc: Int, opcode: UInt8, gas: Int64) { inner.step(frame, pc: pc, opcode: opcode, gas: gas) }
    func stepEnd(_ frame: any TracedFrame, opcode: UInt8, gasBefore: Int64, cost: Int64?, fault: TraceFault?) {
        inner.stepEnd(frame, opcode: opcode, gasBefore: gasBefore, cost: cost, fault: fault)
    }
    func log(_ log: EVMLog) { inner.log(log) }
}
