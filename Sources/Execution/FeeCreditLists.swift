import Primitives

/// The fee recipient's credits, kept out of the multi-version tables: one list per worker.
///
/// Why: every transaction credits the fee recipient, so its version list took a write from every
/// transaction, from both cores in turn; each write waited for the list's cache lines (and its
/// shard's lock) to come over from the other core. In perf at 2 threads on 10,000 transfers that
/// was most of the publishing time. A worker appends the credits of the transactions it ran to its
/// own list; the rare reader of the fee recipient (a transaction that reads its balance, and that
/// read's validation) sums the credits of all lists between the last full write and itself.
///
/// A transaction's credit stays in the list it was first published to: a later incarnation run by
/// another worker replaces it there, under that list's lock, so no reader ever sees the
/// transaction's credit twice or not at all while it moves.
final class FeeCreditLists: Sendable {
    /// Per worker, ascending by transaction (a worker runs its transactions in rising order, bar
    /// re-executions); `value` is always `.credit`.
    private let lists: PaddedMutexes<[MVVersion]>

    init(workers: Int, expectedPerWorker: Int) {
        lists = PaddedMutexes(count: max(1, workers)) { _ in
            var list: [MVVersion] = []
            list.reserveCapacity(expectedPerWorker)
            return list
        }
    }

    /// Publishes `tx`'s credit. `hadCredit`: its previous incarnation published one (then it is
    /// replaced where it is; otherwise it goes to `worker`'s list).
    func publish(tx: Int32, credit: UInt256, worker: Int, hadCredit: Bool) {
        let version = MVVersion(tx: tx, estimate: false, value: .credit(credit))
        if hadCredit {
            for l in 0..<lists.count {
                let replaced = lists.withLock(l) { list -> Bool in
                    guard let i = Self.position(of: tx, in: list) else { return false }
                    list[i] = version
                    return true
                }
                if replaced { return }
            }
        }
        lists.withLock(worker % lists.count) { list in
            var i = list.count
            while i > 0 && list[i - 1].tx > tx { i -= 1 }
            list.insert(version, at: i)
        }
    }

    /// Removes `tx`'s credit (its new incarnation credits nothing).
    func remove(tx: Int32) {
        for l in 0..<lists.count {
            let removed = lists.withLock(l) { list -> Bool in
                guard let i = Self.position(of: tx, in: list) else { return false }
                list.remove(at: i)
                return true
            }
            if removed { return }
        }
    }

    /// Marks `tx`'s credit as an estimate (its incarnation was aborted).
    func markEstimate(tx: Int32) {
        for l in 0..<lists.count {
            let marked = lists.withLock(l) { list -> Bool in
                guard let i = Self.position(of: tx, in: list) else { return false }
                list[i].estimate = true
                return true
            }
            if marked { return }
        }
    }

    /// The sum of the credits of the transactions strictly between `floor` and `tx`, and the
    /// highest of them whose credit is an estimate, if any (then the sum means nothing).
    func sum(above floor: Int, below tx: Int) -> (credit: UInt256, blocker: Int?) {
        var total = UInt256.zero
        var blocker = -1
        for l in 0..<lists.count {
            lists.withLock(l) { list in
                var i = Self.firstPosition(above: floor, in: list)
                while i < list.count && Int(list[i].tx) < tx {
                    let v = list[i]
                    if v.estimate { blocker = max(blocker, Int(v.tx)) } else if case .credit(let c) = v.value { total = total &+ c }
                    i += 1
                }
            }
        }
        return (total, blocker >= 0 ? blocker : nil)
    }

    /// Where `tx`'s entry is in an ascending list, if it has one.
    private static func position(of tx: Int32, in list: [MVVersion]) -> Int? {
        let i = firstPosition(above: Int(tx) - 1, in: list)
        return i < list.count && list[i].tx == tx ? i : nil
    }

    /// The first position whose transaction is above `floor` (binary search).
    private static func firstPosition(above floor: Int, in list: [MVVersion]) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(list[mid].tx) <= floor { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
