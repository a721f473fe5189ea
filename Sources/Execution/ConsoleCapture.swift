import EVM
import Primitives

/// Records the calls a transaction makes to Hardhat's console address (console.log from
/// contracts): an `EVMTracer` that only looks at frames entered, so opcodes keep running the
/// untraced loop. The node decodes and prints what the block's final executions recorded.
final class ConsoleCapture: EVMTracer {
    /// "console.log" in ASCII, left-padded: 0x000000000000000000636F6e736F6c652e6c6f67.
    static let address = try! Address(hex: "0x000000000000000000636F6e736F6c652e6c6f67")

    /// The input of every call to the console address, in execution order.
    private(set) var inputs: [[UInt8]] = []

    func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {
        if to == Self.address { inputs.append(input) }
    }
}

extension TransactionProcessor {
    /// Hardhat's console address (calls to it are recorded when `Context.capturesConsoleLog`).
    public static var consoleAddress: Address { ConsoleCapture.address }
}
