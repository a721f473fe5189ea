import Ethereum
import Primitives
import State

/// The pool's bookkeeping under the lock: the per-sender lists, the hash index and the global
/// pending/queued counts, kept consistent by routing every change of a sender's list through
/// `withSender`.
extension Mempool.PoolState {
    /// Runs `body` on a sender's list (created empty at `stateNonce`), then updates the global
    /// counts and drops the list when it is empty. The list is taken out of the dictionary while
    /// it changes so it is mutated in place, never copied.
    mutating func withSender<R>(_ sender: Address, stateNonce: UInt64, _ body: (inout SenderTransactions) -> R) -> R {
        var list = senders.removeValue(forKey: sender) ?? SenderTransactions(stateNonce: stateNonce)
        let pending = list.pendingCount, queued = list.queuedCount
        defer {
            pendingTotal += list.pendingCount - pending
            queuedTotal += list.queuedCount - queued
            if !list.isEmpty { senders[sender] = list }
        }
        return body(&list)
    }

    /// The stateful half of entry; returns the hashes that became pending.
    mutating func insert(_ pooled: PooledTransaction, valid: ValidatedTransaction, account: Account,
                         context: MempoolContext, configuration: MempoolConfiguration) throws(MempoolError) -> [Hash] {
        guard byHash[valid.hash] == nil else { throw .alreadyKnown }
        let tx = pooled.transaction
        let sender = valid.sender
        var account = account
        // A caller that read the head before a block the pool has already been re-based on holds
        // an older nonce: the pool's is newer (re-basing back to it would turn every pending
        // transaction into a queued one). Nonces only go down through `removeIncluded` / `restore`
        // (anvil_setNonce, evm_revert), which re-base the pool themselves.
        if let list = senders[sender], list.stateNonce > account.nonce { account.nonce = list.stateNonce }
        guard tx.nonce >= account.nonce else { throw .nonceTooLow(next: account.nonce, got: tx.nonce) }
        // The caller's state is authoritative otherwise: a list based on an older nonce is re-based first.
        if let list = senders[sender], list.stateNonce != account.nonce {
            let dropped = withSender(sender, stateNonce: account.nonce) { list in
                list.reset(stateNonce: account.nonce, balance: account.balance, blockGasLimit: context.blockGasLimit).dropped
            }
            for d in dropped { byHash[d.hash] = nil }
        }
        let cost = PoolTransaction.cost(of: tx)
        guard account.balance >= cost else { throw .insufficientFunds(balance: account.balance, cost: cost) }
        let list = senders[sender] ?? SenderTransactions(stateNonce: account.nonce)
        let existing = list[tx.nonce]
        // geth checks the balance against the pending transactions' total cost plus this one
        // (minus the one it replaces).
        var spent = list.pendingCost
        if let existing, list.isPending(tx.nonce) { spent = spent &- existing.cost }
        let (need, overflow) = spent.addingReportingOverflow(cost)
        guard !overflow, account.balance >= need else {
            throw .insufficientFundsForQueue(balance: account.balance, queuedCost: spent, cost: cost)
        }
        if let existing {
            guard Mempool.isSufficientBump(old: existing.transaction, new: tx, percent: configuration.priceBumpPercent) else {
                throw .replacementUnderpriced
            }
        } else {
            guard list.count < configuration.maxTransactionsPerSender else { throw .accountLimitExceeded(pooled: list.count) }
            let willQueue = tx.nonce > list.pendingEnd
            if willQueue, list.queuedCount >= configuration.maxQueuedPerSender { throw .accountLimitExceeded(pooled: list.count) }
            try makeRoom(for: tx, sender: sender, willQueue: willQueue, baseFee: context.baseFee, configuration: configuration)
        }
        let entry = PoolTransaction(pooled: pooled, sender: sender, hash: valid.hash, size: valid.size, sequence: nextSequence)
        nextSequence += 1
        let promoted = withSender(sender, stateNonce: account.nonce) { list in
            list.insert(entry)
        }
        if let existing { byHash[existing.hash] = nil }
        byHash[valid.hash] = Mempool.Location(sender: sender, nonce: tx.nonce)
        return promoted.map(\.hash)
    }

    /// Frees one place when a new (not replacing) transaction would exceed the global limits.
    /// The candidates are the last transaction of every other sender (queued ones only when the
    /// queued limit is what is exceeded); the cheapest by effective tip goes if the newcomer pays
    /// more, as geth's priced eviction does.
    private mutating func makeRoom(for tx: Transaction, sender: Address, willQueue: Bool, baseFee: UInt256?,
                                   configuration: MempoolConfiguration) throws(MempoolError) {
        let queuedFull = willQueue && queuedTotal >= configuration.maxQueued
        let totalFull = byHash.count >= configuration.maxTransactions
        guard queuedFull || totalFull else { return }
        var victim: PoolTransaction?
        var victimTip: UInt256?
        for (address, list) in senders where address != sender {
            guard let last = list.last, !queuedFull || !list.isPending(last.nonce) else { continue }
            let tip = last.effectiveTip(baseFee: baseFee)
            if victim == nil || Self.cheaper(tip, than: victimTip, a: last, b: victim!) {
                victim = last
                victimTip = tip
            }
        }
        guard let victim else { throw .poolFull }
        let newTip = PoolTransaction.tip(of: tx, baseFee: baseFee)
        // A transaction that pays no more than the cheapest is itself the cheapest.
        if let newTip {
            if let victimTip, newTip <= victimTip { throw .underpriced }
        } else {
            throw .underpriced
        }
        if willQueue, senders[victim.sender]!.isPending(victim.nonce) { throw .futureReplacesPending }
        _ = remove(hash: victim.hash)
    }

    /// Orders eviction candidates: a nil tip (fee cap below the base fee) is cheapest; equal tips
    /// evict the later arrival first.
    private static func cheaper(_ a: UInt256?, than b: UInt256?, a ta: PoolTransaction, b tb: PoolTransaction) -> Bool {
        switch (a, b) {
        case (nil, nil): return ta.sequence > tb.sequence
        case (nil, _): return true
        case (_, nil): return false
        case (let x?, let y?): return x != y ? x < y : ta.sequence > tb.sequence
        }
    }

    /// Removes one transaction by hash.
    mutating func remove(hash: Hash) -> PoolTransaction? {
        guard let at = byHash.removeValue(forKey: hash), let list = senders[at.sender] else { return nil }
        return withSender(at.sender, stateNonce: list.stateNonce) { list in
            list.remove(nonce: at.nonce)
        }
    }

    /// Re-bases every sender on `state`; returns the dropped hashes and those newly pending.
    mutating func rebase(state: some StateReader, context: MempoolContext) -> (dropped: [Hash], promoted: [Hash]) {
        var dropped: [Hash] = []
        var promoted: [Hash] = []
        for sender in Array(senders.keys) {
            let account = state.account(sender) ?? Account()
            let result = withSender(sender, stateNonce: account.nonce) { list in
                list.reset(stateNonce: account.nonce, balance: account.balance, blockGasLimit: context.blockGasLimit)
            }
            for tx in result.dropped {
                byHash[tx.hash] = nil
                dropped.append(tx.hash)
            }
            promoted += result.promoted.map(\.hash)
        }
        return (dropped, promoted)
    }
}
