import Ethereum
import Primitives
import RPC
import XCTest

/// Parity-style trace_* on a chain built in the test: flat traces with Parity's error words,
/// replays with state diffs, block traces and filters.
final class ParityTraceTests: XCTestCase {
    func testTransactionBlockAndFilterTraces() async throws {
        let chain = try TracingTestChain()
        let child = try chain.deploy(TracingTestChain.child)
        let reverter = try chain.deploy(TracingTestChain.reverter)
        let parent = try chain.deploy(TracingTestChain.parent(child: child, reverter: reverter))
        let hash = try chain.submit(to: parent)
        chain.mine()

        let r1 = try await chain.call("trace_transaction", [.hash(hash)])
        let traces = try XCTUnwrap(r1.arrayValue)
        XCTAssertEqual(traces.count, 3)
        XCTAssertEqual(traces.map { $0["type"] }, ["call", "call", "call"])
        XCTAssertEqual(traces[2]["error"], "Reverted")
        XCTAssertEqual(traces[1]["action"]?["to"], .address(child))
        XCTAssertEqual(traces[0]["blockNumber"], .number(JSONNumber(chain.node.head.number)))
        XCTAssertEqual(traces[0]["transactionPosition"], .number(JSONNumber(0)))

        let block = try await chain.call("trace_block", [.quantity(chain.node.head.number)])
        XCTAssertEqual(block, .array(traces))

        var filter = JSONObject()
        filter.append("fromBlock", .quantity(chain.node.head.number))
        filter.append("toBlock", "latest")
        filter.append("toAddress", .array([.address(child)]))
        let r2 = try await chain.call("trace_filter", [.object(filter)])
        let filtered = try XCTUnwrap(r2.arrayValue)
        XCTAssertEqual(filtered, [traces[1]])
        filter.append("fromAddress", .array([.address(chain.sender)]))
        let none = try await chain.call("trace_filter", [.object(filter)])
        XCTAssertEqual(none, .array([]), "both address lists must match")
    }

    func testReplayWithStateDiffAndTraceCall() async throws {
        let chain = try TracingTestChain()
        let store = try chain.deploy(TracingTestChain.store)
        let hash = try chain.submit(to: store, gas: 100_000)
        chain.mine()
        let replay = try await chain.call("trace_replayTransaction", [.hash(hash), .array(["trace", "stateDiff"])])
        let slot = replay["stateDiff"]?[store.description]?["storage"]?[Hash.zero.description]
        XCTAssertEqual(slot?["*"]?["from"], .hash(.zero))
        XCTAssertEqual(slot?["*"]?["to"], .hash(Hash(UInt256(42))))
        XCTAssertEqual(replay["stateDiff"]?[store.description]?["balance"], "=")
        XCTAssertNotNil(replay["stateDiff"]?[chain.sender.description]?["balance"]?["*"])
        XCTAssertEqual(replay["vmTrace"], .null)
        let trace = try XCTUnwrap(replay["trace"]?.arrayValue)
        XCTAssertEqual(trace.count, 1)
        XCTAssertNil(trace[0]["blockHash"], "replays leave the location out")

        let blockReplay = try await chain.call("trace_replayBlockTransactions", [.quantity(chain.node.head.number), .array(["trace"])])
        XCTAssertEqual(blockReplay[0]?["transactionHash"], .hash(hash))
        XCTAssertEqual(blockReplay[0]?["trace"], replay["trace"])
        XCTAssertEqual(blockReplay[0]?["stateDiff"], .null)

        // trace_rawTransaction: a signed transaction run on the pending block's state, not sent.
        var tx = Transaction(type: .dynamicFee, chainId: 31337, nonce: chain.nonce)
        tx.maxPriorityFeePerGas = UInt256(1_000_000_000)
        tx.maxFeePerGas = UInt256(100_000_000_000)
        tx.gasLimit = 100_000
        tx.to = store
        let raw = PooledTransaction(transaction: tx.signed(with: TracingTestChain.keys[0])).networkBytes
        let rawTrace = try await chain.call("trace_rawTransaction", [.data(raw), .array(["trace"])])
        XCTAssertEqual(rawTrace["trace"]?[0]?["action"]?["to"], .address(store))
        XCTAssertEqual(chain.node.mempool.status.pending, 0, "nothing was sent")

        var request = JSONObject()
        request.append("from", .address(chain.sender))
        request.append("to", .address(store))
        let called = try await chain.call("trace_call", [.object(request), .array(["trace", "stateDiff"]), "latest"])
        XCTAssertEqual(called["trace"]?[0]?["action"]?["to"], .address(store))
        XCTAssertNil(called["stateDiff"]?[store.description]?["storage"]?[Hash.zero.description], "42 again: the slot is unchanged")
    }
}
