import Primitives

extension CallKind {
    /// The opcode that opens such a frame (what tracers report as the frame's type).
    public var opcode: UInt8 {
        switch self {
        case .call: 0xf1
        case .callCode: 0xf2
        case .delegateCall: 0xf4
        case .staticCall: 0xfa
        case .create: 0xf0
        case .create2: 0xf5
        }
    }
}

/// The frame hooks, called only when a tracer is attached (`call` / `create` check once).
extension EVM {
    /// geth's OnEnter arguments: `from` is the account running the calling code (for DELEGATECALL
    /// the delegating contract), `to` the code's account for CALLCODE and DELEGATECALL.
    func traceEnter(_ tracer: any EVMTracer, _ message: Message) {
        let from = message.kind == .delegateCall ? message.target : message.caller
        let to = message.kind == .callCode || message.kind == .delegateCall ? message.codeAddress : message.target
        tracer.enter(depth: message.depth, opcode: message.kind.opcode, from: from, to: to, input: message.input,
                     gas: message.gas, value: message.kind == .staticCall ? nil : message.value)
    }

    /// geth's OnExit: a creation's output is the deployed code; a failure carries its fault.
    func traceExit(_ tracer: any EVMTracer, _ message: Message, _ result: CallResult) {
        let fault = result.status.isSuccess ? nil : (exitFault ?? TraceFault.of(result.status))
        var output = result.output
        if result.status.isSuccess && (message.kind == .create || message.kind == .create2) { output = exitOutput ?? [] }
        tracer.exit(depth: message.depth, output: output, gasUsed: message.gas - result.gasLeft, fault: fault)
    }

    /// A frame refused before it started (call depth, balance, nonce): geth still reports it
    /// entered and left, with all its gas handed back.
    func traceRefusedFrame(_ tracer: any EVMTracer, depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8],
                           gas: Int64, value: UInt256?, fault: TraceFault) {
        tracer.enter(depth: depth, opcode: opcode, from: from, to: to, input: input, gas: gas, value: value)
        tracer.exit(depth: depth, output: [], gasUsed: 0, fault: fault)
    }
}
