import Ethereum
import EVM
import Execution
import Primitives
import State
import Storage

/// The header fields of the next block that execution needs before it runs.
public struct NextBlock: Sendable {
    public var number: UInt64
    public var timestamp: UInt64
    public var fork: Fork
    public var gasLimit: UInt64
    public var baseFee: UInt256?
    public var blobSchedule: BlobSchedule?
    public var excessBlobGas: UInt64?
    public var difficulty: UInt256
    public var prevRandao: Hash
    public var coinbase: Address
    public var chainId: UInt64
    /// Largest deployable code (EIP-170 unless the dev chain raises it).
    public var maxCodeSize = BlockEnvironment.standardMaxCodeSize

    /// The EVM's block environment.
    public var environment: BlockEnvironment {
        var e = BlockEnvironment(number: number, coinbase: coinbase, timestamp: timestamp, gasLimit: gasLimit, baseFee: baseFee,
                                 difficulty: difficulty, prevRandao: prevRandao, blobBaseFee: blobBaseFee, chainId: chainId)
        e.maxCodeSize = maxCodeSize
        return e
    }

    /// The blob base fee (nil before Cancun).
    public var blobBaseFee: UInt256? { blobSchedule?.blobBaseFee(excessBlobGas: excessBlobGas ?? 0) }

    /// Most blobs the block may carry (0 before Cancun).
    public var maxBlobs: UInt64 { blobSchedule?.max ?? 0 }

    /// What the mempool validates against for this block.
    public var mempoolContext: MempoolContext {
        var context = MempoolContext(chainId: chainId, fork: fork, baseFee: baseFee, blockGasLimit: gasLimit, blobSchedule: blobSchedule)
        context.maxInitcodeSize = 2 * maxCodeSize
        return context
    }
}

/// Builds blocks on the chain head: picks executable transactions from the pool by effective tip
/// (each sender in nonce order) until the gas limit and blob limit are reached, runs them through
/// the block executor, drops the ones that turn out invalid, and assembles the header with every
/// root the fork requires.
public struct BlockBuilder: Sendable {
    public let config: ChainConfig
    public let executor: any BlockExecutor
    public let coinbase: Address
    /// The gas limit of built blocks (the genesis gas limit, or `--gas-limit`).
    public let gasLimit: UInt64
    /// Decode the console.log calls of built blocks' transactions (`ProducedBlock.consoleLogs`).
    public var capturesConsoleLog = false

    public init(config: ChainConfig, executor: any BlockExecutor, coinbase: Address = .zero, gasLimit: UInt64) {
        self.config = config; self.executor = executor; self.coinbase = coinbase; self.gasLimit = gasLimit
    }

    /// The parameters of the child of the block with `header`, `hash` and `fork`. `timestamp`
    /// overrides the clock; otherwise the block takes the current time, at least one second after
    /// its parent.
    public func next(after header: Header, hash: Hash, fork parentFork: Fork, timestamp: UInt64? = nil, now: UInt64) -> NextBlock {
        let number = header.number + 1
        let time = timestamp ?? max(now, header.timestamp + 1)
        let merged = parentFork >= .paris || config.terminalTotalDifficulty == .zero
        let fork = config.fork(atBlock: number, timestamp: time, merged: merged ? true : nil)
        let schedule = config.blobSchedule(for: fork)
        var excess: UInt64?
        if let schedule {
            let parentSchedule = config.blobSchedule(for: parentFork) ?? schedule
            excess = parentFork >= .cancun ? HeaderRules.nextExcessBlobGas(parent: header, schedule: parentSchedule, fork: fork) : 0
        }
        let difficulty = fork >= .paris ? UInt256.zero
            : ProofOfWork.difficulty(parent: header, timestamp: time, fork: fork, bombDelay: config.bombDelay(atBlock: number, fork: fork))
        return NextBlock(number: number, timestamp: time, fork: fork, gasLimit: gasLimit,
                         baseFee: fork >= .london ? HeaderRules.nextBaseFee(parent: header, parentFork: parentFork) : nil,
                         blobSchedule: schedule, excessBlobGas: excess, difficulty: difficulty,
                         prevRandao: fork >= .paris ? Self.prevRandao(after: hash) : .zero, coinbase: coinbase, chainId: config.chainId)
    }

