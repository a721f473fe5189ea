import Ethereum
import Primitives

/// One sender's transactions in the pool, by nonce.
///
/// The pending ones are the run of consecutive nonces that starts at the account's state nonce:
/// they can go into the next block in order. Everything after the first gap is queued (future).
/// Pending/queued is therefore not stored per transaction but derived from `pendingEnd`, the
/// first nonce the run does not cover; filling the gap promotes the queued run behind it, and
/// removing a pending transaction demotes everything after it.
struct SenderTransactions: Sendable {
    /// The account nonce at the last state the pool saw.
    private(set) var stateNonce: UInt64
    private(set) var byNonce: [UInt64: PoolTransaction] = [:]
    /// First nonce after the pending run (== stateNonce when nothing is pending).
    private(set) var pendingEnd: UInt64
    /// Sum of the pending transactions' costs (geth's "queued cost" of the pending list).
    private(set) var pendingCost: UInt256 = .zero
    /// Highest nonce held (meaningful only when not empty).
    private(set) var highestNonce: UInt64 = 0

    init(stateNonce: UInt64) {
        self.stateNonce = stateNonce
        self.pendingEnd = stateNonce
    }

    var isEmpty: Bool { byNonce.isEmpty }
    var count: Int { byNonce.count }
    var pendingCount: Int { Int(pendingEnd - stateNonce) }
    var queuedCount: Int { byNonce.count - pendingCount }

    func isPending(_ nonce: UInt64) -> Bool { nonce >= stateNonce && nonce < pendingEnd }

    subscript(nonce: UInt64) -> PoolTransaction? { byNonce[nonce] }

    /// Pending transactions in nonce order.
    var pending: [PoolTransaction] { (stateNonce..<pendingEnd).map { byNonce[$0]! } }

    /// The transaction eviction may take: the highest nonce, so a sender never keeps a
    /// transaction whose predecessor was dropped.
    var last: PoolTransaction? { byNonce[highestNonce] }

    /// Inserts or replaces; returns the transactions that became pending (itself and any queued
    /// run behind it), in nonce order.
    mutating func insert(_ tx: PoolTransaction) -> [PoolTransaction] {
        let nonce = tx.nonce
        if let old = byNonce[nonce] {
            byNonce[nonce] = tx
            guard isPending(nonce) else { return [] }
            pendingCost = pendingCost &- old.cost &+ tx.cost
            return [tx]
        }
        byNonce[nonce] = tx
        highestNonce = byNonce.count == 1 ? nonce : max(highestNonce, nonce)
        guard nonce == pendingEnd else { return [] }
        var promoted: [PoolTransaction] = []
        while let next = byNonce[pendingEnd] {
            promoted.append(next)
            pendingCost = pendingCost &+ next.cost
            pendingEnd += 1
        }
        return promoted
    }

    /// Removes one transaction; a pending one demotes the pending run after it to queued.
    mutating func remove(nonce: UInt64) -> PoolTransaction? {
        guard let tx = byNonce.removeValue(forKey: nonce) else { return nil }
        if isPending(nonce) { pendingEnd = nonce; recomputePendingCost() }
        if nonce == highestNonce { highestNonce = byNonce.keys.max() ?? 0 }
        return tx
    }

    /// Moves to a new account state (after a block, a revert or a reorg): drops what the new
    /// nonce has made stale and what the account can no longer pay for or the block can no longer
    /// hold (geth's demoteUnexecutables), then rebuilds the pending run from the new nonce.
    /// Returns the dropped transactions and those that became pending.
    mutating func reset(stateNonce newNonce: UInt64, balance: UInt256, blockGasLimit: UInt64)
        -> (dropped: [PoolTransaction], promoted: [PoolTransaction]) {
        let wasPending = Set((stateNonce..<pendingEnd).map { byNonce[$0]!.hash })
        var dropped: [PoolTransaction] = []
        for (nonce, tx) in byNonce where nonce < newNonce || tx.cost > balance || tx.transaction.gasLimit > blockGasLimit {
            dropped.append(byNonce.removeValue(forKey: nonce)!)
        }
        stateNonce = newNonce
        pendingEnd = newNonce
        while byNonce[pendingEnd] != nil { pendingEnd += 1 }
        recomputePendingCost()
        highestNonce = byNonce.keys.max() ?? 0
        let promoted = pending.filter { !wasPending.contains($0.hash) }
        return (dropped.sorted { $0.nonce < $1.nonce }, promoted)
    }

    private mutating func recomputePendingCost() {
        var total = UInt256.zero
        for nonce in stateNonce..<pendingEnd { total = total &+ byNonce[nonce]!.cost }
        pendingCost = total
    }
}
