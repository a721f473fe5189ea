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
    /// States kept in memory for reads at recent block numbers (the head's included).
    public static let retainedStates = 128

    private struct Heads: Sendable {
        var head: HeadSnapshot
        var states: [UInt64: WorldState]
    }
    private let heads: Mutex<Heads>

    /// Opens the chain in `database`: resumes from its head when it holds one (after checking
    /// that its genesis state matches `genesis`), else commits `genesis` as block 0.
    public init(genesis: Genesis, database: ChainDatabase) throws(ChainError) {
        self.config = genesis.config
        self.database = database
        let importer = BlockImporter(config: genesis.config)
        let made = importer.genesis(genesis)
        let head: HeadSnapshot
        do {
            if let stored = try database.head(), let storedGenesis = try database.header(number: 0) {
                guard storedGenesis.stateRoot == made.block.header.stateRoot else {
                    throw ChainError.genesisMismatch(stored: storedGenesis.stateRoot, configured: made.block.header.stateRoot)
                }
                guard let block = try database.block(number: stored.number) else {
                    throw ChainError.storage(.corrupt("head block \(stored.number) missing"))
                }
                var state = try database.loadState()
                // The persisted state must be exactly the head block's; anything else means the
                // file was damaged (a crash cannot cause it: state and block commit together).
                let root = state.stateRoot()
                guard root == block.header.stateRoot else {
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
        heads = Mutex(Heads(head: head, states: [head.number: head.state]))
    }

    /// The current head.
    public var head: HeadSnapshot { heads.withLock { $0.head } }

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
        try database.commit(BlockCommit(block: produced.block, senders: produced.senders, receipts: produced.receipts,
                                        stateChanges: changes))
        let snapshot = HeadSnapshot(block: produced.block, hash: produced.hash, fork: produced.fork, state: state)
        heads.withLock { h in
            h.head = snapshot
            h.states[snapshot.number] = state
            if snapshot.number >= UInt64(Self.retainedStates) { h.states[snapshot.number - UInt64(Self.retainedStates)] = nil }
        }
    }
}
