import Ethereum
import Execution
import Node
import Primitives
import XCTest

/// console.log end to end in block production: a contract forwards its calldata to the console
/// address; the produced block carries the decoded lines, with the sequential executor and with
/// Block-STM (whose re-executions must not print twice).
final class ConsoleLogCaptureTests: XCTestCase {
    /// CALLDATACOPY(0, 0, size); STATICCALL(gas, console, 0, size, 0, 0); STOP.
    static let forwarder: [UInt8] = [0x36, 0x5f, 0x5f, 0x37, 0x5f, 0x5f, 0x36, 0x5f, 0x73] + ConsoleLog.address.bytes + [0x5a, 0xfa, 0x00]
    let contract = Address(low: 0xC0FFEE)

    func logCall(_ text: String, _ n: UInt64) -> [UInt8] {
        let selector = Array(Keccak256.hash(Array("log(string,uint256)".utf8)).bytes[0..<4])
        let bytes = Array(text.utf8)
        return selector + UInt256(64).bigEndianBytes + UInt256(n).bigEndianBytes + UInt256(UInt64(bytes.count)).bigEndianBytes
            + bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32)
    }

    func run(executor: any BlockExecutor) throws -> ProducedBlock {
        let node = try DevNode(configuration: TestNode.configuration(executor: executor))
        defer { node.shutdown() }
        try node.edit([.setCode(contract, Self.forwarder)])
        for (i, key) in TestNode.keys.enumerated() {
            for nonce in 0..<3 {
                var tx = TestNode.transfer(from: key, nonce: UInt64(nonce), to: contract, value: 0, gas: 100_000).transaction
                tx.data = logCall("tx %s of sender", UInt64(i * 10 + nonce))
                try node.add(PooledTransaction(transaction: tx.signed(with: key)))
            }
        }
        // A pinned timestamp: the two runs' blocks are compared by hash, and the wall clock may
        // tick over a second between them.
        return node.mineAndWait(timestamp: 1_700_000_012)[0]
    }

    func testSequentialAndBlockSTMCaptureTheSameLines() throws {
        let sequential = try run(executor: SequentialExecutor())
        XCTAssertEqual(sequential.block.transactions.count, 15)
        XCTAssertEqual(sequential.consoleLogs.count, 15)
        XCTAssertTrue(sequential.consoleLogs.allSatisfy { $0.count == 1 })
        XCTAssertTrue(sequential.consoleLogs.contains(["tx 21 of sender"]))
        let parallel = try run(executor: ParallelExecutor(configuration: .forced(threads: 2)))
        XCTAssertEqual(parallel.block.hash, sequential.block.hash)
        XCTAssertEqual(parallel.consoleLogs, sequential.consoleLogs)
    }
}
