import EVM
import Ethereum
import Execution
import Node
import Primitives
import State
import Storage
import Tracing

/// What a trace_replay* / trace_call asks for (`["trace", "stateDiff", "vmTrace"]`).
struct ParityTraceTypes: Sendable {
    var trace = false
    var stateDiff = false
    var vmTrace = false

    static func decode(_ json: JSON) throws(ParamError) -> ParityTraceTypes {
        guard let list = json.arrayValue else { throw ParamError("trace types: expected an array of strings") }
        var t = ParityTraceTypes()
        for item in list {
            switch item.stringValue {
            case "trace": t.trace = true
            case "stateDiff": t.stateDiff = true
            case "vmTrace": t.vmTrace = true
            default: throw ParamError("trace types: unknown \(item.serializedString)")
            }
        }
        return t
    }
}

/// One transaction's Parity-style traces: the flat call traces (with and without their block
/// location), the top-level output and, when asked for, the state diff.
struct ParityTrace: Sendable {
    var located: [JSON]
    var unlocated: JSON
    var output: [UInt8]
    var stateDiff: JSON?
}

extension NodeAPI {
    /// Registers the Parity / OpenEthereum `trace_*` methods over the same replay as debug_trace*:
    /// traces are geth's flatCallTracer with Parity's error words; `vmTrace` is answered null.
    func registerParityTraceMethods(into registry: RPCRegistry) {
        registry.register("trace_transaction", params: 1...1) { call in
            let (block, index) = try replayBlock(containing: call.params.hash(0))
            return .array(try parityTraces(block, indices: [index], stateDiff: false)[0].get().located)
        }
        registry.register("trace_block", params: 1...1) { call in
            let tag = try call.params.blockTag(0)
            guard let (header, _) = try header(.tag(tag)) else { return .null }
            if header.number == 0 { return .array([]) }
            let block = try replayBlock(header.number)
            let traces = parityTraces(block, indices: Array(block.transactions.indices), stateDiff: false)
            return .array(try traces.flatMap { r throws(RPCError) in try r.get().located })
        }
        registry.register("trace_replayTransaction", params: 2...2) { call in
            let types = try call.params.decode(1, ParityTraceTypes.decode)
            let (block, index) = try replayBlock(containing: call.params.hash(0))
            let trace = try parityTraces(block, indices: [index], stateDiff: types.stateDiff)[0].get()
            return replayJSON(trace, types: types, transactionHash: nil)
        }
        registry.register("trace_replayBlockTransactions", params: 2...2) { call in
            let tag = try call.params.blockTag(0)
            let types = try call.params.decode(1, ParityTraceTypes.decode)
            guard let (header, _) = try header(.tag(tag)) else { return .null }
            if header.number == 0 { return .array([]) }
            let block = try replayBlock(header.number)
            let traces = parityTraces(block, indices: Array(block.transactions.indices), stateDiff: types.stateDiff)
            return .array(try traces.enumerated().map { i, r throws(RPCError) in
                replayJSON(try r.get(), types: types, transactionHash: block.hashes[i])
            })
        }
        registry.register("trace_call", params: 2...3) { call in
            let request = try call.params.callRequest(0)
            let types = try call.params.decode(1, ParityTraceTypes.decode)
            let selector = try call.params.blockSelector(2, default: .latest)
            let (state, environment) = try callContext(selector)
            let gas = request.gas ?? min(environment.block.gasLimit, CallSimulator.gasCap)
            let message = try callMessage(request, gas: environment.fork >= .osaka ? min(gas, TransactionRules.maxTransactionGas) : gas)
            let wantsDiff = types.stateDiff
            let answer: Result<ParityTrace, RPCError> = CallSimulator.onExecutionThread {
                let (tracer, flat, prestate) = Self.parityTracer(stateDiff: wantsDiff)
                if case .failure(let error) = CallSimulator.traced(message, state: state, environment: environment, tracer: tracer) {
                    return .failure(RPCError.server(error.message))
                }
                return .success(Self.parityResult(flat, prestate, location: nil))
            }
            return replayJSON(try answer.get(), types: types, transactionHash: nil)
        }
        registry.register("trace_rawTransaction", params: 2...2) { call in
            let pooled: PooledTransaction
            do { pooled = try PooledTransaction(networkBytes: call.params.bytes(0)) } catch let e as RPCError { throw e } catch {
                throw RPCError.server("\(error)")
            }
            let types = try call.params.decode(1, ParityTraceTypes.decode)
            let head = chain.head, next = node.nextBlock()
            let tx = pooled.transaction
            let sender: Address
            do { sender = try TransactionRules.validate(tx, fork: next.fork, chainId: chain.config.chainId) } catch {
                throw RPCError.server("\(error)")
            }
            let wantsDiff = types.stateDiff
            // As if the transaction were the first of the pending block.
            let answer: Result<ParityTrace, RPCError> = CallSimulator.onExecutionThread {
                let (tracer, flat, prestate) = Self.parityTracer(stateDiff: wantsDiff)
                let context = TransactionProcessor.Context(block: next.environment, fork: next.fork, blobBaseFee: next.blobBaseFee,
                                                           blockGasAvailable: next.environment.gasLimit)
                do {
                    _ = try TransactionProcessor.execute(tx, sender: sender, state: JournaledState(base: head.state), context: context, tracer: tracer)
                } catch {
                    return .failure(RPCError.server("\(error)"))
                }
                return .success(Self.parityResult(flat, prestate, location: nil))
            }
            return replayJSON(try answer.get(), types: types, transactionHash: nil)
        }
        registry.register("trace_filter", params: 1...1) { call in
            let filter = try call.params.decode(0, TraceFilter.decode)
            let head = chain.head.number
            let from = filter.fromBlock.map { number($0, head: chain.head) ?? head } ?? 0
            let to = filter.toBlock.map { number($0, head: chain.head) ?? head } ?? head
            var matched: [JSON] = []
            var skipped = 0
            for n in max(from, 1)...max(to, 1) where n <= to {
                let block = try replayBlock(n)
                for r in parityTraces(block, indices: Array(block.transactions.indices), stateDiff: false) {
                    for trace in try r.get().located where filter.matches(trace) {
                        if skipped < filter.after { skipped += 1; continue }
                        matched.append(trace)
                        if let count = filter.count, matched.count >= count { return .array(matched) }
                    }
                }
            }
            return .array(matched)
        }
    }

