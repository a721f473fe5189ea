import EVM
import Ethereum
import Execution
import Node
import Primitives
import State
import Storage
import Tracing

/// A block prepared for replay: its transactions with senders and hashes, the context it ran
/// in and its parent's state.
struct ReplayBlock: Sendable {
    var number: UInt64
    var hash: Hash
    var transactions: [BlockTransaction]
    var hashes: [Hash]
    var context: BlockContext
    var parent: WorldState
}

extension NodeAPI {
    /// Registers geth's debug_trace* methods: a transaction, a block by number or hash, and a call,
    /// each with the tracer named in the options (the struct logger by default).
    func registerTraceMethods(into registry: RPCRegistry) {
        registry.register("debug_traceTransaction", params: 1...2) { call in
            let hash = try call.params.hash(0)
            let config = try traceConfig(call.params, 1)
            guard let stored = try storage({ () throws(StorageError) in try database.transaction(hash: hash) }) else {
                throw RPCError.server("transaction not found")
            }
            let block = try replayBlock(stored.location.blockNumber)
            return try trace(block, indices: [stored.location.index], config: config)[0].get()
        }
        registry.register("debug_traceBlockByNumber", params: 1...2) { call in
            let tag = try call.params.blockTag(0)
            let config = try traceConfig(call.params, 1)
            guard let (header, _) = try header(.tag(tag)) else { throw RPCError.server("block #\(tag) not found") }
            return try traceWholeBlock(replayBlock(header.number), config: config)
        }
        registry.register("debug_traceBlockByHash", params: 1...2) { call in
            let hash = try call.params.hash(0)
            let config = try traceConfig(call.params, 1)
            guard let number = try storage({ () throws(StorageError) in try database.blockNumber(hash: hash) }) else {
                throw RPCError.server("block \(hash) not found")
            }
            return try traceWholeBlock(replayBlock(number), config: config)
        }
        registry.register("debug_traceCall", params: 1...3) { call in
            let request = try call.params.callRequest(0)
            let selector = try call.params.blockSelector(1, default: .latest)
            let config = try traceConfig(call.params, 2)
            var (state, environment) = try callContext(selector)
            try apply(config.stateOverrides, to: &state)
            if let overrides = config.blockOverrides { apply(overrides, to: &environment) }
            let gas = request.gas ?? min(environment.block.gasLimit, CallSimulator.gasCap)
            let message = try callMessage(request, gas: environment.fork >= .osaka ? min(gas, TransactionRules.maxTransactionGas) : gas)
            let named = try header(selector)
            let location = TraceLocation(blockHash: named?.hash ?? .zero, blockNumber: environment.block.number, transactionHash: nil, index: 0)
            let spec = config.tracer, timeout = config.timeout
            let frozen = state, env = environment
            let answer: Result<JSON, RPCError> = CallSimulator.onExecutionThread {
                let built = BuiltTracer(spec)
                let deadline = DeadlineTracer(built.evmTracer, timeout: timeout)
                switch CallSimulator.traced(message, state: frozen, environment: env, tracer: deadline) {
                case .failure(let error): return .failure(RPCError.server(error.message))
                case .success:
                    if deadline.checkExpired() { return .failure(RPCError.server("execution timeout")) }
                    return .success(built.json(location))
                }
            }
            return try answer.get()
        }
    }

    /// The trace options at `index` (defaults when absent); an unknown tracer is geth's -32000.
    func traceConfig(_ params: RPCParams, _ index: Int) throws(RPCError) -> TraceConfig {
        let config = try params.optional(index, TraceConfig.decode) ?? TraceConfig()
        guard config.tracer.isKnown else { throw RPCError.server("tracer not found") }
        return config
    }

    /// Block `number` with its senders, context and parent state; geth's errors for the genesis
    /// block and for a parent whose state is no longer kept.
    func replayBlock(_ number: UInt64) throws(RPCError) -> ReplayBlock {
        guard number > 0 else { throw RPCError.server("genesis is not traceable") }
        guard let block = try storage({ () throws(StorageError) in try database.block(number: number) }),
              let parentHeader = try storage({ () throws(StorageError) in try database.header(number: number - 1) }) else {
            throw RPCError.server("block #\(number) not found")
        }
        guard let parent = chain.state(atBlock: number - 1) else {
            throw RPCError.server("historical state \(parentHeader.stateRoot) is not available")
        }
        let stored = try storage { () throws(StorageError) in try database.transactions(blockNumber: number) }
        let header = block.header
        let config = chain.config
        let fork = config.fork(atBlock: header.number, timestamp: header.timestamp,
                               merged: config.terminalTotalDifficulty == .zero ? true : nil)
        let context = BlockContext(block: block, fork: fork, config: config)
        return ReplayBlock(number: number, hash: header.hash,
                           transactions: stored.map { BlockTransaction(transaction: $0.transaction, sender: $0.sender) },
                           hashes: stored.map(\.hash), context: context, parent: parent)
    }

    /// Replays `block` up to the last of `indices` and answers each traced transaction's result.
    func trace(_ block: ReplayBlock, indices: [Int], config: TraceConfig) -> [Result<JSON, RPCError>] {
        guard let last = indices.max(), !block.transactions.isEmpty else { return [] }
        let spec = config.tracer, timeout = config.timeout
        return CallSimulator.onExecutionThread {
            var tracers: [Int: (built: BuiltTracer, deadline: DeadlineTracer)] = [:]
            let wanted = Set(indices)
            let outcomes = BlockReplay.run(block.transactions, through: last, context: block.context, parent: block.parent) { i in
                guard wanted.contains(i) else { return nil }
                let built = BuiltTracer(spec)
                let deadline = DeadlineTracer(built.evmTracer, timeout: timeout)
                tracers[i] = (built, deadline)
                return deadline
            }
            return indices.map { i -> Result<JSON, RPCError> in
                guard i < outcomes.count, let traced = tracers[i] else { return .failure(RPCError.server("transaction not found")) }
                if case .failure(let error) = outcomes[i] { return .failure(RPCError.server(error.description)) }
                if traced.deadline.checkExpired() { return .failure(RPCError.server("execution timeout")) }
                let location = TraceLocation(blockHash: block.hash, blockNumber: block.number, transactionHash: block.hashes[i], index: i)
                return .success(traced.built.json(location))
            }
        }
    }

    /// geth's block trace: `[{txHash, result}]`, or `{txHash, error}` for a transaction that failed.
    func traceWholeBlock(_ block: ReplayBlock, config: TraceConfig) -> JSON {
        let results = trace(block, indices: Array(block.transactions.indices), config: config)
        return .array(results.enumerated().map { i, result in
            var o = JSONObject()
            o.append("txHash", .hash(block.hashes[i]))
            switch result {
            case .success(let json): o.append("result", json)
            case .failure(let error): o.append("error", .string(error.message))
            }
            return .object(o)
        })
    }
}
