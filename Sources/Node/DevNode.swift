import Dispatch
import Ethereum
import Execution
import Foundation
import Keys
import Primitives
import State
import Storage
import Synchronization

/// Everything a node needs at start.
public struct NodeConfiguration: Sendable {
    /// The chain's genesis (the dev genesis, or a geth genesis file).
    public var genesis: Genesis
    /// Gas limit of produced blocks; the genesis gas limit when nil.
    public var gasLimit: UInt64?
    /// Where the chain database lives; nil keeps it in a temporary file removed at shutdown.
    public var dataDirectory: String?
    /// The block executor (Block-STM by default in the executable).
    public var executor: any BlockExecutor
    public var mining: MiningMode = .automine(batch: false)
    public var mempool = MempoolConfiguration()
    /// Fee recipient of produced blocks.
    public var coinbase: Address = .zero
    /// Accounts the node signs for (eth_accounts, eth_sendTransaction, eth_sign…).
    public var devKeys: [PrivateKey] = []
    /// Caps on eth_getLogs.
    public var logLimits = LogQueryLimits()

    public init(genesis: Genesis, executor: any BlockExecutor) {
        self.genesis = genesis
        self.executor = executor
    }
}

/// The dev-chain node: the chain, the mempool, the block producer and the mining modes.
///
/// Threads: RPC handlers call in from any thread. Reads take `head` (a snapshot) and go on
/// without locks. Every block is produced on one large-stack thread (`producer`), in the order
/// requests arrive: automine sends, interval ticks and `mine` calls queue there, so the chain
/// only ever grows from one writer.
public final class DevNode: Sendable {
    public let configuration: NodeConfiguration
    public let chain: Chain
    public let mempool: Mempool
    public let events = NodeEvents()
    public let builder: BlockBuilder
    /// Blocks that import rejected (`debug_getBadBlocks`).
    public let badBlocks = BadBlocks()
    /// The dev accounts in order, and their keys.
    public let accounts: [Address]
    private let keys: [Address: PrivateKey]
    let producer = LargeStackQueue(name: "lanes.block-producer")
    private let mode: Mutex<MiningMode>
    private let timer = Mutex<DispatchSourceTimer?>(nil)
    /// Set while an interval tick is queued, so a slow block does not pile ticks up.
    private let tickQueued = Atomic<Bool>(false)

