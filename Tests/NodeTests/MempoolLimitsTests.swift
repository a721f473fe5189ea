import Ethereum
import Node
import Primitives
import XCTest

/// Per-sender and global limits, and eviction of the cheapest transaction when the pool is full.
final class MempoolLimitsTests: XCTestCase {
    var chain = TestChain()

    func pool(_ configure: (inout MempoolConfiguration) -> Void) -> Mempool {
        var configuration = MempoolConfiguration()
        configure(&configuration)
        return Mempool(configuration: configuration)
    }

    func testPerSenderQueueLimit() throws {
        let pool = pool { $0.maxQueuedPerSender = 2 }
        try pool.add(chain.tx(0, nonce: 5), state: chain.state, context: chain.context)
        try pool.add(chain.tx(0, nonce: 6), state: chain.state, context: chain.context)
        XCTAssertRejects(.accountLimitExceeded(pooled: 2), message: "account limit exceeded: pooled 2 txs") { () throws(MempoolError) in
            try pool.add(chain.tx(0, nonce: 7), state: chain.state, context: chain.context)
        }
        // Filling the gap is still possible: those become pending, not queued.
        try pool.add(chain.tx(0, nonce: 0), state: chain.state, context: chain.context)
    }

    func testPerSenderTotalLimit() throws {
        let pool = pool { $0.maxTransactionsPerSender = 3 }
        for nonce in 0..<3 { try pool.add(chain.tx(0, nonce: UInt64(nonce)), state: chain.state, context: chain.context) }
        XCTAssertRejects(.accountLimitExceeded(pooled: 3), message: "account limit exceeded: pooled 3 txs") { () throws(MempoolError) in
            try pool.add(chain.tx(0, nonce: 3), state: chain.state, context: chain.context)
        }
        // Replacing one of them is not a new transaction.
        try pool.add(chain.tx(0, nonce: 2, tip: 2, feeCap: 20), state: chain.state, context: chain.context)
    }

    func testFullPoolEvictsCheapestOrRejectsUnderpriced() throws {
        let pool = pool { $0.maxTransactions = 3 }
        let cheapest = try pool.add(chain.tx(0, nonce: 0, tip: 1), state: chain.state, context: chain.context)
        try pool.add(chain.tx(1, nonce: 0, tip: 2), state: chain.state, context: chain.context)
        try pool.add(chain.tx(2, nonce: 0, tip: 3), state: chain.state, context: chain.context)
        XCTAssertRejects(.underpriced, message: "transaction underpriced") { () throws(MempoolError) in
            try pool.add(chain.tx(3, nonce: 0, tip: 1), state: chain.state, context: chain.context)
        }
        let newcomer = try pool.add(chain.tx(3, nonce: 0, tip: 5), state: chain.state, context: chain.context)
        XCTAssertNil(pool.transaction(cheapest))
        XCTAssertNotNil(pool.transaction(newcomer))
        XCTAssertEqual(pool.status, MempoolStatus(pending: 3, queued: 0))
    }

    func testEvictionNeverLeavesANonceGap() throws {
        let pool = pool { $0.maxTransactions = 3 }
        // Sender 0's first transaction is the cheapest in the pool, but its second pays well:
        // only a sender's last transaction may go, so sender 1's is evicted instead.
        let a0 = try pool.add(chain.tx(0, nonce: 0, tip: 1), state: chain.state, context: chain.context)
        let a1 = try pool.add(chain.tx(0, nonce: 1, tip: 9), state: chain.state, context: chain.context)
        let b0 = try pool.add(chain.tx(1, nonce: 0, tip: 5), state: chain.state, context: chain.context)
        try pool.add(chain.tx(2, nonce: 0, tip: 6), state: chain.state, context: chain.context)
        XCTAssertNotNil(pool.transaction(a0))
        XCTAssertNotNil(pool.transaction(a1))
        XCTAssertNil(pool.transaction(b0))
    }

    func testFutureTransactionCannotEvictPending() throws {
        let pool = pool { $0.maxTransactions = 2 }
        try pool.add(chain.tx(0, nonce: 0, tip: 1), state: chain.state, context: chain.context)
        try pool.add(chain.tx(1, nonce: 0, tip: 1), state: chain.state, context: chain.context)
        XCTAssertRejects(.futureReplacesPending, message: "future transaction tries to replace pending") { () throws(MempoolError) in
            try pool.add(chain.tx(2, nonce: 5, tip: 9), state: chain.state, context: chain.context)
        }
        XCTAssertEqual(pool.status, MempoolStatus(pending: 2, queued: 0))
    }

    func testGlobalQueueLimit() throws {
        let pool = pool { $0.maxQueued = 1 }
        let cheapQueued = try pool.add(chain.tx(0, nonce: 3, tip: 1), state: chain.state, context: chain.context)
        // Only the sender's own queued transaction could make room: nothing to evict.
        XCTAssertRejects(.poolFull, message: "txpool is full") { () throws(MempoolError) in
            try pool.add(chain.tx(0, nonce: 4, tip: 9), state: chain.state, context: chain.context)
        }
        // Another sender's better-paying future transaction takes the place.
        try pool.add(chain.tx(1, nonce: 3, tip: 5), state: chain.state, context: chain.context)
        XCTAssertNil(pool.transaction(cheapQueued))
        XCTAssertEqual(pool.status, MempoolStatus(pending: 0, queued: 1))
        // Pending transactions do not count against the queue limit.
        try pool.add(chain.tx(2, nonce: 0, tip: 1), state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 1, queued: 1))
    }
}