    /// A dev block's prevRandao: the Keccak-256 of its parent's hash (hashed from the stack).
    static func prevRandao(after parentHash: Hash) -> Hash {
        var bigEndian = (parentHash.w0.bigEndian, parentHash.w1.bigEndian, parentHash.w2.bigEndian, parentHash.w3.bigEndian)
        return withUnsafeBytes(of: &bigEndian) { Keccak256.hash($0) }
    }

    /// Takes transactions from `heap` in price-and-nonce order while they fit the block's gas
    /// and blob limits; a sender whose next transaction does not fit leaves the heap (its later
    /// nonces cannot run without it).
    public func select(from heap: inout TransactionPriceHeap, next: NextBlock, limit: Int = .max) -> [PoolTransaction] {
        var chosen: [PoolTransaction] = []
        var gasLeft = next.gasLimit
        var blobsLeft = next.maxBlobs
        while chosen.count < limit, let tx = heap.peek() {
            let blobs = UInt64(tx.transaction.blobVersionedHashes.count)
            if tx.transaction.gasLimit > gasLeft || blobs > blobsLeft {
                heap.pop()
                if gasLeft < 21_000 { break }
                continue
            }
            gasLeft -= tx.transaction.gasLimit
            blobsLeft -= blobs
            chosen.append(tx)
            heap.shift()
        }
        return chosen
    }

    /// The outcome of building one block.
    public struct Built: Sendable {
        public var produced: ProducedBlock
        public var changes: StateChanges
        public var state: WorldState
        /// Pool hashes the builder found invalid and that should leave the pool.
        public var invalid: [Hash]
    }

    /// Executes `candidates` on `parent` as block `next` and assembles the block. Must run on a
    /// thread with a large stack (the EVM recurses).
    public func build(on parent: HeadSnapshot, next: NextBlock, candidates: [PoolTransaction],
                      impersonated: (Address) -> Bool = { _ in false }) -> Built {
        var state = parent.state
        let (produced, changes, invalid) = build(onto: &state, parentHash: parent.hash, next: next, candidates: candidates,
                                                 impersonated: impersonated)
        return Built(produced: produced, changes: changes, state: state, invalid: invalid)
    }

    /// `build` on a state the caller owns: `state` is the parent's state on entry and the block's
    /// post-state on return, changed in place (no copy when the caller holds the only reference:
    /// what lets `anvil_mine` produce a million blocks in linear time).
    func build(onto state: inout WorldState, parentHash: Hash, next: NextBlock, candidates: [PoolTransaction],
               impersonated: (Address) -> Bool = { _ in false }, executor override: (any BlockExecutor)? = nil)
        -> (produced: ProducedBlock, changes: StateChanges, invalid: [Hash]) {
        let items = candidates.map {
            BlockTransaction(transaction: $0.transaction, sender: $0.sender, senderMayHaveCode: impersonated($0.sender))
        }
        let withdrawals: [Withdrawal]? = next.fork >= .shanghai ? [] : nil
        var context = BlockContext(environment: next.environment, fork: next.fork, blobSchedule: next.blobSchedule,
                                   excessBlobGas: next.excessBlobGas ?? 0, parentHash: parentHash,
                                   parentBeaconBlockRoot: next.fork >= .cancun ? Hash.zero : nil, withdrawals: withdrawals,
                                   ommers: [], depositContract: config.depositContractAddress)
        context.capturesConsoleLog = capturesConsoleLog
        let output = (override ?? executor).execute(items, context: context, parent: state, stopOnInvalid: false)

        var dropped: [(hash: Hash, reason: String)] = []
        var invalid: [Hash] = []
        for (index, error) in output.invalid {
            let hash = candidates[index].hash
            dropped.append((hash, error.description))
            // A later nonce that failed only because an earlier one was dropped stays in the pool
            // (it becomes queued); everything else cannot succeed and leaves.
            if case .nonceTooHigh = error { continue }
            invalid.append(hash)
        }
        let included = output.included.map { candidates[$0] }
        let transactions = included.map(\.transaction)
        let receipts = context.needsIntermediateStateRoots ? output.receiptsWithIntermediateStateRoots(parent: state) : output.receipts

        state.apply(output.changes)
        let (block, encodedHeader, hash) = seal(&state, parentHash: parentHash, next: next, transactions: transactions,
                                                receipts: receipts, logsBloom: output.logsBloom, gasUsed: output.gasUsed,
                                                blobGasUsed: output.blobGasUsed, requests: output.requests ?? [])

        let blobBaseFee = next.blobBaseFee
        var details: [ReceiptDetails] = []
        details.reserveCapacity(receipts.count)
        for (i, receipt) in receipts.enumerated() {
            let result = output.results[i]
            let isBlob = transactions[i].type == .blob
            details.append(ReceiptDetails(receipt: receipt, gasUsed: result.gasUsed, effectiveGasPrice: result.effectiveGasPrice,
                                          blobGasUsed: isBlob ? result.blobGasUsed : nil, blobGasPrice: isBlob ? blobBaseFee : nil,
                                          contractAddress: transactions[i].to == nil ? createdAddress(included[i]) : nil))
        }
        var produced = ProducedBlock(block: block, hash: hash, fork: next.fork, senders: included.map(\.sender),
                                     receipts: details, dropped: dropped)
        produced.encodedHeader = encodedHeader
        if capturesConsoleLog {
            produced.consoleLogs = output.results.map { result in result.consoleInputs.compactMap(ConsoleLog.decode) }
        }
        return (produced, output.changes, invalid)
    }

