import EVM
import Ethereum
import Execution
import Primitives
import State

// eth_simulateV1, as geth's internal/ethapi/simulate.go runs it.
//
// The request is a list of blocks on top of a base block. `sanitize` fills each block's number
// (parent + 1) and time (parent + 12), rejects numbers and times that do not increase (-38020,
// -38021) and inserts empty blocks into gaps between numbers; at most 256 blocks past the base
// (-38026). Then every block, in order, on one evolving state:
//
//   1. its state overrides are applied to the state (and to the precompile set: an overridden
//      precompile stops being one; `movePrecompileToAddress` runs it at another address);
//   2. the header takes its fields from the overrides and its parent (coinbase, gas limit and
//      difficulty carry over from the block before); the base fee is the parent's successor in
//      `validation` mode and 0 otherwise, unless overridden;
//   3. the pre-block system calls (beacon root, parent hash), then each call as an unsigned
//      type-2 transaction from its `from`: nonce from state, gas the rest of the block (capped by
//      what the whole simulation may still use, 50M). Without `validation` the nonce is not
//      checked and a call naming no fees pays none. A call that cannot run at all ends the whole
//      request with geth's -380xx code; a call that reverts or halts is a result with status 0;
//   4. the post-block work (withdrawals, EIP-7685 requests), the roots, and the block hash,
//      which is then written into the block's logs and kept for BLOCKHASH in later blocks.
//
// Nothing is committed: the state is a copy of the base block's.

/// One call of a simulated block (geth's `TransactionArgs`, every field optional).
public struct SimulationCall: Sendable {
    public var from: Address?
    public var to: Address?
    public var gas: UInt64?
    public var gasPrice: UInt256?
    public var maxFeePerGas: UInt256?
    public var maxPriorityFeePerGas: UInt256?
    public var value: UInt256?
    public var nonce: UInt64?
    /// `input` (or `data`): empty when neither is given.
    public var data: [UInt8] = []
    public var accessList: [AccessListEntry]?
    public var chainId: UInt256?
    public var authorizationList: [Authorization]?
    public var blobVersionedHashes: [Hash]?
    public var maxFeePerBlobGas: UInt256?

    public init() {}
}

/// A simulated block's header overrides (geth's `BlockOverrides`).
public struct SimulationBlockOverrides: Sendable {
    public var number: UInt64?
    public var time: UInt64?
    public var gasLimit: UInt64?
    public var feeRecipient: Address?
    public var prevRandao: Hash?
    public var baseFeePerGas: UInt256?
    public var blobBaseFee: UInt256?
    public var difficulty: UInt256?
    public var beaconRoot: Hash?
    public var withdrawals: [Withdrawal]?

    public init() {}
}

/// One account's override in a simulated block (geth's `OverrideAccount`).
public struct SimulationAccountOverride: Sendable {
    public var nonce: UInt64?
    public var code: [UInt8]?
    public var balance: UInt256?
    /// Replaces the whole storage.
    public var state: [UInt256: UInt256]?
    /// Changes these slots only.
    public var stateDiff: [UInt256: UInt256]?
    public var movePrecompileToAddress: Address?

    public init() {}
}

/// One block of the request.
public struct SimulationBlock: Sendable {
    public var overrides = SimulationBlockOverrides()
    /// In request order.
    public var stateOverrides: [(address: Address, override: SimulationAccountOverride)] = []
    public var calls: [SimulationCall] = []

    public init() {}
}

/// What one call did.
public struct SimulatedCallResult: Sendable {
    public var returnData: [UInt8]
    /// The call's logs (with `traceTransfers`, ERC-7528 transfer logs among them), each with its
    /// index in the block.
    public var logs: [(log: Log, index: UInt64)]
    public var gasUsed: UInt64
    /// Gas used before refunds.
    public var maxUsedGas: UInt64
    public var succeeded: Bool
    /// For a failed call: geth's code (3 revert, -32015 VM error), message and revert data.
    public var error: (code: Int, message: String, data: [UInt8]?)?
}

/// A simulated block: the block, its senders and its calls' results.
public struct SimulatedBlock: Sendable {
    public var block: Block
    public var hash: Hash
    /// The `from` of each transaction (the block's transactions are unsigned).
    public var senders: [Address]
    public var calls: [SimulatedCallResult]
}

/// Why a simulation was refused, with geth's code.
public struct SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public init(code: Int, _ message: String) { self.code = code; self.message = message }
    public var description: String { message }

    static func server(_ message: String) -> SimulationError { SimulationError(code: -32000, message) }
}

