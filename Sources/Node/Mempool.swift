import Ethereum
import Primitives
import State
import Synchronization

/// The transaction pool: validates what clients submit, keeps it per sender as pending
/// (executable now: consecutive nonces from the account's nonce) or queued (after a nonce gap),
/// and hands the block builder the pending transactions by price and nonce.
///
/// Lifecycle of a transaction:
///
///     add ──▶ queued ──(gap filled by add or by a block)──▶ pending ──(included)──▶ gone
///              ▲                                              │
///              └────────(predecessor removed / unaffordable)──┘
///
/// - Entry (`add`) runs geth's stateless checks outside the lock, then the state checks (nonce,
///   balance), replacement, per-sender and global limits under it. A full pool evicts the cheapest
///   transaction by effective tip among each other sender's *last* transaction, so no sender keeps
///   a nonce whose predecessor was evicted.
/// - After every block (`removeIncluded`), after a revert or reorg (`reinject`), each sender is
///   re-based on the new state: stale nonces and transactions it can no longer pay for are dropped,
///   and the pending run is rebuilt from the new nonce (promotion and demotion).
/// - Transactions that become pending are announced to subscribers after the lock is released.
///
/// Thread safety: all pool state sits in one `Mutex`; the class is `Sendable` and may be shared
/// by the RPC handlers, the block builder and the mining loop.
public final class Mempool: Sendable {
    /// The pool's limits and rules; the minimum gas price can change at run time (anvil_setMinGasPrice).
    public var configuration: MempoolConfiguration { settings.withLock { $0 } }
    private let settings: Mutex<MempoolConfiguration>

    struct Location: Sendable {
        var sender: Address
        var nonce: UInt64
    }

    struct PoolState: Sendable {
        var senders: [Address: SenderTransactions] = [:]
        var byHash: [Hash: Location] = [:]
        var pendingTotal = 0
        var queuedTotal = 0
        var nextSequence: UInt64 = 0
    }

    let pool = Mutex(PoolState())
    let subscribers = Mutex(Subscribers())

    public init(configuration: MempoolConfiguration = MempoolConfiguration()) {
        settings = Mutex(configuration)
    }

    /// Changes the lowest fee cap the pool accepts from now on.
    public func setMinGasPrice(_ price: UInt256) {
        settings.withLock { $0.minGasPrice = price }
    }

    // MARK: Entry

    /// Validates and adds a transaction; returns its hash. `state` is the state of the chain head
    /// (nonce and balance of the sender), `context` the parameters of the next block.
    @discardableResult
    public func add(_ pooled: PooledTransaction, state: some StateReader, context: MempoolContext) throws(MempoolError) -> Hash {
        try add(pooled, state: state, context: context, requireSidecar: configuration.requireBlobSidecar)
    }

    /// Adds a transaction without a sidecar (blob transactions need one unless the pool is
    /// configured otherwise).
    @discardableResult
    public func add(_ tx: Transaction, state: some StateReader, context: MempoolContext) throws(MempoolError) -> Hash {
        try add(PooledTransaction(transaction: tx), state: state, context: context)
    }

    /// Adds a transaction from an impersonated account (anvil_impersonateAccount): it carries a
    /// placeholder signature and `sender` is taken as given; every other check applies.
    @discardableResult
    public func add(impersonated tx: Transaction, sender: Address, state: some StateReader, context: MempoolContext) throws(MempoolError) -> Hash {
        try add(PooledTransaction(transaction: tx), state: state, context: context, requireSidecar: false, knownSender: sender)
    }

    private func add(_ pooled: PooledTransaction, state: some StateReader, context: MempoolContext,
                     requireSidecar: Bool, knownSender: Address? = nil) throws(MempoolError) -> Hash {
        let hash = Keccak256.hash(pooled.transaction.envelope)
        // Cheap early answer before the signature work; checked again under the lock.
        if pool.withLock({ $0.byHash[hash] != nil }) { throw .alreadyKnown }
        let configuration = configuration
        let valid = try Self.validateStateless(pooled, context: context, configuration: configuration, requireSidecar: requireSidecar,
                                               knownSender: knownSender)
        let account = state.account(valid.sender) ?? Account()
        let result: Result<[Hash], MempoolError> = pool.withLock { pool in
            do throws(MempoolError) {
                return .success(try pool.insert(pooled, valid: valid, account: account, context: context, configuration: configuration))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let promoted):
            notify(promoted)
            return valid.hash
        case .failure(let error):
            throw error
        }
    }

    // MARK: Chain events