    /// Opens (or creates) the chain and starts the mining mode.
    public init(configuration: NodeConfiguration) throws(ChainError) {
        self.configuration = configuration
        let database: ChainDatabase
        do {
            var options = ChainDatabase.Options()
            options.logLimits = configuration.logLimits
            database = try ChainDatabase(configuration.dataDirectory.map { .directory($0) } ?? .ephemeral, options: options)
        } catch {
            throw .storage(error)
        }
        chain = try Chain(genesis: configuration.genesis, database: database)
        mempool = Mempool(configuration: configuration.mempool)
        builder = BlockBuilder(config: configuration.genesis.config, executor: configuration.executor, coinbase: configuration.coinbase,
                               gasLimit: configuration.gasLimit ?? chain.head.header.gasLimit)
        accounts = configuration.devKeys.map(\.address)
        keys = Dictionary(configuration.devKeys.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
        mode = Mutex(configuration.mining)
        applyMode(configuration.mining)
    }

    // MARK: Reading

    /// The chain head.
    public var head: HeadSnapshot { chain.head }

    /// The parameters of the block that would be produced now (the `pending` block).
    public func nextBlock(timestamp: UInt64? = nil) -> NextBlock {
        builder.next(after: chain.head, timestamp: timestamp, now: Self.now())
    }

    /// The key of a dev account.
    public func key(for address: Address) -> PrivateKey? { keys[address] }

    /// The nonce the next transaction of `address` should use: after its pool transactions.
    public func pendingNonce(of address: Address) -> UInt64 {
        let stateNonce = chain.head.state.account(address)?.nonce ?? 0
        return max(stateNonce, mempool.pendingNonce(of: address) ?? 0)
    }

    // MARK: Transactions

    /// Validates a transaction against the head and adds it to the pool; no block is produced.
    @discardableResult
    public func add(_ pooled: PooledTransaction) throws(MempoolError) -> Hash {
        let head = chain.head
        let next = builder.next(after: head, now: Self.now())
        return try mempool.add(pooled, state: head.state, context: next.mempoolContext)
    }

    /// Adds a transaction; under automine completes only after the block holding it is
    /// committed, otherwise at once. (Sends inside a JSON-RPC batch under `--automine-batch` use
    /// `add` and one `mine` at the end of the batch instead.)
    public func send(_ pooled: PooledTransaction, completion: @escaping @Sendable (Result<Hash, MempoolError>) -> Void) {
        let hash: Hash
        do { hash = try add(pooled) } catch {
            completion(.failure(error))
            return
        }
        guard mode.withLock({ $0 }).isAutomine else {
            completion(.success(hash))
            return
        }
        producer.async { [self] in
            // An earlier job may already have mined it; a transaction waiting behind a nonce gap
            // stays in the pool until the gap is filled.
            if isPending(hash) { _ = produceBlock(timestamp: nil) }
            completion(.success(hash))
        }
    }

    private func isPending(_ hash: Hash) -> Bool {
        guard let tx = mempool.transaction(hash) else { return false }
        return mempool.pending()[tx.sender]?.contains { $0.hash == hash } ?? false
    }

    // MARK: Mining

    /// The current mining mode.
    public var miningMode: MiningMode { mode.withLock { $0 } }

    /// Switches the mining mode (evm_setAutomine, evm_setIntervalMining).
    public func setMiningMode(_ newMode: MiningMode) {
        mode.withLock { $0 = newMode }
        applyMode(newMode)
    }

    /// Produces `count` blocks, each with every pending transaction that fits; the first at
    /// `timestamp` when given, later ones `interval` seconds apart. Completes on the producer
    /// thread with the blocks produced.
    public func mine(count: Int = 1, timestamp: UInt64? = nil, interval: UInt64 = 1,
                     completion: @escaping @Sendable ([ProducedBlock]) -> Void) {
        producer.async { [self] in
            var blocks: [ProducedBlock] = []
            for i in 0..<max(count, 0) {
                let time = timestamp.map { $0 + UInt64(i) * interval }
                guard let block = produceBlock(timestamp: time) else { break }
                blocks.append(block)
            }
            completion(blocks)
        }
    }

    /// `mine` that waits for its blocks.
    @discardableResult
    public func mineAndWait(count: Int = 1, timestamp: UInt64? = nil, interval: UInt64 = 1) -> [ProducedBlock] {
        let result = Mutex<[ProducedBlock]>([])
        let done = DispatchSemaphore(value: 0)
        mine(count: count, timestamp: timestamp, interval: interval) { blocks in
            result.withLock { $0 = blocks }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }

    /// Stops interval mining, lets queued blocks finish and closes the database.
    public func shutdown() {
        timer.withLock { t in
            t?.cancel()
            t = nil
        }
        let done = DispatchSemaphore(value: 0)
        producer.async { done.signal() }
        done.wait()
        producer.stop()
        chain.database.close()
    }

    /// Builds, commits and announces one block on the current head. Runs on the producer thread.
    private func produceBlock(timestamp: UInt64?) -> ProducedBlock? {
        let parent = chain.head
        let next = builder.next(after: parent, timestamp: timestamp, now: Self.now())
        var heap = mempool.executable(baseFee: next.baseFee)
        let candidates = builder.select(from: &heap, next: next)
        let built = builder.build(on: parent, next: next, candidates: candidates)
        do {
            try chain.append(built.produced, changes: built.changes, state: built.state)
        } catch {
            FileHandle.standardError.write(Data("error: block \(next.number) not committed: \(error)\n".utf8))
            return nil
        }
        if !built.invalid.isEmpty { mempool.remove(built.invalid) }
        let after = builder.next(after: chain.head, now: Self.now())
        mempool.removeIncluded(state: built.state, context: after.mempoolContext)
        events.publish(built.produced)
        return built.produced
    }

    private func applyMode(_ newMode: MiningMode) {
        timer.withLock { t in
            t?.cancel()
            t = nil
            guard case .interval(let seconds) = newMode, seconds > 0 else { return }
            let source = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .userInitiated))
            let nanos = Int(seconds * 1e9)
            source.schedule(deadline: .now() + .nanoseconds(nanos), repeating: .nanoseconds(nanos), leeway: .milliseconds(1))
            source.setEventHandler { [weak self] in self?.tick() }
            source.resume()
            t = source
        }
    }

    private func tick() {
        guard !tickQueued.exchange(true, ordering: .acquiringAndReleasing) else { return }
        producer.async { [self] in
            tickQueued.store(false, ordering: .releasing)
            _ = produceBlock(timestamp: nil)
        }
    }

    /// Seconds since the epoch.
    static func now() -> UInt64 { UInt64(Date().timeIntervalSince1970) }
}
