import Ethereum
import Execution
import Node
import Primitives
import XCTest

/// The block builder: ordering by tip with nonce order per sender, gas-limit filling, invalid
/// transactions dropped, and the header fields of an Osaka block.
final class BlockBuilderTests: XCTestCase {
    func testManualBlockTakesAllPendingInTipAndNonceOrder() throws {
        let node = try DevNode(configuration: TestNode.configuration())
        defer { node.shutdown() }
        let (a, b) = (TestNode.keys[0], TestNode.keys[1])
        // b pays the higher tip, so its transactions come first; each sender stays in nonce order.
        for n in 0..<3 { try node.add(TestNode.transfer(from: a, nonce: UInt64(n), tip: 1_000_000_000)) }
        for n in 0..<2 { try node.add(TestNode.transfer(from: b, nonce: UInt64(n), tip: 3_000_000_000)) }
        XCTAssertEqual(node.mempool.status.pending, 5)
        let blocks = node.mineAndWait()
        XCTAssertEqual(blocks.count, 1)
        let block = blocks[0]
        XCTAssertEqual(block.block.transactions.count, 5)
        XCTAssertEqual(block.senders, [b.address, b.address, a.address, a.address, a.address])
        XCTAssertEqual(block.block.transactions.map(\.nonce), [0, 1, 0, 1, 2])
        XCTAssertEqual(node.mempool.status.pending, 0)
        XCTAssertEqual(node.head.number, 1)
        XCTAssertEqual(node.head.header.gasUsed, 5 * 21_000)
        XCTAssertEqual(block.receipts.map(\.receipt.cumulativeGasUsed), [21_000, 42_000, 63_000, 84_000, 105_000])
    }

    func testHeaderFieldsOfAnOsakaBlock() throws {
        let node = try DevNode(configuration: TestNode.configuration())
        defer { node.shutdown() }
        let genesis = node.head
        try node.add(TestNode.transfer(from: TestNode.keys[0], nonce: 0))
        let block = node.mineAndWait()[0].block
        let h = block.header
        XCTAssertEqual(h.parentHash, genesis.hash)
        XCTAssertEqual(h.number, 1)
        XCTAssertGreaterThan(h.timestamp, genesis.header.timestamp)
        XCTAssertEqual(h.difficulty, .zero)
        XCTAssertEqual(h.baseFeePerGas, HeaderRules.nextBaseFee(parent: genesis.header, parentFork: .osaka))
        XCTAssertEqual(h.withdrawalsRoot, Block.withdrawalsRoot([]))
        XCTAssertEqual(h.parentBeaconBlockRoot, .zero)
        XCTAssertEqual(h.blobGasUsed, 0)
        XCTAssertNotNil(h.excessBlobGas)
        XCTAssertEqual(h.requestsHash, Requests.hash([]))
        XCTAssertEqual(h.transactionsRoot, Block.transactionsRoot(block.transactions))
        XCTAssertEqual(node.head.header.stateRoot, h.stateRoot)
        // The block imports under the full validation rules.
        let importer = BlockImporter(config: node.chain.config)
        let parent = importer.genesisBlock(genesis.header)
        XCTAssertNoThrow(try importer.importBlock(block, parent: parent, parentState: genesis.state) { _ in nil })
    }

    func testGasLimitBoundsTheBlock() throws {
        var configuration = TestNode.configuration()
        configuration.gasLimit = 21_000 * 3
        let node = try DevNode(configuration: configuration)
        defer { node.shutdown() }
        for n in 0..<5 { try node.add(TestNode.transfer(from: TestNode.keys[0], nonce: UInt64(n))) }
        XCTAssertEqual(node.mineAndWait()[0].block.transactions.count, 3)
        XCTAssertEqual(node.mineAndWait()[0].block.transactions.count, 2)
    }

    func testParallelAndSequentialBuildTheSameBlock() throws {
        let seq = try DevNode(configuration: TestNode.configuration(executor: SequentialExecutor()))
        let par = try DevNode(configuration: TestNode.configuration(executor: ParallelExecutor(configuration: .forced(threads: 2))))
        defer { seq.shutdown(); par.shutdown() }
        for node in [seq, par] {
            for (i, key) in TestNode.keys.enumerated() {
                for n in 0..<4 { try node.add(TestNode.transfer(from: key, nonce: UInt64(n), to: TestNode.keys[(i + 1) % 5].address)) }
            }
        }
        let timestamp: UInt64 = 1_800_000_000
        let a = seq.mineAndWait(timestamp: timestamp)[0]
        let b = par.mineAndWait(timestamp: timestamp)[0]
        XCTAssertEqual(a.block.transactions.count, 20)
        XCTAssertEqual(a.hash, b.hash)
    }

    func testMineSeveralBlocksWithTimestamps() throws {
        let node = try DevNode(configuration: TestNode.configuration())
        defer { node.shutdown() }
        let blocks = node.mineAndWait(count: 3, timestamp: 2_000_000_000, interval: 12)
        XCTAssertEqual(blocks.map(\.block.header.timestamp), [2_000_000_000, 2_000_000_012, 2_000_000_024])
        XCTAssertEqual(node.head.number, 3)
    }
}