    /// The block holding transaction `hash`, and its index there.
    func replayBlock(containing hash: Hash) throws(RPCError) -> (ReplayBlock, Int) {
        guard let location = try storage({ () throws(StorageError) in try database.transactionLocation(hash: hash) }) else {
            throw RPCError.server("transaction not found")
        }
        return (try replayBlock(location.blockNumber), location.index)
    }

    /// Replays `block` and collects Parity traces of the transactions at `indices`.
    func parityTraces(_ block: ReplayBlock, indices: [Int], stateDiff: Bool) -> [Result<ParityTrace, RPCError>] {
        guard let last = indices.max(), !block.transactions.isEmpty else { return [] }
        return CallSimulator.onExecutionThread {
            var tracers: [Int: (FlatCallTracer, PrestateTracer?)] = [:]
            let wanted = Set(indices)
            let outcomes = BlockReplay.run(block.transactions, through: last, context: block.context, parent: block.parent) { i in
                guard wanted.contains(i) else { return nil }
                let (tracer, flat, prestate) = Self.parityTracer(stateDiff: stateDiff)
                tracers[i] = (flat, prestate)
                return tracer
            }
            return indices.map { i -> Result<ParityTrace, RPCError> in
                guard i < outcomes.count, let (flat, prestate) = tracers[i] else { return .failure(RPCError.server("transaction not found")) }
                if case .failure(let error) = outcomes[i] { return .failure(RPCError.server(error.description)) }
                let location = TraceLocation(blockHash: block.hash, blockNumber: block.number, transactionHash: block.hashes[i], index: i)
                return .success(Self.parityResult(flat, prestate, location: location))
            }
        }
    }

