import Ethereum
import Execution
import Primitives
import State
import Storage
import Synchronization

/// Why the chain could not start or extend.
public enum ChainError: Error, Sendable, CustomStringConvertible {
    case storage(StorageError)
    /// The data directory holds a chain whose genesis state differs from the configured one.
    case genesisMismatch(stored: Hash, configured: Hash)

    public var description: String {
        switch self {
        case .storage(let e): return "\(e)"
        case .genesisMismatch(let stored, let configured):
            return "the data directory holds a chain with genesis state root \(stored), not \(configured) (other accounts, balance or fork?)"
        }
    }
}

/// The canonical chain: its head (block, fork, state) in memory, the states of recent blocks,
/// and every block committed to a `ChainDatabase`.
///
/// Writers — only the block producer — commit a block to the database first (block, receipts,
/// logs and state changes in one SQL transaction) and then publish the new head under a short
/// lock. Readers take the head or a recent state under the same lock and never wait for a block
/// being built. A crash between the two steps loses nothing: on restart the head comes from the
/// database.
public final class Chain: Sendable {
    public let config: ChainConfig
    public let database: ChainDatabase
    /// States kept in memory for reads at recent block numbers by default (the head's included).
    public static let defaultRetainedStates = 128
    /// States this chain keeps in memory (at least the head's; `--prune-history` lowers it).
    public let retainedStates: Int
    /// The state after the genesis block as configured (what `anvil_reset` returns to).
    public let genesisState: WorldState

    private struct Heads: Sendable {
        var head: HeadSnapshot
        var states: [UInt64: WorldState]
        /// Where the head state is: the head block and the dev-control edits made on top of it.
        var point: StatePoint
    }
    private let heads: Mutex<Heads>

    /// Opens the chain in `database`: resumes from its head when it holds one (after checking
    /// that its genesis state matches `genesis`), else commits `genesis` as block 0.
    public init(genesis: Genesis, database: ChainDatabase, retainedStates: Int = Chain.defaultRetainedStates) throws(ChainError) {
        self.config = genesis.config
        self.database = database
        self.retainedStates = max(retainedStates, 1)
        let importer = BlockImporter(config: genesis.config)
        let made = importer.genesis(genesis)
        genesisState = made.state
        let head: HeadSnapshot
        var point = StatePoint(block: 0)
        do {
            if let stored = try database.head(), let storedGenesis = try database.header(number: 0) {
                guard storedGenesis.stateRoot == made.block.header.stateRoot else {
                    throw ChainError.genesisMismatch(stored: storedGenesis.stateRoot, configured: made.block.header.stateRoot)
                }
                guard let block = try database.block(number: stored.number) else {
                    throw ChainError.storage(.corrupt("head block \(stored.number) missing"))
                }
                var state = try database.loadState()
                point = try database.statePoint() ?? StatePoint(block: stored.number)
                // The persisted state must be exactly the head block's (unless dev controls edited
                // it since); anything else means the file was damaged (a crash cannot cause it:
                // state and block commit together).
                let root = state.stateRoot()
                guard root == block.header.stateRoot || point.edit > 0 else {
                    throw ChainError.storage(.corrupt("state root \(root) does not match head block \(stored.number)'s \(block.header.stateRoot)"))
                }
                let fork = genesis.config.fork(atBlock: block.header.number, timestamp: block.header.timestamp,
                                               merged: genesis.config.terminalTotalDifficulty == .zero ? true : nil)
                head = HeadSnapshot(block: block, hash: stored.hash, fork: fork, state: state)
            } else {
                let block = genesis.block(stateRoot: made.block.header.stateRoot)
                var changes = StateChanges()
                for (address, a) in genesis.alloc {
                    changes.accounts[address] = StateChanges.AccountChange(
                        account: Account(nonce: a.nonce, balance: a.balance, codeHash: Keccak256.hash(a.code)),
                        storageCleared: true, storage: a.storage, code: a.code.isEmpty ? nil : a.code)
                }
                try database.commit(BlockCommit(block: block, senders: [], receipts: [], stateChanges: changes))
                head = HeadSnapshot(block: block, hash: made.block.hash, fork: made.block.fork, state: made.state)
            }
        } catch let error as ChainError {
            throw error
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .storage(.corrupt("\(error)"))
        }
        heads = Mutex(Heads(head: head, states: [head.number: head.state], point: point))
    }

    /// The current head.
    public var head: HeadSnapshot { heads.withLock { $0.head } }

    /// The head and where its state is (block and edits on top), read together.
    public var headAndPoint: (head: HeadSnapshot, point: StatePoint) { heads.withLock { ($0.head, $0.point) } }

    /// The state after block `number`, if it is recent enough to be kept in memory.
    public func state(atBlock number: UInt64) -> WorldState? {
        heads.withLock { $0.states[number] }
    }