    /// Re-bases every sender on the state after a new block: drops the transactions the block
    /// included (every nonce below the account's new nonce), those the sender can no longer pay
    /// for or that no longer fit the block gas limit, and rebuilds pending and queued.
    /// Returns the hashes it dropped.
    @discardableResult
    public func removeIncluded(state: some StateReader, context: MempoolContext) -> [Hash] {
        let (dropped, promoted) = pool.withLock { pool in pool.rebase(state: state, context: context) }
        notify(promoted)
        return dropped
    }

    /// After a revert or reorg: re-bases every sender on the new head's state, then adds the
    /// transactions of the blocks that left the chain again (in their block order). Transactions
    /// that are no longer valid on the new chain are skipped; blob transactions come back without
    /// their sidecars, which the pool accepts for re-injected transactions. Returns the hashes of
    /// those that re-entered the pool.
    @discardableResult
    public func reinject(_ transactions: [Transaction], state: some StateReader, context: MempoolContext) -> [Hash] {
        removeIncluded(state: state, context: context)
        var accepted: [Hash] = []
        for tx in transactions {
            if let hash = try? add(PooledTransaction(transaction: tx), state: state, context: context, requireSidecar: false) {
                accepted.append(hash)
            }
        }
        return accepted
    }

    /// Removes transactions by hash (a builder found them invalid); later nonces of the same
    /// sender become queued. Returns the hashes that were in the pool.
    @discardableResult
    public func remove(_ hashes: [Hash]) -> [Hash] {
        pool.withLock { pool in hashes.filter { pool.remove(hash: $0) != nil } }
    }

    /// Puts back transactions exactly as they were in the pool (evm_revert restores the pool of its
    /// snapshot): senders and hashes as recorded, re-based on `state`; ones that no longer fit are
    /// skipped. Returns the hashes that re-entered.
    @discardableResult
    public func restore(_ transactions: [PoolTransaction], state: some StateReader, context: MempoolContext) -> [Hash] {
        clear()
        let configuration = configuration
        var accepted: [Hash] = []
        for tx in transactions.sorted(by: { $0.sequence < $1.sequence }) {
            let valid = ValidatedTransaction(sender: tx.sender, hash: tx.hash, size: tx.size)
            let account = state.account(tx.sender) ?? Account()
            let inserted = pool.withLock { pool -> Bool in
                (try? pool.insert(tx.pooled, valid: valid, account: account, context: context, configuration: configuration)) != nil
            }
            if inserted { accepted.append(tx.hash) }
        }
        return accepted
    }

    /// Every transaction in the pool, pending and queued.
    public func all() -> [PoolTransaction] {
        let content = content()
        return (content.pending.values.flatMap(\.values) + content.queued.values.flatMap(\.values))
    }

    /// Empties the pool.
    public func clear() {
        pool.withLock { $0 = PoolState() }
    }

    // MARK: Reading

    /// A transaction in the pool by hash.
    public func transaction(_ hash: Hash) -> PoolTransaction? {
        pool.withLock { pool in
            guard let at = pool.byHash[hash] else { return nil }
            return pool.senders[at.sender]?[at.nonce]
        }
    }

    /// The nonce the sender's next transaction should use, counting its pending transactions, or
    /// nil when the pool holds none of its transactions (then the account's nonce applies).
    public func pendingNonce(of sender: Address) -> UInt64? {
        pool.withLock { pool in
            guard let list = pool.senders[sender] else { return nil }
            return list.pendingEnd
        }
    }

    /// Each sender's pending transactions in nonce order.
    public func pending() -> [Address: [PoolTransaction]] {
        pool.withLock { pool in pool.senders.compactMapValues { $0.pendingCount > 0 ? $0.pending : nil } }
    }

    /// The pending transactions as the block builder takes them: by effective tip at `baseFee`,
    /// each sender in nonce order (see `TransactionPriceHeap`).
    public func executable(baseFee: UInt256?, order: TransactionPriceHeap.Order = .fees) -> TransactionPriceHeap {
        TransactionPriceHeap(pendingBySender: pending(), baseFee: baseFee, order: order)
    }

    /// Whether the pool holds no transaction at all.
    public var isEmpty: Bool { pool.withLock { $0.byHash.isEmpty } }

    /// Pending and queued counts (`txpool_status`).
    public var status: MempoolStatus {
        pool.withLock { MempoolStatus(pending: $0.pendingTotal, queued: $0.queuedTotal) }
    }
}

/// Pending and queued counts, as `txpool_status` reports them.
public struct MempoolStatus: Equatable, Sendable {
    public var pending: Int
    public var queued: Int

    public init(pending: Int, queued: Int) {
        self.pending = pending; self.queued = queued
    }
}
