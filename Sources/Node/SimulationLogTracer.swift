import EVM
import Ethereum
import Primitives

/// The logs of one simulated call as geth's simulate tracer (internal/ethapi/logtracer.go)
/// collects them: each frame keeps its own logs, a frame that fails drops its logs (and the
/// transfers in it), a frame that succeeds hands them to its caller, and a failed transaction
/// has none. With `traceTransfers`, every frame that moves ETH — the transaction's value, CALL
/// and CREATE values, SELFDESTRUCT balances, but not CALLCODE or DELEGATECALL, which move
/// nothing — adds an ERC-7528 transfer log at the point the frame opens.
final class SimulationLogTracer: EVMTracer {
    private let traceTransfers: Bool
    private var frames: [[Log]] = []

    init(traceTransfers: Bool) { self.traceTransfers = traceTransfers }

    /// The call's logs, in order (empty when it failed).
    var logs: [Log] { frames.first ?? [] }

    func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {
        frames.append([])
        guard traceTransfers, opcode != 0xf2, opcode != 0xf4, let value, !value.isZero else { return }
        frames[frames.count - 1].append(BlockSimulator.transferLog(from: from, to: to, value: value))
    }

    func exit(depth: Int, output: [UInt8], gasUsed: Int64, fault: TraceFault?) {
        if depth == 0 {
            if fault != nil, !frames.isEmpty { frames[0] = [] }
            return
        }
        guard frames.count > 1 else { return }
        let frame = frames.removeLast()
        if fault == nil { frames[frames.count - 1] += frame }
    }

    func log(_ log: EVMLog) {
        guard !frames.isEmpty else { return }
        frames[frames.count - 1].append(Log(address: log.address, topics: log.topics, data: log.data))
    }
}