/// Runs eth_simulateV1 requests (the story is at the top of this file).
public enum BlockSimulator {
    /// geth's `maxSimulateBlocks`.
    public static let maxBlocks: UInt64 = 256
    /// geth's default time step between simulated blocks.
    public static let timestampIncrement: UInt64 = 12
    /// ERC-7528: the address standing for ETH in transfer logs.
    public static let etherAddress = try! Address(hex: "0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE")
    /// keccak256("Transfer(address,address,uint256)").
    public static let transferTopic = try! Hash(hex: "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")

    /// The base block: its header, hash, fork and state.
    public struct Base: Sendable {
        public var header: Header
        public var hash: Hash
        public var fork: Fork
        public var state: WorldState
        public init(header: Header, hash: Hash, fork: Fork, state: WorldState) {
            self.header = header; self.hash = hash; self.fork = fork; self.state = state
        }
    }

    /// Runs the simulation on a large-stack thread.
    /// `chainId` and `maxCodeSize` are the node's current ones (dev chains change them at run time).
    public static func simulate(_ blocks: [SimulationBlock], base: Base, config: ChainConfig, chainId: UInt64,
                                maxCodeSize: Int = BlockEnvironment.standardMaxCodeSize, validation: Bool,
                                traceTransfers: Bool, gasCap: UInt64 = CallSimulator.gasCap) -> Result<[SimulatedBlock], SimulationError> {
        CallThreads.shared.run {
            do throws(SimulationError) {
                var run = Run(base: base, config: config, chainId: chainId, maxCodeSize: maxCodeSize, validation: validation,
                              traceTransfers: traceTransfers, gasLeft: gasCap)
                return .success(try run.execute(blocks))
            } catch {
                return .failure(error)
            }
        }
    }

    /// One simulation's evolving state.
    struct Run {
        let base: Base
        let config: ChainConfig
        let chainId: UInt64
        let maxCodeSize: Int
        let validation: Bool
        let traceTransfers: Bool
        /// What the whole simulation may still use (geth's gas pool).
        var gasLeft: UInt64
        var state: WorldState

        init(base: Base, config: ChainConfig, chainId: UInt64, maxCodeSize: Int, validation: Bool, traceTransfers: Bool, gasLeft: UInt64) {
            self.base = base; self.config = config; self.chainId = chainId; self.maxCodeSize = maxCodeSize
            self.validation = validation; self.traceTransfers = traceTransfers
            self.gasLeft = gasLeft; self.state = base.state
        }

        mutating func execute(_ requested: [SimulationBlock]) throws(SimulationError) -> [SimulatedBlock] {
            let blocks = try sanitize(requested)
            var parent = (header: base.header, hash: base.hash, fork: base.fork)
            // Coinbase, gas limit and difficulty carry over from block to block.
            var inherited = (coinbase: base.header.coinbase, gasLimit: base.header.gasLimit, difficulty: base.header.difficulty)
            var out: [SimulatedBlock] = []
            out.reserveCapacity(blocks.count)
            for block in blocks {
                let o = block.overrides
                if let v = o.feeRecipient { inherited.coinbase = v }
                if let v = o.gasLimit { inherited.gasLimit = v }
                if let v = o.difficulty { inherited.difficulty = v }
                let simulated = try process(block, parent: parent, coinbase: inherited.coinbase, gasLimit: inherited.gasLimit,
                                            difficulty: inherited.difficulty)
                parent = (simulated.block.header, simulated.hash, config.fork(atBlock: simulated.block.header.number,
                                                                             timestamp: simulated.block.header.timestamp,
                                                                             merged: base.fork >= .paris ? true : nil))
                out.append(simulated)
            }
            return out
        }

        /// Numbers and times filled in and checked; gaps filled with empty blocks.
        func sanitize(_ blocks: [SimulationBlock]) throws(SimulationError) -> [SimulationBlock] {
            var out: [SimulationBlock] = []
            var previousNumber = base.header.number
            var previousTime = base.header.timestamp
            for var block in blocks {
                let number = block.overrides.number ?? previousNumber &+ 1
                block.overrides.number = number
                guard number > previousNumber else {
                    throw SimulationError(code: -38020, "block numbers must be in order: \(number) <= \(previousNumber)")
                }
                guard number - base.header.number <= maxBlocks else { throw SimulationError(code: -38026, "too many blocks") }
                var filler = previousNumber + 1
                while filler < number {
                    var empty = SimulationBlock()
                    previousTime += timestampIncrement
                    empty.overrides.number = filler
                    empty.overrides.time = previousTime
                    out.append(empty)
                    filler += 1
                }
                previousNumber = number
                if let time = block.overrides.time {
                    guard time > previousTime else {
                        throw SimulationError(code: -38021, "block timestamps must be in order: \(time) <= \(previousTime)")
                    }
                    previousTime = time
                } else {
                    previousTime += timestampIncrement
                    block.overrides.time = previousTime
                }
                out.append(block)
            }
            return out
        }

