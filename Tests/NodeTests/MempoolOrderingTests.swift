import Ethereum
import Node
import Primitives
import XCTest

/// The builder's view: effective tip first, nonce order per sender; promotion of queued transactions.
final class MempoolOrderingTests: XCTestCase {
    var chain = TestChain()

    func drain(_ heap: TransactionPriceHeap) -> [PoolTransaction] {
        var heap = heap
        var out: [PoolTransaction] = []
        while let tx = heap.next() { out.append(tx) }
        return out
    }

    func testOrdersByTipKeepingNonceOrder() throws {
        let pool = Mempool()
        // A: tips 1 then 5; B: tip 3; C: tips 2 then 4 (gwei, fee cap 10, base fee 1).
        let a0 = try pool.add(chain.tx(0, nonce: 0, tip: 1), state: chain.state, context: chain.context)
        let a1 = try pool.add(chain.tx(0, nonce: 1, tip: 5), state: chain.state, context: chain.context)
        let b0 = try pool.add(chain.tx(1, nonce: 0, tip: 3), state: chain.state, context: chain.context)
        let c0 = try pool.add(chain.tx(2, nonce: 0, tip: 2), state: chain.state, context: chain.context)
        let c1 = try pool.add(chain.tx(2, nonce: 1, tip: 4), state: chain.state, context: chain.context)
        let order = drain(pool.executable(baseFee: chain.context.baseFee)).map(\.hash)
        // A1 pays most but cannot run before A0, the cheapest.
        XCTAssertEqual(order, [b0, c0, c1, a0, a1])
    }

    func testEffectiveTipIsCappedByFeeCapMinusBaseFee() throws {
        let pool = Mempool()
        // Tip 3 gwei but fee cap 3 gwei at base fee 1 gwei: pays only 2; the other pays 2.5.
        let capped = try pool.add(chain.tx(0, nonce: 0, tip: 3, feeCap: 3), state: chain.state, context: chain.context)
        let plain = try pool.add(chain.txWei(1, nonce: 0, tip: UInt256(2_500_000_000), feeCap: UInt256(10_000_000_000)),
                                 state: chain.state, context: chain.context)
        XCTAssertEqual(drain(pool.executable(baseFee: chain.context.baseFee)).map(\.hash), [plain, capped])
        // Without a base fee (pre-London ordering) the tip alone decides.
        XCTAssertEqual(drain(pool.executable(baseFee: nil)).map(\.hash), [capped, plain])
    }

    func testEqualTipsGoInArrivalOrder() throws {
        let pool = Mempool()
        let first = try pool.add(chain.tx(3, nonce: 0, tip: 2), state: chain.state, context: chain.context)
        let second = try pool.add(chain.tx(1, nonce: 0, tip: 2), state: chain.state, context: chain.context)
        let third = try pool.add(chain.tx(2, nonce: 0, tip: 2), state: chain.state, context: chain.context)
        XCTAssertEqual(drain(pool.executable(baseFee: chain.context.baseFee)).map(\.hash), [first, second, third])
    }

    func testSenderBelowBaseFeeIsSkipped() throws {
        let pool = Mempool()
        try pool.add(chain.tx(0, nonce: 0, tip: 1, feeCap: 2), state: chain.state, context: chain.context)
        let other = try pool.add(chain.tx(1, nonce: 0, tip: 1, feeCap: 10), state: chain.state, context: chain.context)
        // At base fee 3 gwei the first sender cannot pay; its transactions wait in the pool.
        XCTAssertEqual(drain(pool.executable(baseFee: UInt256(3) &* TestChain.gwei)).map(\.hash), [other])
        XCTAssertEqual(pool.status.pending, 2)
    }

    func testPopDropsTheRestOfTheSender() throws {
        let pool = Mempool()
        let a0 = try pool.add(chain.tx(0, nonce: 0, tip: 9), state: chain.state, context: chain.context)
        try pool.add(chain.tx(0, nonce: 1, tip: 9), state: chain.state, context: chain.context)
        let b0 = try pool.add(chain.tx(1, nonce: 0, tip: 1), state: chain.state, context: chain.context)
        var heap = pool.executable(baseFee: chain.context.baseFee)
        XCTAssertEqual(heap.peek()?.hash, a0)
        heap.pop()  // a0 failed: a1 cannot run either
        XCTAssertEqual(heap.next()?.hash, b0)
        XCTAssertNil(heap.next())
    }

    func testQueuedPromotedWhenGapFills() throws {
        let pool = Mempool()
        let announced = HashRecorder()
        let subscription = pool.subscribeNewPending { announced.record($0) }
        let t2 = try pool.add(chain.tx(0, nonce: 2), state: chain.state, context: chain.context)
        let t1 = try pool.add(chain.tx(0, nonce: 1), state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 0, queued: 2))
        XCTAssertTrue(announced.hashes.isEmpty, "queued transactions are not announced")
        XCTAssertEqual(pool.pendingNonce(of: chain.address(0)), 0)
        let t0 = try pool.add(chain.tx(0, nonce: 0), state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 3, queued: 0))
        XCTAssertEqual(announced.hashes, [t0, t1, t2])
        XCTAssertEqual(pool.pendingNonce(of: chain.address(0)), 3)
        XCTAssertEqual(drain(pool.executable(baseFee: chain.context.baseFee)).map(\.hash), [t0, t1, t2])
        pool.unsubscribe(subscription)
        try pool.add(chain.tx(1, nonce: 0), state: chain.state, context: chain.context)
        XCTAssertEqual(announced.hashes.count, 3)
    }

    func testQueuedPromotedAfterBlock() throws {
        let pool = Mempool()
        let t1 = try pool.add(chain.tx(0, nonce: 1), state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 0, queued: 1))
        // Nonce 0 was mined without passing through this pool.
        chain.setNonce(0, 1)
        let announced = HashRecorder()
        _ = pool.subscribeNewPending { announced.record($0) }
        pool.removeIncluded(state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 1, queued: 0))
        XCTAssertEqual(announced.hashes, [t1])
    }

    func testConcurrentSubmissionsFromManyThreads() {
        let pool = Mempool()
        let chain = self.chain
        DispatchQueue.concurrentPerform(iterations: 4) { sender in
            for nonce in (0..<25).reversed() {
                do {
                    try pool.add(chain.tx(sender, nonce: UInt64(nonce)), state: chain.state, context: chain.context)
                } catch {
                    XCTFail("\(error)")
                }
            }
        }
        XCTAssertEqual(pool.status, MempoolStatus(pending: 100, queued: 0))
        let ordered = drain(pool.executable(baseFee: chain.context.baseFee))
        XCTAssertEqual(ordered.count, 100)
        for sender in 0..<4 {
            XCTAssertEqual(ordered.filter { $0.sender == chain.address(sender) }.map(\.nonce), Array(0..<25))
        }
    }
}
