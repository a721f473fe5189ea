import Ethereum
import Node
import Primitives
import XCTest

/// Inclusion, demotion, re-injection after a revert, clearing, and the txpool_* data.
final class MempoolLifecycleTests: XCTestCase {
    var chain = TestChain()

    func testRemoveIncludedDropsMinedNonces() throws {
        let pool = Mempool()
        let hashes = try (0..<4).map { try pool.add(chain.tx(0, nonce: UInt64($0)), state: chain.state, context: chain.context) }
        let other = try pool.add(chain.tx(1, nonce: 0), state: chain.state, context: chain.context)
        chain.setNonce(0, 2)  // a block included nonces 0 and 1
        let dropped = pool.removeIncluded(state: chain.state, context: chain.context)
        XCTAssertEqual(Set(dropped), Set(hashes[0..<2]))
        XCTAssertEqual(pool.status, MempoolStatus(pending: 3, queued: 0))
        XCTAssertEqual(pool.pending()[chain.address(0)]?.map(\.nonce), [2, 3])
        XCTAssertNotNil(pool.transaction(other))
        XCTAssertEqual(pool.pendingNonce(of: chain.address(0)), 4)
    }

    /// A send that read the head just before a block the pool has already been re-based on must
    /// not re-base the pool back to the older nonce (which queued the whole pending run).
    func testStaleCallerStateDoesNotRebaseBackwards() throws {
        let pool = Mempool()
        let stale = chain.state
        for n in 0..<4 { try pool.add(chain.tx(0, nonce: UInt64(n)), state: stale, context: chain.context) }
        chain.setNonce(0, 2)  // a block included nonces 0 and 1
        pool.removeIncluded(state: chain.state, context: chain.context)
        try pool.add(chain.tx(0, nonce: 4), state: stale, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 3, queued: 0))
        XCTAssertEqual(pool.pending()[chain.address(0)]?.map(\.nonce), [2, 3, 4])
        let late = chain.tx(0, nonce: 1)
        XCTAssertRejects(.nonceTooLow(next: 2, got: 1), message: "nonce too low: next nonce 2, tx nonce 1") { () throws(MempoolError) in
            try pool.add(late, state: stale, context: chain.context)
        }
    }

    func testUnaffordableTransactionsDroppedAndSuccessorsDemoted() throws {
        let pool = Mempool()
        try pool.add(chain.tx(0, nonce: 0), state: chain.state, context: chain.context)
        try pool.add(chain.tx(0, nonce: 1, value: UInt256(1_000_000_000_000_000_000)), state: chain.state, context: chain.context)
        try pool.add(chain.tx(0, nonce: 2), state: chain.state, context: chain.context)
        // The balance drops below nonce 1's cost (it moves 1 ETH): it goes, nonce 2 waits behind the gap.
        chain.setBalance(0, UInt256(1_000_000_000_000_000))
        pool.removeIncluded(state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 1, queued: 1))
        XCTAssertEqual(pool.content().queued[chain.address(0)]?.keys.sorted(), [2])
    }

    func testRemovedTransactionDemotesSuccessors() throws {
        let pool = Mempool()
        try pool.add(chain.tx(0, nonce: 0), state: chain.state, context: chain.context)
        let middle = try pool.add(chain.tx(0, nonce: 1), state: chain.state, context: chain.context)
        try pool.add(chain.tx(0, nonce: 2), state: chain.state, context: chain.context)
        XCTAssertEqual(pool.remove([middle]), [middle])
        XCTAssertEqual(pool.status, MempoolStatus(pending: 1, queued: 1))
    }

    func testReinjectAfterRevert() throws {
        let pool = Mempool()
        let t0 = chain.tx(0, nonce: 0), t1 = chain.tx(0, nonce: 1)
        try pool.add(t0, state: chain.state, context: chain.context)
        try pool.add(t1, state: chain.state, context: chain.context)
        let mined = chain.state
        chain.setNonce(0, 2)
        pool.removeIncluded(state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 0, queued: 0))
        // evm_revert to before the block: its transactions return to the pool.
        let accepted = pool.reinject([t0, t1], state: mined, context: chain.context)
        XCTAssertEqual(accepted, [t0.hash, t1.hash])
        XCTAssertEqual(pool.status, MempoolStatus(pending: 2, queued: 0))
    }

    func testReinjectSkipsTransactionsInvalidOnTheNewChain() throws {
        let pool = Mempool()
        chain.setNonce(0, 1)  // the new chain already has sender 0 at nonce 1
        let accepted = pool.reinject([chain.tx(0, nonce: 0), chain.tx(1, nonce: 0)], state: chain.state, context: chain.context)
        XCTAssertEqual(accepted, [chain.tx(1, nonce: 0).hash])
    }

    func testClear() throws {
        let pool = Mempool()
        try pool.add(chain.tx(0, nonce: 0), state: chain.state, context: chain.context)
        try pool.add(chain.tx(1, nonce: 3), state: chain.state, context: chain.context)
        pool.clear()
        XCTAssertEqual(pool.status, MempoolStatus(pending: 0, queued: 0))
        XCTAssertNil(pool.executable(baseFee: nil).peek())
    }

    func testContentAndContentFrom() throws {
        let pool = Mempool()
        let p0 = try pool.add(chain.tx(0, nonce: 0), state: chain.state, context: chain.context)
        let q5 = try pool.add(chain.tx(0, nonce: 5), state: chain.state, context: chain.context)
        let other = try pool.add(chain.tx(1, nonce: 0), state: chain.state, context: chain.context)
        let content = pool.content()
        XCTAssertEqual(content.pending[chain.address(0)]?[0]?.hash, p0)
        XCTAssertEqual(content.queued[chain.address(0)]?[5]?.hash, q5)
        XCTAssertEqual(content.pending[chain.address(1)]?[0]?.hash, other)
        XCTAssertEqual(content.pending[chain.address(0)]?[0]?.sender, chain.address(0))
        let from = pool.content(from: chain.address(1))
        XCTAssertEqual(from.pending.keys.sorted(), [chain.address(1)])
        XCTAssertTrue(from.queued.isEmpty)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 2, queued: 1))
    }

    func testInspectFormat() throws {
        let pool = Mempool()
        try pool.add(chain.tx(0, nonce: 0, value: UInt256(1)), state: chain.state, context: chain.context)
        try pool.add(chain.tx(0, nonce: 2, gas: 100_000, to: nil, value: .zero, data: [0x60, 0x00]), state: chain.state, context: chain.context)
        let inspection = pool.inspect()
        XCTAssertEqual(inspection.pending[chain.address(0)]?[0],
                       "0x70997970C51812dc3A010C7d01b50e0d17dc79C8: 1 wei + 21000 gas × 10000000000 wei")
        XCTAssertEqual(inspection.queued[chain.address(0)]?[2], "contract creation: 0 wei + 100000 gas × 10000000000 wei")
        // Legacy: the gas price.
        XCTAssertEqual(Mempool.inspectSummary(chain.txWei(1, nonce: 0, tip: .zero, feeCap: UInt256(7), type: .legacy)),
                       "0x70997970C51812dc3A010C7d01b50e0d17dc79C8: 1 wei + 21000 gas × 7 wei")
    }
}