        mutating func process(_ block: SimulationBlock, parent: (header: Header, hash: Hash, fork: Fork), coinbase: Address,
                              gasLimit: UInt64, difficulty: UInt256) throws(SimulationError) -> SimulatedBlock {
            let o = block.overrides
            let number = o.number!, time = o.time!
            let fork = config.fork(atBlock: number, timestamp: time, merged: base.fork >= .paris ? true : nil)
            var baseFee: UInt256?
            if fork >= .london {
                baseFee = o.baseFeePerGas ?? (validation ? HeaderRules.nextBaseFee(parent: parent.header, parentFork: parent.fork) : .zero)
            }
            let schedule = config.blobSchedule(for: fork)
            var excessBlobGas: UInt64?
            if fork >= .cancun {
                let parentSchedule = config.blobSchedule(for: parent.fork) ?? schedule!
                excessBlobGas = parent.fork >= .cancun
                    ? HeaderRules.nextExcessBlobGas(parent: parent.header, schedule: parentSchedule, fork: fork) : 0
            }
            let blobBaseFee = o.blobBaseFee ?? schedule?.blobBaseFee(excessBlobGas: excessBlobGas ?? 0)
            var environment = BlockEnvironment(number: number, coinbase: coinbase, timestamp: time, gasLimit: gasLimit, baseFee: baseFee,
                                               difficulty: difficulty, prevRandao: o.prevRandao ?? .zero, blobBaseFee: blobBaseFee,
                                               chainId: chainId)
            environment.maxCodeSize = maxCodeSize
            // The base block's precompiles (as geth: `activePrecompiles(sim.base)`), changed by the
            // overrides; the EVM of every call and system call of the block runs them.
            var precompiles = PrecompileSet.forFork(base.fork)
            try applyOverrides(block.stateOverrides, precompiles: &precompiles)
            environment.precompiles = precompiles
            let withdrawals: [Withdrawal]? = fork >= .shanghai ? (o.withdrawals ?? []) : nil
            let beaconRoot: Hash? = fork >= .cancun ? (o.beaconRoot ?? .zero) : nil
            let context = BlockContext(environment: environment, fork: fork, blobSchedule: schedule, excessBlobGas: excessBlobGas ?? 0,
                                       parentHash: parent.hash, parentBeaconBlockRoot: beaconRoot, withdrawals: withdrawals,
                                       ommers: [], depositContract: config.depositContractAddress)


            let journal = JournaledState(base: state)
            SystemCalls.preBlock(state: journal, context: context)
            var transactions: [Transaction] = []
            var senders: [Address] = []
            var receipts: [Receipt] = []
            var results: [SimulatedCallResult] = []
            var gasUsed: UInt64 = 0
            var blobGasUsed: UInt64 = 0
            var bloom = Bloom()
            var logIndex: UInt64 = 0
            for call in block.calls {
                let (tx, sender, executed) = try prepare(call, journal: journal, environment: environment, fork: fork, gasUsed: gasUsed)
                var env = environment
                // A call naming no fees pays none, whatever the base fee (geth's NoBaseFee).
                let paysNoFees = executed.maxFeePerGas.isZero && executed.maxPriorityFeePerGas.isZero
                if !validation, paysNoFees, env.baseFee != nil { env.baseFee = .zero }
                let txContext = TransactionProcessor.Context(block: env, fork: fork,
                                                             blobBaseFee: !validation && (executed.maxFeePerBlobGas.isZero) ? .zero : blobBaseFee,
                                                             blockGasAvailable: gasLimit - gasUsed, isSimulation: true)
                let result: TransactionResult
                let tracer = traceTransfers ? SimulationLogTracer(traceTransfers: true) : nil
                do {
                    result = try TransactionProcessor.execute(executed, sender: sender, state: journal, context: txContext, tracer: tracer)
                } catch {
                    throw BlockSimulator.validationError(error, sender: sender, supplied: executed.gasLimit)
                }
                gasUsed += result.gasUsed
                blobGasUsed += result.blobGasUsed
                gasLeft -= min(gasLeft, result.gasUsed)
                let receipt = Receipt(type: tx.type, outcome: .status(result.succeeded), cumulativeGasUsed: gasUsed, logs: result.logs)
                bloom.formUnion(receipt.logsBloom)
                receipts.append(receipt)
                transactions.append(tx)
                senders.append(sender)

                // With traceTransfers the tracer's logs (transfers among the calls' logs), else the
                // receipt's; a failed call has none either way.
                var logs: [(log: Log, index: UInt64)] = []
                for log in tracer?.logs ?? result.logs {
                    logs.append((log, logIndex))
                    logIndex += 1
                }
                var error: (code: Int, message: String, data: [UInt8]?)?
                if !result.succeeded {
                    if result.status.isRevert {
                        // The RPC layer adds the decoded reason, as eth_call's errors do.
                        error = (3, "execution reverted", result.output)
                    } else {
                        error = (-32015, CallSimulator.vmErrorText(result.status), nil)
                    }
                }
                results.append(SimulatedCallResult(returnData: result.output, logs: logs, gasUsed: result.gasUsed,
                                                   maxUsedGas: result.gasUsedBeforeRefunds, succeeded: result.succeeded, error: error))
            }
            // Deposits come from the logs of the calls that succeeded, as in a block.
            let requests = SystemCalls.postBlock(state: journal, context: context, receipts: receipts)
            state.apply(journal.changes())

            var header = Header(parentHash: parent.hash, coinbase: coinbase, stateRoot: state.stateRoot(),
                                transactionsRoot: Block.transactionsRoot(transactions), receiptsRoot: Block.receiptsRoot(receipts),
                                logsBloom: bloom, difficulty: difficulty, number: number, gasLimit: gasLimit, gasUsed: gasUsed,
                                timestamp: time, extraData: [], mixHash: o.prevRandao ?? .zero, nonce: 0)
            header.baseFeePerGas = baseFee
            if let withdrawals { header.withdrawalsRoot = Block.withdrawalsRoot(withdrawals) }
            if fork >= .cancun {
                header.blobGasUsed = blobGasUsed
                header.excessBlobGas = excessBlobGas
                header.parentBeaconBlockRoot = beaconRoot
            }
            if fork >= .prague { header.requestsHash = Requests.hash(requests ?? []) }
            let simulated = Block(header: header, transactions: transactions, ommers: [], withdrawals: withdrawals)
            let hash = header.hash
            state.blockHashes[number] = hash
            if number > 256 { state.blockHashes[number - 257] = nil }
            return SimulatedBlock(block: simulated, hash: hash, senders: senders, calls: results)
        }

