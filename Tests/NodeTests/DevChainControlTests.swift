import Ethereum
import Execution
import Foundation
import Lanes
import Node
import Primitives
import State
import Trie
import XCTest

/// Devchain controls at the node level: state edits, snapshots, batch-mined empty blocks, and
/// the embedded node (`LanesNode`) a Swift test suite starts.
final class DevChainControlTests: XCTestCase {
    let someone = Address(hashSuffix: Keccak256.hash([0xAB]))

    func testEditsSnapshotRevertAndRestartKeepTheSameState() throws {
        let directory = TestNode.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var root: Hash
        do {
            let node = try DevNode(configuration: TestNode.configuration(dataDirectory: directory))
            try node.edit([.setBalance(someone, UInt256(5)), .setStorage(someone, slot: .one, value: UInt256(9))])
            let snapshot = node.snapshot()
            var before = node.head.state
            root = before.stateRoot()
            try node.add(TestNode.transfer(from: TestNode.keys[0], nonce: 0))
            node.mineAndWait(count: 3)
            try node.edit([.setCode(someone, [0x00]), .addBalance(someone, UInt256(1))])
            XCTAssertEqual(node.head.number, 3)
            XCTAssertTrue(try node.revert(to: snapshot))
            XCTAssertEqual(node.head.number, 0)
            var after = node.head.state
            XCTAssertEqual(after.stateRoot(), root)
            XCTAssertEqual(after.account(someone)?.balance, UInt256(5))
            XCTAssertFalse(try node.revert(to: snapshot))
            node.shutdown()
        }
        // The database holds the same edited state: a restart resumes from it.
        let node = try DevNode(configuration: TestNode.configuration(dataDirectory: directory))
        defer { node.shutdown() }
        var reopened = node.head.state
        XCTAssertEqual(reopened.stateRoot(), root)
        XCTAssertEqual(reopened.storage(someone, .one), UInt256(9))
    }

    /// Two nodes from the same genesis: one mines `count` blocks in one run committed `batch` at a
    /// time, the other one block per call at the same timestamps; both heads must be the same block.
    private func mineBatchedAndOneByOne(count: Int, batch: Int, start: UInt64, interval: UInt64) throws -> (DevNode, DevNode) {
        var configuration = TestNode.configuration()
        configuration.emptyBlockBatch = batch
        let batched = try DevNode(configuration: configuration)
        let single = try DevNode(configuration: TestNode.configuration())
        XCTAssertEqual(batched.mineAndWait(count: count, timestamp: start, interval: interval).count, count)
        for i in 0..<count { single.mineAndWait(timestamp: start + interval * UInt64(i)) }
        XCTAssertEqual(batched.head.hash, single.head.hash)
        XCTAssertEqual(batched.head.number, UInt64(count))
        return (batched, single)
    }

    /// Batches of 512 blocks (so a short run crosses several batch boundaries), with EIP-4788's
    /// trie computed by the beacon-roots lane from the second block on.
    func testBatchMinedEmptyBlocksEqualBlocksMinedOneByOne() throws {
        let count = 3 * 512 + 104
        let start: UInt64 = 1_800_000_000
        let (batched, single) = try mineBatchedAndOneByOne(count: count, batch: 512, start: start, interval: 2)
        defer { batched.shutdown(); single.shutdown() }
        // The same block in the middle, from the database, and the states kept for reads: each
        // with the beacon-roots trie attached (the proofs walk it) and the block's state root.
        let middle = UInt64(count / 2)
        XCTAssertEqual(try batched.chain.database.header(number: middle), try single.chain.database.header(number: middle))
        for number in [UInt64(1536), UInt64(count) - 100, UInt64(count) - 10, UInt64(count)] {
            var kept = try XCTUnwrap(batched.chain.state(atBlock: number), "state of block \(number)")
            XCTAssertFalse(kept.hasDetachedStorage)
            XCTAssertEqual(kept.stateRoot(), try batched.chain.database.header(number: number)?.stateRoot)
            let slot = UInt256(start + 2 * (number - 1)) % UInt256(8191)
            let proof = kept.proof(SystemCalls.beaconRoots, slots: [slot])
            XCTAssertEqual(proof.storage[0].value, UInt256(start + 2 * (number - 1)))
            var value = RLPWriter()
            value.append(proof.storage[0].value)
            XCTAssertEqual(try SecureTrie.verifyProof(root: proof.storageRoot, key: slot.bigEndianBytes, proof: proof.storage[0].proof),
                           value.bytes)
        }
        XCTAssertNil(batched.chain.state(atBlock: middle))
        var state = batched.head.state
        XCTAssertEqual(state.stateRoot(), batched.head.header.stateRoot)
    }

