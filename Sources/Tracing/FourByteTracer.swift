import EVM
import Primitives

/// geth's `4byteTracer`: how often each function selector was called with each calldata size,
/// keyed `0x<selector>-<size of the arguments>`. Creations and precompiles are left out.
public final class FourByteTracer: EVMTracer {
    public private(set) var counts: [String: Int] = [:]
    var precompiles: Set<Address> = []

    public init() {}

    public func transactionStart(_ transaction: TracedTransaction, host: any Host) {
        precompiles = Set(transaction.precompiles)
    }

    public func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {
        guard input.count >= 4, [0xf1, 0xf2, 0xf4, 0xfa].contains(opcode), !precompiles.contains(to) else { return }
        let key = Hex.encode(input[0..<4]) + "-\(input.count - 4)"
        counts[key, default: 0] += 1
    }
}