        /// geth's `sanitizeCall` and `CallDefaults`: the transaction the block lists, its sender,
        /// and the transaction that runs (the state's nonce when nonces are not checked; a
        /// legacy `gasPrice` as both fee caps).
        mutating func prepare(_ call: SimulationCall, journal: JournaledState, environment: BlockEnvironment, fork: Fork,
                              gasUsed: UInt64) throws(SimulationError) -> (Transaction, Address, Transaction) {
            let sender = call.from ?? .zero
            let stateNonce = journal.account(sender)?.nonce ?? 0
            var gas = call.gas ?? (environment.gasLimit - gasUsed)
            if gasUsed + gas > environment.gasLimit {
                throw SimulationError(code: -38015, "block gas limit reached: \(gasUsed) >= \(environment.gasLimit)")
            }
            if call.gasPrice != nil && (call.maxFeePerGas != nil || call.maxPriorityFeePerGas != nil) {
                throw .server("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified")
            }
            if let have = call.chainId, have != UInt256(chainId) {
                throw .server("chainId does not match node's (have=\(have.decimalString), want=\(chainId))")
            }
            gas = min(gas, gasLeft)
            var tx = Transaction(type: .dynamicFee, chainId: chainId, nonce: call.nonce ?? stateNonce)
            if call.authorizationList != nil {
                tx.type = .setCode
            } else if call.blobVersionedHashes != nil {
                tx.type = .blob
            }
            tx.maxFeePerGas = call.maxFeePerGas ?? .zero
            tx.maxPriorityFeePerGas = call.maxPriorityFeePerGas ?? .zero
            tx.gasLimit = gas
            tx.to = call.to
            tx.value = call.value ?? .zero
            tx.data = call.data
            tx.accessList = call.accessList ?? []
            tx.authorizationList = call.authorizationList ?? []
            tx.blobVersionedHashes = call.blobVersionedHashes ?? []
            tx.maxFeePerBlobGas = call.maxFeePerBlobGas ?? .zero

            var executed = tx
            if !validation { executed.nonce = stateNonce }
            if let price = call.gasPrice {
                executed.maxFeePerGas = price
                executed.maxPriorityFeePerGas = price
            }
            let intrinsic = TransactionRules.intrinsicGas(executed, fork: fork)
            if executed.gasLimit < intrinsic.minimum {
                throw SimulationError(code: -38013, "err: intrinsic gas too low: have \(executed.gasLimit), want \(intrinsic.minimum) (supplied gas \(executed.gasLimit))")
            }
            if fork >= .shanghai, executed.to == nil, executed.data.count > 2 * maxCodeSize {
                throw SimulationError(code: -38025, "err: max initcode size exceeded: code size \(executed.data.count), limit \(2 * maxCodeSize) (supplied gas \(executed.gasLimit))")
            }
            if validation, executed.maxPriorityFeePerGas > executed.maxFeePerGas {
                throw SimulationError(code: -32602, "err: max priority fee per gas higher than max fee per gas: address \(sender.checksummed), maxPriorityFeePerGas: \(executed.maxPriorityFeePerGas.decimalString), maxFeePerGas: \(executed.maxFeePerGas.decimalString) (supplied gas \(executed.gasLimit))")
            }
            return (tx, sender, executed)
        }