    /// Block `next` over `state`, its post-state: the header with every root the fork requires
    /// (hashing the state's root), its RLP and hash, which the state notes for BLOCKHASH.
    private func seal(_ state: inout WorldState, parentHash: Hash, next: NextBlock, transactions: [Transaction],
                      receipts: [Receipt], logsBloom: Bloom, gasUsed: UInt64, blobGasUsed: UInt64, requests: [[UInt8]])
        -> (block: Block, encodedHeader: [UInt8], hash: Hash) {
        let withdrawals: [Withdrawal]? = next.fork >= .shanghai ? [] : nil
        var header = Header(parentHash: parentHash, coinbase: next.coinbase, stateRoot: state.stateRoot(),
                            transactionsRoot: Block.transactionsRoot(transactions), receiptsRoot: Block.receiptsRoot(receipts),
                            logsBloom: logsBloom, difficulty: next.difficulty, number: next.number, gasLimit: next.gasLimit,
                            gasUsed: gasUsed, timestamp: next.timestamp, extraData: [], mixHash: next.prevRandao, nonce: 0)
        header.baseFeePerGas = next.baseFee
        if withdrawals != nil { header.withdrawalsRoot = Block.withdrawalsRoot([]) }
        if next.fork >= .cancun {
            header.blobGasUsed = blobGasUsed
            header.excessBlobGas = next.excessBlobGas ?? 0
            header.parentBeaconBlockRoot = .zero
        }
        if next.fork >= .prague { header.requestsHash = Requests.hash(requests) }
        let block = Block(header: header, transactions: transactions, ommers: [], withdrawals: withdrawals)
        let encodedHeader = header.rlp
        let hash = Keccak256.hash(encodedHeader)
        state.blockHashes[header.number] = hash
        if header.number > 256 { state.blockHashes[header.number - 257] = nil }
        return (block, encodedHeader, hash)
    }

    /// The empty block `build(onto:…candidates: [])` makes, for a run of empty blocks where
    /// `EmptyRunWrites.apply(to:)` holds and the fork is Prague or later: the system contracts'
    /// ring-buffer writes go straight into `state` and into `fold` (the run's changes so far, as
    /// merging each block's `StateChanges` would leave them) — no block executor, no per-block
    /// changes to apply and merge.
    func buildEmpty(onto state: inout WorldState, parentHash: Hash, next: NextBlock, fold: inout StateChanges) -> ProducedBlock {
        precondition(next.fork >= .prague, "the empty-run writes are EIP-4788's and EIP-2935's from Prague on")
        // `build` runs the system calls with a zero parent beacon block root (a dev chain has no beacon chain).
        EmptyRunWrites.write(into: &state, number: next.number, timestamp: next.timestamp, parentHash: parentHash, beaconRoot: .zero,
                             fold: &fold)
        let (block, encodedHeader, hash) = seal(&state, parentHash: parentHash, next: next, transactions: [], receipts: [],
                                                logsBloom: Bloom(), gasUsed: 0, blobGasUsed: 0, requests: [])
        var produced = ProducedBlock(block: block, hash: hash, fork: next.fork, senders: [], receipts: [], dropped: [])
        produced.encodedHeader = encodedHeader
        return produced
    }

    /// The address a creation deploys to, also when it failed (receipts name it either way, as geth does).
    private func createdAddress(_ tx: PoolTransaction) -> Address {
        var w = RLPWriter()
        w.appendList { w in
            w.append(tx.sender)
            w.append(tx.transaction.nonce)
        }
        return Address(hashSuffix: Keccak256.hash(w.bytes))
    }
}
