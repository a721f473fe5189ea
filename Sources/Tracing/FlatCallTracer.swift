import EVM
import Primitives

/// geth's `flatCallTracer` (Parity's trace format): the call tracer's tree, flattened in
/// depth-first order with trace addresses. Calls to precompiles are left out unless
/// `includePrecompiles`; `convertParityErrors` words errors as Parity did.
public final class FlatCallTracer: EVMTracer {
    public struct Config: Sendable {
        public var convertParityErrors = false
        public var includePrecompiles = false
        public init(convertParityErrors: Bool = false, includePrecompiles: Bool = false) {
            self.convertParityErrors = convertParityErrors; self.includePrecompiles = includePrecompiles
        }
    }

    /// One flattened frame: the call tracer's frame (children dropped), its position and child count.
    public struct Entry: Sendable {
        public var frame: CallTracer.Frame
        public var traceAddress: [Int]
        public var subtraces: Int
        /// The error as reported (Parity's wording with `convertParityErrors`).
        public var error: String?
    }

    public let config: Config
    let calls = CallTracer()
    var precompiles: Set<Address> = []

    public init(config: Config = Config()) { self.config = config }

    public func transactionStart(_ transaction: TracedTransaction, host: any Host) {
        precompiles = Set(transaction.precompiles)
        calls.transactionStart(transaction, host: host)
    }
    public func transactionEnd(gasUsed: UInt64, host: any Host) { calls.transactionEnd(gasUsed: gasUsed, host: host) }
    public func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {
        calls.enter(depth: depth, opcode: opcode, from: from, to: to, input: input, gas: gas, value: value)
    }
    public func exit(depth: Int, output: [UInt8], gasUsed: Int64, fault: TraceFault?) {
        calls.exit(depth: depth, output: output, gasUsed: gasUsed, fault: fault)
        guard depth > 0, !config.includePrecompiles, let parent = calls.stack.last, let last = parent.calls.last else { return }
        if (last.opcode == 0xf1 || last.opcode == 0xfa), let to = last.to, precompiles.contains(to) {
            calls.stack[calls.stack.count - 1].calls.removeLast()
        }
    }

    /// The flattened frames, or nil if the transaction did not run.
    public var result: [Entry]? {
        guard let root = calls.result else { return nil }
        var out: [Entry] = []
        flatten(root, address: [], into: &out)
        return out
    }

    func flatten(_ frame: CallTracer.Frame, address: [Int], into out: inout [Entry]) {
        var error = frame.error
        if let e = error, config.convertParityErrors { error = Self.parityError(e) }
        var flat = frame
        flat.calls = []
        out.append(Entry(frame: flat, traceAddress: address, subtraces: frame.calls.count, error: error))
        for (i, child) in frame.calls.enumerated() { flatten(child, address: address + [i], into: &out) }
    }

    /// geth's `convertErrorToParity`.
    static func parityError(_ error: String) -> String {
        let exact: [String: String] = [
            "contract creation code storage out of gas": "Out of gas", "out of gas": "Out of gas",
            "gas uint64 overflow": "Out of gas", "max code size exceeded": "Out of gas",
            "invalid jump destination": "Bad jump destination", "execution reverted": "Reverted",
            "return data out of bounds": "Out of bounds", "stack limit reached 1024 (1023)": "Out of stack",
            "precompiled failed": "Built-in failed", "invalid input length": "Built-in failed",
        ]
        if let e = exact[error] { return e }
        if error.hasPrefix("invalid opcode:") { return "Bad instruction" }
        if error.hasPrefix("stack underflow") { return "Stack underflow" }
        return error
    }
}