        /// Applies one block's state overrides to the precompile set and the state, with geth's
        /// errors (-32000).
        mutating func applyOverrides(_ overrides: [(address: Address, override: SimulationAccountOverride)],
                                     precompiles: inout PrecompileSet) throws(SimulationError) {
            do {
                try PrecompileOverrides.apply(overrides.map { ($0.address, $0.override.movePrecompileToAddress) }, to: &precompiles)
            } catch {
                throw .server(error.message)
            }
            for (address, o) in overrides {
                let current = state.account(address)
                let code = o.code ?? current.map { state.code($0.codeHash) } ?? []
                var storage = o.state.map { _ in [UInt256: UInt256]() } ?? state.storageEntries(address)
                for (slot, value) in o.state ?? o.stateDiff ?? [:] { storage[slot] = value.isZero ? nil : value }
                state.setAccount(address, nonce: o.nonce ?? current?.nonce ?? 0, balance: o.balance ?? current?.balance ?? .zero,
                                 code: code, storage: storage)
            }
        }
    }

    /// An ERC-7528 log of an ETH transfer, as geth's simulate tracer writes it.
    static func transferLog(from: Address, to: Address, value: UInt256) -> Log {
        Log(address: etherAddress, topics: [transferTopic, Hash(addressWord: from), Hash(addressWord: to)], data: value.bigEndianBytes)
    }

    /// geth's `txValidationError`: the code for why a call could not run, and its message as
    /// `applyMessage` wraps it.
    static func validationError(_ error: TransactionError, sender: Address, supplied gas: UInt64) -> SimulationError {
        let address = sender.checksummed
        let (code, message): (Int, String)
        switch error {
        case .nonceTooLow(let state, let tx): (code, message) = (-38010, "nonce too low: address \(address), tx: \(tx) state: \(state)")
        case .nonceTooHigh(let state, let tx): (code, message) = (-38011, "nonce too high: address \(address), tx: \(tx) state: \(state)")
        case .feeCapBelowBaseFee(let cap, let baseFee):
            (code, message) = (-38012, "max fee per gas less than block base fee: address \(address), maxFeePerGas: \(cap.decimalString), baseFee: \(baseFee.decimalString)")
        case .insufficientFunds(let have, let want):
            (code, message) = (-38014, "insufficient funds for gas * price + value: address \(address) have \(have.decimalString) want \(want.decimalString)")
        case .senderNotEOA: (code, message) = (-38024, "sender not an eoa: address \(address)")
        case .gasLimitExceedsBlock: (code, message) = (-38015, "gas limit reached")
        default: (code, message) = (-32603, error.description)
        }
        return SimulationError(code: code, "err: \(message) (supplied gas \(gas))")
    }
}

extension Hash {
    /// An address left-padded to 32 bytes (a log topic).
    init(addressWord address: Address) { self = try! Hash([UInt8](repeating: 0, count: 12) + address.bytes) }
}
