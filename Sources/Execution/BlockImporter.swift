import EVM
import Ethereum
import Primitives
import State

/// Why a block was not imported.
public struct BlockImportError: Error, CustomStringConvertible, Sendable {
    public var number: UInt64
    public var reason: String
    public var description: String { "block \(number): \(reason)" }
}

/// What the chain keeps about an imported block to check its descendants: the header, the fork
/// it followed, the total difficulty (for the merge) and the hashes of the ommers it included.
public struct ImportedBlock: Sendable {
    public var header: Header
    public var fork: Fork
    public var totalDifficulty: UInt256
    public var ommerHashes: [Hash]

    public var hash: Hash { header.hash }

    public init(header: Header, fork: Fork, totalDifficulty: UInt256, ommerHashes: [Hash] = []) {
        self.header = header; self.fork = fork; self.totalDifficulty = totalDifficulty; self.ommerHashes = ommerHashes
    }
}

/// Validates and executes blocks on top of their parent, for every fork the chain config
/// schedules: header rules and difficulty, ommers, transaction validity, execution through the
/// injected executor (whose pre-/post-block hooks pay rewards and withdrawals and produce
/// requests), then the header's commitments — gas used, receipts root (with intermediate state
/// roots before Byzantium), bloom, requests hash and state root. Used by `lanes blocktest` and
/// `lanes --import`.
public struct BlockImporter: Sendable {
    public var config: ChainConfig
    public var executor: any BlockExecutor

    public init(config: ChainConfig, executor: any BlockExecutor = SequentialExecutor()) {
        self.config = config; self.executor = executor
    }

    /// One imported block with the state after it.
    public struct Result: Sendable {
        public var block: ImportedBlock
        public var state: WorldState
        public var receipts: [Receipt]
        /// What the block changed (for a chain database to persist), its senders in order, the
        /// per-transaction results (gas used, effective gas price, created address) and the blob
        /// base fee (nil before Cancun), for receipts as JSON-RPC serves them.
        public var changes: StateChanges
        public var senders: [Address]
        public var results: [TransactionResult]
        public var blobBaseFee: UInt256?
    }

    /// The genesis state of `genesis.alloc` and its block.
    public func genesis(_ genesis: Genesis) -> (block: ImportedBlock, state: WorldState) {
        var state = WorldState()
        for (address, a) in genesis.alloc {
            state.setAccount(address, nonce: a.nonce, balance: a.balance, code: a.code, storage: a.storage)
        }
        let header = genesis.header(stateRoot: state.stateRoot())
        state.blockHashes[header.number] = header.hash
        return (genesisBlock(header), state)
    }

    /// The chain's record of a genesis header (built elsewhere, e.g. from a test's `genesisRLP`).
    public func genesisBlock(_ header: Header) -> ImportedBlock {
        let merged = config.terminalTotalDifficulty == .zero || config.mergeNetsplitBlock.map { header.number >= $0 } ?? false
        return ImportedBlock(header: header, fork: config.fork(atBlock: header.number, timestamp: header.timestamp, merged: merged),
                             totalDifficulty: header.difficulty)
    }

    /// Whether the child of `parent` is past the merge: the parent reached the terminal total
    /// difficulty, or the config's merge block.
    public func isMerged(childOf parent: ImportedBlock) -> Bool {
        if parent.fork >= .paris { return true }
        if let block = config.mergeNetsplitBlock, parent.header.number + 1 >= block { return true }
        if let ttd = config.terminalTotalDifficulty { return parent.totalDifficulty >= ttd }
        return false
    }

