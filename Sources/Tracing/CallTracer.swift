import EVM
import Primitives

/// geth's `callTracer`: the tree of call frames of a transaction, each with its gas, input,
/// output, error and (with `withLog`) the logs it emitted, positioned among its sub-calls.
///
/// The top frame carries the transaction's gas limit and the receipt's gas used; sub-frames the
/// gas they were given and used. A failed frame's logs, and its children's, are dropped at the
/// end (`withLog`), as they never reach the receipt.
public final class CallTracer: EVMTracer {
    public struct Config: Sendable {
        /// Only the top-level call, no sub-calls.
        public var onlyTopCall = false
        /// Collect logs.
        public var withLog = false
        public init(onlyTopCall: Bool = false, withLog: Bool = false) { self.onlyTopCall = onlyTopCall; self.withLog = withLog }
    }

    /// A log as the call tracer reports it; `position` is the number of sub-calls before it.
    public struct Log: Sendable, Equatable {
        public var address: Address
        public var topics: [Hash]
        public var data: [UInt8]
        public var position: Int
    }

    /// One call frame.
    public struct Frame: Sendable, Equatable {
        /// CALL, STATICCALL, DELEGATECALL, CALLCODE, CREATE, CREATE2 or SELFDESTRUCT.
        public var opcode: UInt8
        public var from: Address
        public var gas: UInt64
        public var gasUsed: UInt64 = 0
        /// nil for a failed creation.
        public var to: Address?
        public var input: [UInt8]
        /// Omitted when empty.
        public var output: [UInt8] = []
        public var error: String?
        public var calls: [Frame] = []
        public var logs: [Log] = []
        /// nil where geth reports none (STATICCALL).
        public var value: UInt256?
        /// The frame's changes were undone (it failed).
        var reverted = false

        /// "CALL", "CREATE2", …
        public var type: String { OpcodeNames.name(opcode) }
        public var isCreate: Bool { opcode == 0xf0 || opcode == 0xf5 }
    }

    public let config: Config
    var stack: [Frame] = []
    var gasLimit: UInt64 = 0
    var depth = 0

    public init(config: Config = Config()) { self.config = config }

    /// The top frame, once the transaction ran.
    public var result: Frame? { stack.count == 1 ? stack[0] : nil }

    public func transactionStart(_ transaction: TracedTransaction, host: any Host) {
        gasLimit = transaction.gasLimit
    }

    public func transactionEnd(gasUsed: UInt64, host: any Host) {
        guard !stack.isEmpty else { return }
        stack[0].gasUsed = gasUsed
        if config.withLog { Self.clearFailedLogs(&stack[0], parentFailed: false) }
    }

    public func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {
        self.depth = depth
        if config.onlyTopCall && depth > 0 { return }
        var frame = Frame(opcode: opcode, from: from, gas: UInt64(max(0, gas)), to: to, input: input, value: value)
        if depth == 0 { frame.gas = gasLimit }
        stack.append(frame)
    }

    public func exit(depth: Int, output: [UInt8], gasUsed: Int64, fault: TraceFault?) {
        if depth == 0 {
            if stack.count == 1 { Self.finish(&stack[0], output: output, fault: fault) }
            return
        }
        self.depth = depth - 1
        if config.onlyTopCall { return }
        guard stack.count > 1 else { return }
        var frame = stack.removeLast()
        frame.gasUsed = UInt64(max(0, gasUsed))
        Self.finish(&frame, output: output, fault: fault)
        stack[stack.count - 1].calls.append(frame)
    }

    public func log(_ log: EVMLog) {
        guard config.withLog, !(config.onlyTopCall && depth > 0), !stack.isEmpty else { return }
        let i = stack.count - 1
        stack[i].logs.append(Log(address: log.address, topics: log.topics, data: log.data, position: stack[i].calls.count))
    }

    /// geth's `processOutput`: output on success; on failure the error, and the output only for a revert.
    static func finish(_ frame: inout Frame, output: [UInt8], fault: TraceFault?) {
        guard let fault else {
            frame.output = output
            return
        }
        frame.error = fault.message
        frame.reverted = true
        if frame.isCreate { frame.to = nil }
        if fault == .reverted { frame.output = output }
    }

    static func clearFailedLogs(_ frame: inout Frame, parentFailed: Bool) {
        let failed = parentFailed || (frame.error != nil && frame.reverted)
        if failed { frame.logs = [] }
        for i in frame.calls.indices { clearFailedLogs(&frame.calls[i], parentFailed: failed) }
    }
}
