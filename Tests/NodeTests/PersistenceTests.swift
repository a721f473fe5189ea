import Ethereum
import Node
import Primitives
import XCTest

/// `--data-dir`: a reopened node resumes at the same head with the same state root and keeps
/// every receipt; a data directory of another genesis is refused.
final class PersistenceTests: XCTestCase {
    func testReopenResumesHeadAndState() throws {
        let dir = TestNode.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var hashes: [Hash] = []
        let head: HeadSnapshot
        do {
            let node = try DevNode(configuration: TestNode.configuration(dataDirectory: dir))
            for n in 0..<4 {
                hashes.append(try node.add(TestNode.transfer(from: TestNode.keys[0], nonce: UInt64(n))))
                hashes.append(try node.add(TestNode.transfer(from: TestNode.keys[1], nonce: UInt64(n))))
                node.mineAndWait()
            }
            head = node.head
            node.shutdown()
        }
        let node = try DevNode(configuration: TestNode.configuration(dataDirectory: dir))
        defer { node.shutdown() }
        XCTAssertEqual(node.head.number, 4)
        XCTAssertEqual(node.head.hash, head.hash)
        var state = node.head.state
        XCTAssertEqual(state.stateRoot(), head.header.stateRoot)
        XCTAssertEqual(node.head.state.account(TestNode.keys[0].address)?.nonce, 4)
        for hash in hashes { XCTAssertNotNil(try node.chain.database.receipt(transactionHash: hash)) }
        // The chain continues from the stored head.
        try node.add(TestNode.transfer(from: TestNode.keys[0], nonce: 4))
        XCTAssertEqual(node.mineAndWait()[0].block.header.parentHash, head.hash)
    }

    func testAnotherGenesisIsRefused() throws {
        let dir = TestNode.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DevNode(configuration: TestNode.configuration(dataDirectory: dir)).shutdown()
        var other = TestNode.configuration(dataDirectory: dir)
        other.genesis.alloc[Address(hashSuffix: Keccak256.hash([9]))] = Genesis.Account(balance: UInt256(1))
        XCTAssertThrowsError(try DevNode(configuration: other))
    }
}
