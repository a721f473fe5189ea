import Ethereum
import Node
import Primitives
import State

extension NodeAPI {
    /// Registers `eth_call` and `eth_estimateGas`, with state overrides (and block overrides for
    /// calls). A revert answers code 3 with the revert data and the decoded reason.
    func registerCallMethods(into registry: RPCRegistry) {
        registry.register("eth_call", params: 1...4) { call in
            let request = try call.params.callRequest(0)
            var (state, environment) = try callContext(call.params.blockSelector(1, default: .latest))
            let stateOverrides = try call.params.stateOverrides(2)
            // Precompiles first: geth's errors about them come before any state is touched.
            do throws(CallError) {
                try environment.overridePrecompiles(stateOverrides.accounts.map { ($0.address, $0.override.movePrecompileToAddress) })
            } catch {
                throw RPCError.server(error.message)
            }
            try apply(stateOverrides, to: &state, precompilesMoved: true)
            if let overrides = try call.params.blockOverrides(3) { apply(overrides, to: &environment) }
            let gas = request.gas ?? min(environment.block.gasLimit, CallSimulator.gasCap)
            let message = try callMessage(request, gas: environment.fork >= .osaka ? min(gas, TransactionRules.maxTransactionGas) : gas)
            let outcome: Result<CallOutcome, CallError>
            if node.configuration.consoleLog {
                let run = CallSimulator.callCapturingConsole(message, state: state, environment: environment)
                node.events.publishCallConsole(run.console)
                outcome = run.outcome
            } else {
                outcome = CallSimulator.call(message, state: state, environment: environment)
            }
            switch outcome {
            case .success(.success(let output, _)): return .data(output)
            case .success(.reverted(let output, _)): throw RPCError.executionReverted(data: output)
            case .success(.halted(let reason, _)): throw RPCError.server(reason)
            case .failure(let error): throw RPCError.server(error.message)
            }
        }
        registry.register("eth_estimateGas", params: 1...3) { call in
            let request = try call.params.callRequest(0)
            var (state, environment) = try callContext(call.params.blockSelector(1, default: .tag(.pending)))
            try apply(call.params.stateOverrides(2), to: &state)
            let message = try callMessage(request, gas: request.gas ?? 0)
            switch CallSimulator.estimateGas(message, state: state, environment: environment, gasGiven: request.gas != nil) {
            case .success(let gas): return .quantity(gas)
            case .failure(.reverted(let output)): throw RPCError.executionReverted(data: output)
            case .failure(.failed(let message)): throw RPCError.server(message)
            }
        }
    }

    /// `eth_createAccessList(request, block?)`: geth's shape — the list, the gas used with it and,
    /// when the message fails, `error` (the revert reason included).
    func registerAccessListMethod(into registry: RPCRegistry) {
        registry.register("eth_createAccessList", params: 1...2) { call in
            let request = try call.params.callRequest(0)
            let (state, environment) = try callContext(call.params.blockSelector(1, default: .latest))
            let gas = request.gas ?? min(environment.block.gasLimit, CallSimulator.gasCap)
            let message = try callMessage(request, gas: environment.fork >= .osaka ? min(gas, TransactionRules.maxTransactionGas) : gas)
            switch CallSimulator.createAccessList(message, state: state, environment: environment) {
            case .failure(let error):
                throw RPCError.server(error.message)
            case .success(let result):
                var o = JSONObject()
                o.append("accessList", .array(result.accessList.map(JSON.accessListEntry)))
                if var error = result.error {
                    if let data = result.revertData, let reason = RevertReason.decode(data) { error += ": " + reason }
                    o.append("error", .string(error))
                }
                o.append("gasUsed", .quantity(result.gasUsed))
                return .object(o)
            }
        }
    }

    /// The state and block environment a call at `selector` runs in: `pending` runs on the head
    /// state in the environment of the next block; other selectors in their own block's.
    func callContext(_ selector: BlockSelector) throws(RPCError) -> (WorldState, CallEnvironment) {
        if selector == .tag(.pending) {
            let head = chain.head
            let next = node.nextBlock()
            return (head.state, CallEnvironment(block: next.environment, fork: next.fork))
        }
        let (state, header, fork) = try state(selector)
        var environment = CallEnvironment(header: header, fork: fork, config: chain.config)
        // Dev settings that are not part of the header: the chain id as set now, the code size limit.
        let settings = node.settings
        environment.block.chainId = settings.chainId
        environment.block.maxCodeSize = settings.maxCodeSize
        return (state, environment)
    }

    /// geth's `TransactionArgs` → message, with `gas` already chosen.
    func callMessage(_ r: CallRequest, gas: UInt64) throws(RPCError) -> CallMessage {
        if r.gasPrice != nil && (r.maxFeePerGas != nil || r.maxPriorityFeePerGas != nil) {
            throw RPCError.server("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified")
        }
        var m = CallMessage(gas: gas)
        m.from = r.from ?? .zero
        m.to = r.to
        m.gasPrice = r.gasPrice
        m.maxFeePerGas = r.maxFeePerGas
        m.maxPriorityFeePerGas = r.maxPriorityFeePerGas
        m.value = r.value ?? .zero
        m.data = try r.resolvedInput()
        m.accessList = r.accessList ?? []
        m.authorizationList = r.authorizationList ?? []
        m.blobVersionedHashes = r.blobVersionedHashes ?? []
        m.maxFeePerBlobGas = r.maxFeePerBlobGas
        return m
    }

    /// Applies geth's state overrides to a copy of the state. `precompilesMoved` says the caller
    /// applied the overrides' precompile moves to the call's environment (eth_call); elsewhere, as
    /// in geth's eth_estimateGas, there is no precompile to move.
    func apply(_ overrides: StateOverrides, to state: inout WorldState, precompilesMoved: Bool = false) throws(RPCError) {
        for (address, o) in overrides.accounts {
            if o.movePrecompileToAddress != nil, !precompilesMoved {
                throw RPCError.server("account \(address.checksummed) is not a precompile")
            }
            let current = state.account(address)
            let code = o.code ?? current.map { state.code($0.codeHash) } ?? []
            var storage = o.state.map { _ in [UInt256: UInt256]() } ?? state.storageEntries(address)
            for (slot, value) in o.state ?? o.stateDiff ?? [:] {
                storage[slot.uint256] = value.uint256.isZero ? nil : value.uint256
            }
            if o.state != nil || o.stateDiff != nil { storage = storage.filter { !$0.value.isZero } }
            state.setAccount(address, nonce: o.nonce ?? current?.nonce ?? 0, balance: o.balance ?? current?.balance ?? .zero,
                             code: code, storage: storage)
        }
    }

    /// Applies geth's block overrides to a call's environment.
    func apply(_ o: BlockOverrides, to environment: inout CallEnvironment) {
        if let v = o.number { environment.block.number = v.w0 }
        if let v = o.difficulty { environment.block.difficulty = v }
        if let v = o.time { environment.block.timestamp = v }
        if let v = o.gasLimit { environment.block.gasLimit = v }
        if let v = o.feeRecipient { environment.block.coinbase = v }
        if let v = o.prevRandao { environment.block.prevRandao = v }
        if let v = o.baseFeePerGas { environment.block.baseFee = v }
        if let v = o.blobBaseFee { environment.block.blobBaseFee = v }
    }
}
