import EVM
import State

extension CallSimulator {
    /// Runs `body` on one of the large-stack execution threads (the EVM recurses deeply); tracing
    /// replays and traced calls run there.
    public static func onExecutionThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        CallThreads.shared.run(body)
    }

    /// Runs `message` as eth_call does with `tracer` attached (debug_traceCall). Call it on an
    /// execution thread.
    public static func traced(_ message: CallMessage, state: any StateReader, environment: CallEnvironment,
                              tracer: any EVMTracer) -> Result<CallOutcome, CallError> {
        run(message, state: state, environment: environment, tracer: tracer)
    }
}
