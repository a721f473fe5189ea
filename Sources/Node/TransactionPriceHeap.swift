import Primitives

/// The executable transactions in the order a block builder should try them: highest effective
/// tip first while every sender's transactions stay in nonce order (geth's
/// `transactionsByPriceAndNonce`).
///
/// The heap holds only each sender's next transaction. Taking it (`shift`) puts that sender's
/// following transaction in its place; `pop` drops the sender altogether, which the builder does
/// when a transaction fails (its successors cannot run without it) or no longer fits. A sender
/// whose next transaction cannot pay the base fee leaves the heap, as in geth. Equal tips go to
/// the transaction that arrived first.
public struct TransactionPriceHeap: Sendable {
    /// How the builder orders senders: by effective tip (geth, Anvil's default) or by arrival
    /// (Anvil's `--order fifo`). Each sender's transactions stay in nonce order either way.
    public enum Order: String, Sendable {
        case fees
        case fifo
    }

    struct Head: Sendable {
        var tx: PoolTransaction
        var tip: UInt256
    }

    public let baseFee: UInt256?
    public let order: Order
    private var heap: [Head] = []
    /// Each sender's transactions after its head, in nonce order.
    private var rest: [Address: ArraySlice<PoolTransaction>] = [:]

    /// Builds the heap from each sender's pending transactions in nonce order.
    public init(pendingBySender: [Address: [PoolTransaction]], baseFee: UInt256?, order: Order = .fees) {
        self.baseFee = baseFee
        self.order = order
        heap.reserveCapacity(pendingBySender.count)
        for (sender, txs) in pendingBySender {
            guard let first = txs.first, let tip = rank(first) else { continue }
            heap.append(Head(tx: first, tip: tip))
            rest[sender] = txs.dropFirst()
        }
        if heap.count > 1 {
            for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }
    }

    public var isEmpty: Bool { heap.isEmpty }

    /// The best transaction now, or nil when none is left.
    public func peek() -> PoolTransaction? { heap.first?.tx }

    /// Accepts the best transaction and moves on to its sender's next one.
    public mutating func shift() {
        guard let head = heap.first else { return }
        let sender = head.tx.sender
        if var txs = rest[sender], let next = txs.popFirst(), let tip = rank(next) {
            rest[sender] = txs
            heap[0] = Head(tx: next, tip: tip)
            siftDown(0)
        } else {
            rest[sender] = nil
            removeRoot()
        }
    }

    /// Drops the best transaction and every later one from its sender.
    public mutating func pop() {
        guard let head = heap.first else { return }
        rest[head.tx.sender] = nil
        removeRoot()
    }

    /// Takes the best transaction (peek, then shift).
    public mutating func next() -> PoolTransaction? {
        guard let tx = peek() else { return nil }
        shift()
        return tx
    }

    /// The tip the heap orders by (all equal under FIFO, so arrival decides), or nil when the
    /// transaction cannot pay the base fee.
    private func rank(_ tx: PoolTransaction) -> UInt256? {
        guard let tip = tx.effectiveTip(baseFee: baseFee) else { return nil }
        return order == .fifo ? .zero : tip
    }

    private static func before(_ a: Head, _ b: Head) -> Bool {
        if a.tip != b.tip { return a.tip > b.tip }
        return a.tx.sequence < b.tx.sequence
    }

    private mutating func removeRoot() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < heap.count, Self.before(heap[l], heap[best]) { best = l }
            if r < heap.count, Self.before(heap[r], heap[best]) { best = r }
            if best == i { return }
            heap.swapAt(i, best)
            i = best
        }
    }
}
