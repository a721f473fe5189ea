import Ethereum
import Node
import Primitives

extension NodeAPI {
    /// Registers `eth_simulateV1(opts, block?)` (execution-apis; geth's simulate.go): blocks of
    /// calls with state and block overrides on top of a retained block, answered as blocks with
    /// `calls` results.
    func registerSimulateMethods(into registry: RPCRegistry) {
        registry.register("eth_simulateV1", params: 1...2) { call in
            let options = try call.params.decode(0, Self.simulateOptions)
            guard !options.blocks.isEmpty else { throw RPCError.invalidParams("empty input") }
            guard UInt64(options.blocks.count) <= BlockSimulator.maxBlocks else { throw RPCError.clientLimitExceeded("too many blocks") }
            var blocks: [SimulationBlock] = []
            blocks.reserveCapacity(options.blocks.count)
            for request in options.blocks { blocks.append(try Self.simulationBlock(request)) }
            let (state, header, fork) = try state(call.params.blockSelector(1, default: .latest))
            let base = BlockSimulator.Base(header: header, hash: header.hash, fork: fork, state: state)
            let settings = node.settings
            switch BlockSimulator.simulate(blocks, base: base, config: chain.config, chainId: settings.chainId,
                                           maxCodeSize: settings.maxCodeSize, validation: options.validation,
                                           traceTransfers: options.traceTransfers) {
            case .failure(let e): throw RPCError(code: e.code, message: e.message)
            case .success(let simulated):
                return .array(simulated.map { Self.simulatedBlockJSON($0, fullTransactions: options.returnFullTransactions) })
            }
        }
    }

    /// The decoded `opts` object.
    struct SimulateOptions {
        struct Block {
            var blockOverrides: BlockOverrides?
            var stateOverrides: StateOverrides
            var calls: [CallRequest]
        }
        var blocks: [Block]
        var traceTransfers: Bool
        var validation: Bool
        var returnFullTransactions: Bool
    }

    /// geth's `simOpts`: `{blockStateCalls: [{blockOverrides?, stateOverrides?, calls?}], traceTransfers?,
    /// validation?, returnFullTransactions?}`.
    static func simulateOptions(_ json: JSON) throws(ParamError) -> SimulateOptions {
        let r = try ObjectReader(json, structName: "simOpts", goType: "ethapi.simOpts")
        let blocks = try r.array("blockStateCalls", goType: "[]ethapi.simBlock") { v, path throws(ParamError) -> SimulateOptions.Block in
            let b = try ObjectReader(v, structName: "simBlock", goType: "ethapi.simBlock", path: path)
            let blockOverrides = try b.optional("blockOverrides") { v, _ throws(ParamError) in try BlockOverrides.decode(v) }
            let stateOverrides = try b.optional("stateOverrides") { v, _ throws(ParamError) in try StateOverrides.decode(v) }
            let calls = try b.array("calls", goType: "[]ethapi.TransactionArgs") { v, _ throws(ParamError) in try CallRequest.decode(v) }
            return SimulateOptions.Block(blockOverrides: blockOverrides, stateOverrides: stateOverrides ?? StateOverrides(), calls: calls ?? [])
        }
        return SimulateOptions(blocks: blocks ?? [], traceTransfers: try r.optional("traceTransfers", ParamDecoding.bool) ?? false,
                               validation: try r.optional("validation", ParamDecoding.bool) ?? false,
                               returnFullTransactions: try r.optional("returnFullTransactions", ParamDecoding.bool) ?? false)
    }

    /// The node's form of one requested block.
    static func simulationBlock(_ request: SimulateOptions.Block) throws(RPCError) -> SimulationBlock {
        var block = SimulationBlock()
        if let o = request.blockOverrides {
            if let n = o.number {
                guard n <= UInt256(UInt64.max) else { throw RPCError.invalidParams("block number \(n.decimalString) out of range") }
                block.overrides.number = n.w0
            }
            block.overrides.time = o.time
            block.overrides.gasLimit = o.gasLimit
            block.overrides.feeRecipient = o.feeRecipient
            block.overrides.prevRandao = o.prevRandao
            block.overrides.baseFeePerGas = o.baseFeePerGas
            block.overrides.blobBaseFee = o.blobBaseFee
            block.overrides.difficulty = o.difficulty
            block.overrides.beaconRoot = o.beaconRoot
            block.overrides.withdrawals = o.withdrawals
        }
        for (address, o) in request.stateOverrides.accounts {
            var a = SimulationAccountOverride()
            a.nonce = o.nonce
            a.code = o.code
            a.balance = o.balance
            a.state = o.state.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.uint256, $0.value.uint256) }) }
            a.stateDiff = o.stateDiff.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.uint256, $0.value.uint256) }) }
            a.movePrecompileToAddress = o.movePrecompileToAddress
            block.stateOverrides.append((address, a))
        }
        for r in request.calls {
            var c = SimulationCall()
            c.from = r.from
            c.to = r.to
            c.gas = r.gas
            c.gasPrice = r.gasPrice
            c.maxFeePerGas = r.maxFeePerGas
            c.maxPriorityFeePerGas = r.maxPriorityFeePerGas
            c.value = r.value
            c.nonce = r.nonce
            c.data = try r.resolvedInput()
            c.accessList = r.accessList
            c.chainId = r.chainId
            c.authorizationList = r.authorizationList
            c.blobVersionedHashes = r.blobVersionedHashes
            c.maxFeePerBlobGas = r.maxFeePerBlobGas
            block.calls.append(c)
        }
        return block
    }

    /// geth's simulated block: the block object (transactions as hashes or, with
    /// `returnFullTransactions`, objects whose `from` is the call's sender) plus `calls`.
    static func simulatedBlockJSON(_ s: SimulatedBlock, fullTransactions: Bool) -> JSON {
        var o = JSON.block(s.block, transactions: fullTransactions ? .full(senders: s.senders) : .hashes, hash: s.hash).objectValue!
        let header = s.block.header
        var calls: [JSON] = []
        calls.reserveCapacity(s.calls.count)
        for (i, c) in s.calls.enumerated() {
            let txHash = s.block.transactions[i].hash
            var r = JSONObject()
            r.append("returnData", .data(c.returnData))
            r.append("logs", .array(c.logs.map { entry in
                .log(entry.log, LogContext(blockHash: s.hash, blockNumber: header.number, blockTimestamp: header.timestamp,
                                           transactionHash: txHash, transactionIndex: UInt64(i), logIndex: entry.index))
            }))
            r.append("gasUsed", .quantity(c.gasUsed))
            r.append("maxUsedGas", .quantity(c.maxUsedGas))
            r.append("status", .quantity(c.succeeded ? 1 : 0))
            if let error = c.error {
                var e = JSONObject()
                var message = error.message
                if error.code == RPCError.executionRevertedCode, let data = error.data, let reason = RevertReason.decode(data) {
                    message += ": " + reason
                }
                e.append("message", .string(message))
                e.append("code", .number(JSONNumber(error.code)))
                if let data = error.data { e.append("data", .data(data)) }
                r.append("error", .object(e))
            }
            calls.append(.object(r))
        }
        o.append("calls", .array(calls))
        return .object(o.sortedByKey())
    }
}
