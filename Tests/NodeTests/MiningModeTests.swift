import Dispatch
import Ethereum
import Node
import Primitives
import Synchronization
import XCTest

/// Automine answers after the block is committed; interval mining produces blocks on its own;
/// switching modes at run time takes effect at once.
final class MiningModeTests: XCTestCase {
    func testAutomineCommitsBeforeTheSendCompletes() throws {
        let node = try DevNode(configuration: TestNode.configuration(mining: .automine(batch: false)))
        defer { node.shutdown() }
        for n in 0..<3 {
            let done = DispatchSemaphore(value: 0)
            let hash = Mutex<Hash?>(nil)
            node.send(TestNode.transfer(from: TestNode.keys[0], nonce: UInt64(n))) { result in
                hash.withLock { $0 = try? result.get() }
                done.signal()
            }
            done.wait()
            let h = try XCTUnwrap(hash.withLock { $0 })
            XCTAssertEqual(node.head.number, UInt64(n + 1))
            XCTAssertNotNil(try node.chain.database.receipt(transactionHash: h))
        }
    }

    func testAutomineRejectsWithTheMempoolMessage() throws {
        let node = try DevNode(configuration: TestNode.configuration(mining: .automine(batch: false)))
        defer { node.shutdown() }
        let done = DispatchSemaphore(value: 0)
        let message = Mutex<String?>(nil)
        node.send(TestNode.transfer(from: TestNode.keys[0], nonce: 0, gas: 20_000)) { result in
            if case .failure(let e) = result { message.withLock { $0 = e.description } }
            done.signal()
        }
        done.wait()
        XCTAssertTrue(message.withLock { $0 }?.hasPrefix("intrinsic gas too low") ?? false)
        XCTAssertEqual(node.head.number, 0)
    }

    func testIntervalMiningAndSwitchingToManual() throws {
        let node = try DevNode(configuration: TestNode.configuration(mining: .interval(seconds: 0.1)))
        defer { node.shutdown() }
        try node.add(TestNode.transfer(from: TestNode.keys[0], nonce: 0))
        let deadline = Date().addingTimeInterval(10)
        while node.head.number < 3 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertGreaterThanOrEqual(node.head.number, 3)
        XCTAssertEqual(node.mempool.status.pending, 0)
        node.setMiningMode(.manual)
        Thread.sleep(forTimeInterval: 0.3)
        let stopped = node.head.number
        Thread.sleep(forTimeInterval: 0.4)
        XCTAssertEqual(node.head.number, stopped)
    }
}