    /// Commits a block validated and executed by `BlockImporter` (`lanes --import`) and makes it
    /// the head.
    public func appendImported(_ block: Block, result: BlockImporter.Result) throws(StorageError) {
        var details: [ReceiptDetails] = []
        details.reserveCapacity(result.receipts.count)
        for (i, receipt) in result.receipts.enumerated() {
            let tx = block.transactions[i], outcome = result.results[i]
            let isBlob = tx.type == .blob
            details.append(ReceiptDetails(receipt: receipt, gasUsed: outcome.gasUsed, effectiveGasPrice: outcome.effectiveGasPrice,
                                          blobGasUsed: isBlob ? outcome.blobGasUsed : nil, blobGasPrice: isBlob ? result.blobBaseFee : nil,
                                          contractAddress: tx.to == nil ? outcome.createdAddress : nil))
        }
        let produced = ProducedBlock(block: block, hash: result.block.hash, fork: result.block.fork, senders: result.senders,
                                     receipts: details, dropped: [])
        try append(produced, changes: result.changes, state: result.state)
    }

    /// Commits a produced block whose post-state is `state` and makes it the head. Throws (and
    /// leaves the head unchanged) when the database refuses it.
    func append(_ produced: ProducedBlock, changes: StateChanges, state: WorldState) throws(StorageError) {
        var noRun: UndoRun? = nil
        try append(contentsOf: [PendingBlock(produced: produced, changes: changes, state: nil)], headState: state, run: &noRun)
    }

    /// A block ready to commit in a batch: the block and its state changes, with its post-state
    /// when that state is to stay readable (`nil` for blocks deep inside a long `anvil_mine`).
    struct PendingBlock: Sendable {
        var produced: ProducedBlock
        var changes: StateChanges
        var state: WorldState?
    }

    /// Commits consecutive blocks in one database transaction (all or none) and makes the last
    /// one the head with `headState`. `run` with `folded` (the blocks' state changes merged in
    /// order; their own are then not read): the blocks are the next of a run of commits no rewind
    /// can fall inside (`ChainDatabase.commit(runOf:folded:undo:)`).
    func append(contentsOf blocks: [PendingBlock], folded: StateChanges? = nil, headState: WorldState, run: inout UndoRun?) throws(StorageError) {
        guard let last = blocks.last else { return }
        let commits = blocks.map {
            BlockCommit(block: $0.produced.block, senders: $0.produced.senders, receipts: $0.produced.receipts, stateChanges: $0.changes,
                        hash: $0.produced.hash, encodedHeader: $0.produced.encodedHeader)
        }
        if run != nil, let folded {
            try database.commit(runOf: commits, folded: folded, undo: &run!)
        } else {
            try database.commit(contentsOf: commits)
        }
        let snapshot = HeadSnapshot(block: last.produced.block, hash: last.produced.hash, fork: last.produced.fork, state: headState)
        heads.withLock { h in
            h.head = snapshot
            h.point = StatePoint(block: snapshot.number)
            for block in blocks { if let state = block.state { h.states[block.produced.block.header.number] = state } }
            h.states[snapshot.number] = headState
            let keepFrom = snapshot.number >= UInt64(retainedStates) ? snapshot.number - UInt64(retainedStates) + 1 : 0
            if h.states.count > retainedStates { h.states = h.states.filter { $0.key >= keepFrom } }
        }
    }

    /// Applies a dev-control edit to the head state (persisted as the next step on top of the head
    /// block); `state` is the head state with `changes` applied. The head block stays the same.
    func applyEdit(_ changes: StateChanges, state: WorldState) throws(StorageError) {
        let point = try database.applyEdit(changes)
        heads.withLock { h in
            h.head = HeadSnapshot(block: h.head.block, hash: h.head.hash, fork: h.head.fork, state: state)
            h.states[h.head.number] = state
            h.point = point
        }
    }

    /// Returns the chain to `point` (evm_revert, anvil_reset): blocks above `point.block` leave
    /// the database with their receipts and logs, the state tables go back to `point`, and `state`
    /// (the state remembered for that point) becomes the head state.
    func rewind(to point: StatePoint, state: WorldState) throws(StorageError) {
        try database.rewind(to: point)
        guard let block = try database.block(number: point.block) else {
            throw .corrupt("block \(point.block) missing after rewind")
        }
        let header = block.header
        let fork = config.fork(atBlock: header.number, timestamp: header.timestamp,
                               merged: config.terminalTotalDifficulty == .zero ? true : nil)
        let snapshot = HeadSnapshot(block: block, hash: header.hash, fork: fork, state: state)
        heads.withLock { h in
            h.head = snapshot
            h.point = point
            h.states = h.states.filter { $0.key < point.block }
            h.states[point.block] = state
        }
    }
}
