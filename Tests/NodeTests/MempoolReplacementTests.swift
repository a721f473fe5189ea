import Ethereum
import Node
import Primitives
import XCTest

/// Same-nonce replacement needs a 10 % bump of both fee cap and tip (geth's PriceBump).
final class MempoolReplacementTests: XCTestCase {
    var chain = TestChain()
    // 1 gwei tip, 10 gwei fee cap; bumps computed in wei.
    let tip = UInt256(1_000_000_000), feeCap = UInt256(10_000_000_000)

    func percent(_ value: UInt256, _ p: UInt64) -> UInt256 { value &* UInt256(100 + p) / UInt256(100) }

    func pool(with original: Transaction) throws -> Mempool {
        let pool = Mempool()
        try pool.add(original, state: chain.state, context: chain.context)
        return pool
    }

    func testNinePercentBumpRejected() throws {
        let pool = try pool(with: chain.txWei(0, nonce: 0, tip: tip, feeCap: feeCap))
        XCTAssertRejects(.replacementUnderpriced, message: "replacement transaction underpriced") { () throws(MempoolError) in
            try pool.add(chain.txWei(0, nonce: 0, tip: percent(tip, 9), feeCap: percent(feeCap, 9)), state: chain.state, context: chain.context)
        }
    }

    func testTenPercentBumpReplaces() throws {
        let original = chain.txWei(0, nonce: 0, tip: tip, feeCap: feeCap)
        let pool = try pool(with: original)
        let announced = HashRecorder()
        _ = pool.subscribeNewPending { announced.record($0) }
        let replacement = try pool.add(chain.txWei(0, nonce: 0, tip: percent(tip, 10), feeCap: percent(feeCap, 10)),
                                       state: chain.state, context: chain.context)
        XCTAssertNil(pool.transaction(original.hash))
        XCTAssertEqual(pool.transaction(replacement)?.transaction.maxFeePerGas, UInt256(11_000_000_000))
        XCTAssertEqual(pool.status, MempoolStatus(pending: 1, queued: 0))
        XCTAssertEqual(announced.hashes, [replacement])
    }

    func testBothFeeCapAndTipMustBeBumped() throws {
        let pool = try pool(with: chain.txWei(0, nonce: 0, tip: tip, feeCap: feeCap))
        XCTAssertRejects(.replacementUnderpriced, message: "replacement transaction underpriced") { () throws(MempoolError) in
            try pool.add(chain.txWei(0, nonce: 0, tip: percent(tip, 50), feeCap: percent(feeCap, 9)), state: chain.state, context: chain.context)
        }
        XCTAssertRejects(.replacementUnderpriced, message: "replacement transaction underpriced") { () throws(MempoolError) in
            try pool.add(chain.txWei(0, nonce: 0, tip: percent(tip, 9), feeCap: percent(feeCap, 50)), state: chain.state, context: chain.context)
        }
    }

    func testQueuedTransactionReplacement() throws {
        let pool = try pool(with: chain.txWei(0, nonce: 4, tip: tip, feeCap: feeCap))
        XCTAssertRejects(.replacementUnderpriced, message: "replacement transaction underpriced") { () throws(MempoolError) in
            try pool.add(chain.txWei(0, nonce: 4, tip: tip, feeCap: feeCap, value: UInt256(2)), state: chain.state, context: chain.context)
        }
        try pool.add(chain.txWei(0, nonce: 4, tip: percent(tip, 10), feeCap: percent(feeCap, 10)), state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 0, queued: 1))
    }

    func testLegacyGasPriceBump() throws {
        let pool = try pool(with: chain.txWei(0, nonce: 0, tip: feeCap, feeCap: feeCap, type: .legacy))
        XCTAssertRejects(.replacementUnderpriced, message: "replacement transaction underpriced") { () throws(MempoolError) in
            try pool.add(chain.txWei(0, nonce: 0, tip: .zero, feeCap: percent(feeCap, 9), type: .legacy), state: chain.state, context: chain.context)
        }
        try pool.add(chain.txWei(0, nonce: 0, tip: .zero, feeCap: percent(feeCap, 10), type: .legacy), state: chain.state, context: chain.context)
    }
}