    static func parityTracer(stateDiff: Bool) -> (any EVMTracer, FlatCallTracer, PrestateTracer?) {
        let flat = FlatCallTracer(config: FlatCallTracer.Config(convertParityErrors: true))
        guard stateDiff else { return (flat, flat, nil) }
        let prestate = PrestateTracer(config: PrestateTracer.Config(diffMode: true))
        return (MuxTracer([(name: "trace", tracer: flat), (name: "stateDiff", tracer: prestate)]), flat, prestate)
    }

    static func parityResult(_ flat: FlatCallTracer, _ prestate: PrestateTracer?, location: TraceLocation?) -> ParityTrace {
        let entries = flat.result ?? []
        let located = location.map { l in entries.map { JSON.flatCall($0, location: l) } } ?? []
        return ParityTrace(located: located, unlocated: .flatCalls(entries, location: nil),
                           output: entries.first?.frame.output ?? [], stateDiff: prestate.map(JSON.parityStateDiff))
    }

    /// `{output, stateDiff, trace, vmTrace}` (and `transactionHash` in block replays).
    func replayJSON(_ t: ParityTrace, types: ParityTraceTypes, transactionHash: Hash?) -> JSON {
        var o = JSONObject()
        o.append("output", .data(t.output))
        o.append("stateDiff", types.stateDiff ? (t.stateDiff ?? .null) : .null)
        o.append("trace", types.trace ? t.unlocated : .array([]))
        if let transactionHash { o.append("transactionHash", .hash(transactionHash)) }
        o.append("vmTrace", .null)
        return .object(o)
    }
}

/// trace_filter's criteria: a block range, sender and recipient addresses, and paging.
struct TraceFilter: Sendable {
    var fromBlock: BlockTag?
    var toBlock: BlockTag?
    var fromAddress: Set<String> = []
    var toAddress: Set<String> = []
    var after = 0
    var count: Int?

    static func decode(_ json: JSON) throws(ParamError) -> TraceFilter {
        guard let o = json.objectValue else { throw ParamError("trace_filter: expected an object") }
        var f = TraceFilter()
        if let v = o["fromBlock"], !v.isNull { f.fromBlock = try BlockTag.decode(v) }
        if let v = o["toBlock"], !v.isNull { f.toBlock = try BlockTag.decode(v) }
        for (key, keyPath) in [("fromAddress", \TraceFilter.fromAddress), ("toAddress", \TraceFilter.toAddress)] {
            guard let v = o[key], !v.isNull else { continue }
            guard let list = v.arrayValue else { throw ParamError("trace_filter: \(key) must be an array") }
            var set: Set<String> = []
            for item in list { set.insert(try ParamDecoding.address(item).description) }
            f[keyPath: keyPath] = set
        }
        if let v = o["after"], !v.isNull { f.after = try integer(v) }
        if let v = o["count"], !v.isNull { f.count = try integer(v) }
        return f
    }

    /// A JSON number or a hex quantity.
    static func integer(_ v: JSON) throws(ParamError) -> Int {
        if let n = v.numberValue, let i = Int(n.text), i >= 0 { return i }
        return Int(clamping: try ParamDecoding.uint64(v))
    }

    /// Parity's rule: each non-empty address list must match (the recipient of a creation is its new address).
    func matches(_ trace: JSON) -> Bool {
        let action = trace["action"]
        if !fromAddress.isEmpty {
            guard let from = (action?["from"] ?? action?["address"])?.stringValue, fromAddress.contains(from) else { return false }
        }
        if !toAddress.isEmpty {
            guard let to = (action?["to"] ?? trace["result"]?["address"] ?? action?["refundAddress"])?.stringValue,
                  toAddress.contains(to) else { return false }
        }
        return true
    }
}