    /// Without explicit timestamps each block takes its parent's plus one second (the wall clock
    /// stays behind): the lane assumes so, and the chain matches blocks mined one by one.
    func testBatchMinedBlocksWithClockTimestampsEqualBlocksMinedOneByOne() throws {
        let count = 700
        var configuration = TestNode.configuration()
        configuration.emptyBlockBatch = 256
        let batched = try DevNode(configuration: configuration)
        defer { batched.shutdown() }
        XCTAssertEqual(batched.mineAndWait(count: count).count, count)
        // Replay the same timestamps one by one on a second node from the same genesis.
        let single = try DevNode(configuration: TestNode.configuration())
        defer { single.shutdown() }
        XCTAssertEqual(single.head.hash, try batched.chain.database.header(number: 0)?.hash)
        for number in 1...UInt64(count) {
            let timestamp = try XCTUnwrap(batched.chain.database.header(number: number)?.timestamp)
            single.mineAndWait(timestamp: timestamp)
        }
        XCTAssertEqual(batched.head.hash, single.head.hash)
    }

    /// `anvil_mine` with a zero interval: every block has the same timestamp, so EIP-4788's
    /// timestamp slot is written with the value it already holds (and left out of the changes).
    func testBatchMinedBlocksWithOneTimestampEqualBlocksMinedOneByOne() throws {
        let (batched, single) = try mineBatchedAndOneByOne(count: 600, batch: 256, start: 1_800_000_000, interval: 0)
        defer { batched.shutdown(); single.shutdown() }
        XCTAssertEqual(try batched.chain.database.header(number: 300), try single.chain.database.header(number: 300))
        var state = batched.head.state
        XCTAssertEqual(state.stateRoot(), batched.head.header.stateRoot)
    }

    /// A run long enough to wrap the EIP-4788/2935 ring buffers over several batches writes one
    /// undo record per slot for the whole run; reverting a snapshot from before it must still put
    /// every slot back in the database (checked by reopening it).
    func testRevertAfterAWrappingMineRestoresTheDatabase() throws {
        let directory = TestNode.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var root: Hash
        do {
            var configuration = TestNode.configuration(dataDirectory: directory)
            configuration.emptyBlockBatch = 2_048
            let node = try DevNode(configuration: configuration)
            defer { node.shutdown() }
            node.mineAndWait(count: 3)
            let snapshot = node.snapshot()
            var before = node.head.state
            root = before.stateRoot()
            let count = 8_191 + 300  // the 8,191-slot rings wrap, over several batches
            XCTAssertEqual(node.mineAndWait(count: count, timestamp: 1_800_000_000, interval: 1).count, count)
            XCTAssertTrue(try node.revert(to: snapshot))
            XCTAssertEqual(node.head.number, 3)
        }
        let node = try DevNode(configuration: TestNode.configuration(dataDirectory: directory))
        defer { node.shutdown() }
        var reopened = node.head.state
        XCTAssertEqual(node.head.number, 3)
        XCTAssertEqual(reopened.stateRoot(), root)
    }

    func testResetReturnsToGenesis() throws {
        let node = try DevNode(configuration: TestNode.configuration())
        defer { node.shutdown() }
        let genesis = node.head
        try node.edit([.setBalance(someone, UInt256(1))])
        node.mineAndWait(count: 2)
        try node.reset()
        XCTAssertEqual(node.head.hash, genesis.hash)
        XCTAssertNil(node.head.state.account(someone))
        XCTAssertEqual(node.mineAndWait()[0].block.header.parentHash, genesis.hash)
    }

    func testEmbeddedNodeServesOnAFreePort() throws {
        let lanes = try LanesNode.start(TestNode.configuration(), port: 0)
        defer { lanes.stop() }
        XCTAssertNotEqual(lanes.port, 0)
        XCTAssertEqual(lanes.url, "http://127.0.0.1:\(lanes.port)")
        XCTAssertEqual(lanes.accounts, TestNode.keys.map(\.address))
        let body = #"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}"#
        let answer = try HTTPPost.send(body, port: lanes.port)
        XCTAssertTrue(answer.contains(#""result":"0x7a69""#), answer)
    }
}

/// A blocking HTTP/1.1 POST over a POSIX socket (no URLSession needed).
enum HTTPPost {
    struct Failure: Error { var message: String }

    static func send(_ body: String, port: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(message: "connect") }
        let request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
        let bytes = Array(request.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw Failure(message: "write") }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        return String(decoding: response, as: UTF8.self)
    }
}
