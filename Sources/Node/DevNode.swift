import Dispatch
import EVM
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
    /// States kept in memory for historical reads (`--prune-history` lowers it; at least the head's).
    public var retainedStates = Chain.defaultRetainedStates
    /// Blocks committed per database transaction while mining a run of empty blocks (see
    /// `DevNode.defaultEmptyBlockBatch`; tests lower it to cross batch boundaries quickly).
    public var emptyBlockBatch = DevNode.defaultEmptyBlockBatch
    /// Anvil's `--auto-impersonate`: every account may send unsigned transactions.
    public var autoImpersonate = false
    /// Anvil's `--disable-block-gas-limit`.
    public var blockGasLimitDisabled = false
    /// Anvil's `--order fees|fifo`.
    public var order: TransactionPriceHeap.Order = .fees
    /// Anvil's `--no-priority-fee`.
    public var noPriorityFee = false
    /// Decode Hardhat's console.log calls in produced blocks (`--disable-console-log` turns it off).
    public var consoleLog = true
    /// Largest deployable code (Anvil's `--code-size-limit`; `Int.max / 4` for `--disable-code-size-limit`).
    public var maxCodeSize = BlockEnvironment.standardMaxCodeSize

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
    /// The run-time dev controls (coinbase, time, impersonation…).
    let settingsLock: Mutex<DevSettings>
    /// evm_snapshot's snapshots by id.
    let snapshots = Mutex(SnapshotStore())
    /// A random id of this run of the chain, new after anvil_reset (anvil_metadata's instanceId).
    let instanceIDLock = Mutex(DevNode.randomInstanceID())
    private let timer = Mutex<DispatchSourceTimer?>(nil)
    /// Set while an interval tick is queued, so a slow block does not pile ticks up.
    private let tickQueued = Atomic<Bool>(false)

    /// Opens (or creates) the chain and starts the mining mode.
    public init(configuration: NodeConfiguration) throws(ChainError) {
        MallocTuning.applied
        self.configuration = configuration
        let database: ChainDatabase
        do {
            var options = ChainDatabase.Options()
            options.logLimits = configuration.logLimits
            database = try ChainDatabase(configuration.dataDirectory.map { .directory($0) } ?? .ephemeral, options: options)
        } catch {
            throw .storage(error)
        }
        chain = try Chain(genesis: configuration.genesis, database: database, retainedStates: configuration.retainedStates)
        mempool = Mempool(configuration: configuration.mempool)
        var builder = BlockBuilder(config: configuration.genesis.config, executor: configuration.executor, coinbase: configuration.coinbase,
                                   gasLimit: configuration.gasLimit ?? chain.head.header.gasLimit)
        builder.capturesConsoleLog = configuration.consoleLog
        self.builder = builder
        var settings = DevSettings(coinbase: configuration.coinbase, gasLimit: builder.gasLimit, chainId: configuration.genesis.config.chainId)
        settings.autoImpersonate = configuration.autoImpersonate
        settings.blockGasLimitDisabled = configuration.blockGasLimitDisabled
        settings.order = configuration.order
        settings.noPriorityFee = configuration.noPriorityFee
        settings.maxCodeSize = configuration.maxCodeSize
        settingsLock = Mutex(settings)
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
        nextBlock(after: chain.head.header, hash: chain.head.hash, fork: chain.head.fork, timestamp: timestamp, settings: settings)
    }

    /// The child of a block as the dev settings shape it: clock with its offset, one-shot
    /// timestamp, base fee and prevRandao, timestamp interval, coinbase, gas limit, chain id.
    func nextBlock(after header: Header, hash: Hash, fork: Fork, timestamp: UInt64?, settings s: DevSettings) -> NextBlock {
        let time = timestamp ?? s.nextTimestamp ?? s.timestampInterval.map { header.timestamp + $0 }
        var next = builder.next(after: header, hash: hash, fork: fork, timestamp: time, now: s.now(wallClock: Self.now()))
        next.coinbase = s.coinbase
        next.gasLimit = s.blockGasLimitDisabled ? UInt64(Int64.max) : s.gasLimit
        next.chainId = s.chainId
        next.maxCodeSize = s.maxCodeSize
        if let fee = s.nextBaseFee, next.baseFee != nil { next.baseFee = fee }
        if let randao = s.nextPrevRandao, next.fork >= .paris { next.prevRandao = randao }
        return next
    }

    /// The current dev settings.
    public var settings: DevSettings { settingsLock.withLock { $0 } }

    /// Changes the dev settings.
    @discardableResult
    public func updateSettings<T>(_ body: (inout DevSettings) -> T) -> T { settingsLock.withLock { body(&$0) } }

    /// A random id of this run of the chain (changes on reset).
    public var instanceID: Hash { instanceIDLock.withLock { $0 } }

    static func randomInstanceID() -> Hash {
        var rng = SystemRandomNumberGenerator()
        return Hash(limbs: rng.next(), rng.next(), rng.next(), rng.next())
    }

    /// The chain's clock: the wall clock moved by the dev time offset.
    public var now: UInt64 { settings.now(wallClock: Self.now()) }

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
        let next = nextBlock(after: head.header, hash: head.hash, fork: head.fork, timestamp: nil, settings: settings)
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
        mineIfAutomine(hash, completion: completion)
    }

    /// Adds a transaction from an impersonated account (it carries a placeholder signature; the
    /// sender is taken as given) without producing a block.
    @discardableResult
    public func addImpersonated(_ tx: Transaction, from sender: Address) throws(MempoolError) -> Hash {
        let head = chain.head
        let next = nextBlock(after: head.header, hash: head.hash, fork: head.fork, timestamp: nil, settings: settings)
        return try mempool.add(impersonated: tx, sender: sender, state: head.state, context: next.mempoolContext)
    }

    /// `send` for a transaction from an impersonated account.
    public func sendImpersonated(_ tx: Transaction, from sender: Address,
                                 completion: @escaping @Sendable (Result<Hash, MempoolError>) -> Void) {
        let hash: Hash
        do { hash = try addImpersonated(tx, from: sender) } catch {
            completion(.failure(error))
            return
        }
        mineIfAutomine(hash, completion: completion)
    }

    /// Under automine, produces the block holding `hash` before completing.
    private func mineIfAutomine(_ hash: Hash, completion: @escaping @Sendable (Result<Hash, MempoolError>) -> Void) {
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
    /// thread with the blocks produced (with `keepBlocks: false` only their count is kept:
    /// `anvil_mine` of a million blocks).
    public func mine(count: Int = 1, timestamp: UInt64? = nil, interval: UInt64 = 1, keepBlocks: Bool = true,
                     completion: @escaping @Sendable (_ blocks: [ProducedBlock], _ count: Int) -> Void) {
        producer.async { [self] in
            var blocks: [ProducedBlock] = []
            var made = 0
            var i = 0
            while i < max(count, 0) {
                let time = timestamp.map { $0 + UInt64(i) * interval }
                // Runs of empty blocks (nothing pending) are built and committed in batches.
                if mempool.isEmpty, count - i > 1 {
                    let collected = Mutex<[ProducedBlock]>([])
                    let n = produceEmptyBlocks(count: count - i, firstTimestamp: time, interval: interval) { block in
                        if keepBlocks { collected.withLock { $0.append(block) } }
                    }
                    blocks.append(contentsOf: collected.withLock { $0 })
                    made += n
                    if n == 0 { break }
                    i += n
                    continue
                }
                guard let block = produceBlock(timestamp: time) else { break }
                if keepBlocks { blocks.append(block) }
                made += 1
                i += 1
            }
            completion(blocks, made)
        }
    }

    /// `mine` that waits for its blocks.
    @discardableResult
    public func mineAndWait(count: Int = 1, timestamp: UInt64? = nil, interval: UInt64 = 1) -> [ProducedBlock] {
        let result = Mutex<[ProducedBlock]>([])
        let done = DispatchSemaphore(value: 0)
        mine(count: count, timestamp: timestamp, interval: interval) { blocks, _ in
            result.withLock { $0 = blocks }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }

    /// Runs `body` on the block producer's thread, after every block queued before it, and
    /// waits for it: dev controls that change the chain take their turn with block production.
    func onProducer<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        producer.async {
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }

    /// The block production would make now from the pool (geth's pending block), built on the
    /// head and not committed (on a large-stack call thread: the EVM recurses).
    public func pendingBlock() -> ProducedBlock {
        let parent = chain.head
        let s = settings
        let next = nextBlock(after: parent.header, hash: parent.hash, fork: parent.fork, timestamp: nil, settings: s)
        var heap = mempool.executable(baseFee: next.baseFee, order: s.order)
        let candidates = builder.select(from: &heap, next: next)
        let builder = builder
        return CallThreads.shared.run {
            builder.build(on: parent, next: next, candidates: candidates, impersonated: s.isImpersonated).produced
        }
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
        let s = settings
        let next = nextBlock(after: parent.header, hash: parent.hash, fork: parent.fork, timestamp: timestamp, settings: s)
        var heap = mempool.executable(baseFee: next.baseFee, order: s.order)
        let candidates = builder.select(from: &heap, next: next)
        let built = builder.build(on: parent, next: next, candidates: candidates, impersonated: s.isImpersonated)
        do {
            try chain.append(built.produced, changes: built.changes, state: built.state)
        } catch {
            FileHandle.standardError.write(Data("error: block \(next.number) not committed: \(error)\n".utf8))
            return nil
        }
        consumeOneShotSettings(producedAt: next.timestamp, explicit: timestamp != nil)
        if !built.invalid.isEmpty { mempool.remove(built.invalid) }
        let after = nextBlock()
        mempool.removeIncluded(state: built.state, context: after.mempoolContext)
        events.publish(built.produced)
        return built.produced
    }

    /// After a block: the one-shot settings are used up, and a block whose timestamp was set
    /// (evm_setNextBlockTimestamp, evm_mine with a timestamp) moves the clock there, so later
    /// blocks continue from it (as Anvil and Hardhat do).
    func consumeOneShotSettings(producedAt time: UInt64, explicit: Bool) {
        let wall = Self.now()
        updateSettings { s in
            if explicit || s.nextTimestamp != nil { s.timeOffset = Int64(clamping: time) &- Int64(clamping: wall) }
            s.nextTimestamp = nil
            s.nextBaseFee = nil
            s.nextPrevRandao = nil
        }
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
    public static func now() -> UInt64 { UInt64(Date().timeIntervalSince1970) }
}