    /// Validates and executes `block` on `parent` (whose post-state is `parentState`).
    /// `ancestor` looks up earlier blocks by hash (ommer rules reach back seven generations).
    public func importBlock(_ block: Block, parent: ImportedBlock, parentState: WorldState,
                            ancestor: (Hash) -> ImportedBlock?) throws(BlockImportError) -> Result {
        let header = block.header
        func reject(_ reason: String) -> BlockImportError { BlockImportError(number: header.number, reason: reason) }
        guard header.parentHash == parent.hash else { throw reject("unknown parent \(header.parentHash)") }
        let fork = config.fork(atBlock: header.number, timestamp: header.timestamp, merged: isMerged(childOf: parent))
        let schedule = config.blobSchedule(for: fork)
        let difficulty = fork < .paris
            ? ProofOfWork.difficulty(parent: parent.header, timestamp: max(header.timestamp, parent.header.timestamp + 1), fork: fork,
                                     bombDelay: config.bombDelay(atBlock: header.number, fork: fork))
            : nil
        do {
            try HeaderRules.validate(header, parent: parent.header, fork: fork, parentFork: parent.fork, ommers: block.ommers,
                                     withdrawals: block.withdrawals, transactions: block.transactions, schedule: schedule,
                                     expectedDifficulty: difficulty)
        } catch {
            throw reject("\(error)")
        }
        if fork < .paris { try validateOmmers(block, parent: parent, ancestor: ancestor) }

        var items: [BlockTransaction] = []
        items.reserveCapacity(block.transactions.count)
        for (i, tx) in block.transactions.enumerated() {
            do {
                let sender = try TransactionRules.validate(tx, fork: fork, chainId: config.chainId, maxBlobsPerBlock: schedule.map { Int($0.max) })
                items.append(BlockTransaction(transaction: tx, sender: sender))
            } catch {
                throw reject("transaction \(i): \(error)")
            }
        }
        let context = BlockContext(block: block, fork: fork, config: config)
        let output = withLargeStack { [executor, items, parentState] in
            executor.execute(items, context: context, parent: parentState, stopOnInvalid: true)
        }
        if let first = output.invalid.first { throw reject("transaction \(first.index) invalid: \(first.error)") }
        guard output.gasUsed == header.gasUsed else { throw reject("gas used \(output.gasUsed) != header \(header.gasUsed)") }
        let receipts = context.needsIntermediateStateRoots ? output.receiptsWithIntermediateStateRoots(parent: parentState) : output.receipts
        let receiptsRoot = Block.receiptsRoot(receipts)
        guard receiptsRoot == header.receiptsRoot else { throw reject("receipts root \(receiptsRoot) != header \(header.receiptsRoot)") }
        guard output.logsBloom == header.logsBloom else { throw reject("logs bloom mismatch") }
        if fork >= .prague {
            guard let requests = output.requests else { throw reject("requests: malformed deposit log or failed request system call") }
            let hash = Requests.hash(requests)
            guard hash == header.requestsHash else { throw reject("requests hash \(hash) != header \(header.requestsHash.map { "\($0)" } ?? "none")") }
        }
        var state = parentState
        state.apply(output.changes)
        let root = state.stateRoot()
        guard root == header.stateRoot else { throw reject("state root \(root) != header \(header.stateRoot)") }
        state.blockHashes[header.number] = header.hash
        if header.number > 256 { state.blockHashes[header.number - 257] = nil }
        let imported = ImportedBlock(header: header, fork: fork, totalDifficulty: parent.totalDifficulty &+ header.difficulty,
                                     ommerHashes: block.ommers.map(\.hash))
        return Result(block: imported, state: state, receipts: receipts, changes: output.changes, senders: items.map(\.sender),
                      results: output.results, blobBaseFee: context.blobBaseFee)
    }

    /// Ommer rules (before the merge): at most two, distinct, each the child of one of the six
    /// ancestors before the parent's generation, neither an ancestor nor already included by one,
    /// with a header valid against its own parent (number, time, gas limit, difficulty).
    func validateOmmers(_ block: Block, parent: ImportedBlock, ancestor: (Hash) -> ImportedBlock?) throws(BlockImportError) {
        let header = block.header
        func reject(_ reason: String) -> BlockImportError { BlockImportError(number: header.number, reason: "ommer: \(reason)") }
        guard !block.ommers.isEmpty else { return }
        // The parent and up to six generations before it, with every ommer they included.
        var ancestors: [Hash: ImportedBlock] = [:]
        var included: Set<Hash> = []
        var cursor: ImportedBlock? = parent
        for _ in 0..<7 {
            guard let a = cursor else { break }
            ancestors[a.hash] = a
            included.formUnion(a.ommerHashes)
            cursor = a.header.number == 0 ? nil : ancestor(a.header.parentHash)
        }
        var seen: Set<Hash> = []
        for ommer in block.ommers {
            let hash = ommer.hash
            guard seen.insert(hash).inserted else { throw reject("duplicate \(hash)") }
            guard ancestors[hash] == nil, hash != header.hash else { throw reject("\(hash) is an ancestor") }
            guard !included.contains(hash) else { throw reject("\(hash) already included") }
            // A child of the parent would be the block's own sibling, not an ommer.
            guard let ommerParent = ancestors[ommer.parentHash], ommer.parentHash != header.parentHash else {
                throw reject("\(hash) has no recent ancestor as parent")
            }
            guard ommer.number == ommerParent.header.number + 1, ommer.number < header.number, ommer.number + 6 >= header.number else {
                throw reject("\(hash) number \(ommer.number) out of range")
            }
            guard ommer.timestamp > ommerParent.header.timestamp else { throw reject("\(hash) timestamp") }
            let ommerFork = config.fork(atBlock: ommer.number, timestamp: ommer.timestamp, merged: false)
            let expected = ProofOfWork.difficulty(parent: ommerParent.header, timestamp: ommer.timestamp, fork: ommerFork,
                                                  bombDelay: config.bombDelay(atBlock: ommer.number, fork: ommerFork))
            guard ommer.difficulty == expected else { throw reject("\(hash) difficulty \(ommer.difficulty) != \(expected)") }
            let parentLimit = ommerFork >= .london && ommerParent.fork < .london ? ommerParent.header.gasLimit * 2 : ommerParent.header.gasLimit
            let bound = parentLimit / HeaderRules.gasLimitBoundDivisor
            let diff = ommer.gasLimit > parentLimit ? ommer.gasLimit - parentLimit : parentLimit - ommer.gasLimit
            guard diff < bound, ommer.gasLimit >= HeaderRules.minGasLimit, ommer.gasUsed <= ommer.gasLimit, ommer.extraData.count <= 32 else {
                throw reject("\(hash) gas limit")
            }
        }
    }
}
