import Primitives
import RPC
import XCTest

/// Otterscan's ots_* on a chain built in the test.
final class OtterscanTests: XCTestCase {
    func testTraceOperationsErrorsAndBlocks() async throws {
        let chain = try TracingTestChain()
        let child = try chain.deploy(TracingTestChain.child)
        let reverter = try chain.deploy(TracingTestChain.reverter)
        let parent = try chain.deploy(TracingTestChain.parent(child: child, reverter: reverter))
        let call = try chain.submit(to: parent, data: [1, 2, 3, 4, 5, 6])
        let failing = try chain.submit(to: reverter)
        chain.mine()
        let number = chain.node.head.number

        let r1 = try await chain.call("ots_getApiLevel", [])
        XCTAssertEqual(r1, .number(JSONNumber(8)))
        let r2 = try await chain.call("ots_hasCode", [.address(parent), "latest"])
        XCTAssertEqual(r2, .bool(true))
        let r3 = try await chain.call("ots_hasCode", [.address(chain.sender), "latest"])
        XCTAssertEqual(r3, .bool(false))

        let r4 = try await chain.call("ots_traceTransaction", [.hash(call)])
        let trace = try XCTUnwrap(r4.arrayValue)
        XCTAssertEqual(trace.map { $0["depth"] }, [.number(JSONNumber(0)), .number(JSONNumber(1)), .number(JSONNumber(1))])
        XCTAssertEqual(trace[1]["to"], .address(child))
        XCTAssertEqual(trace[0]["input"], .data([1, 2, 3, 4, 5, 6]))

        let r5 = try await chain.call("ots_getInternalOperations", [.hash(call)])
        XCTAssertEqual(r5, .array([]))
        let r6 = try await chain.call("ots_getTransactionError", [.hash(call)])
        XCTAssertEqual(r6, .data([]))
        let r7 = try await chain.call("ots_getTransactionError", [.hash(failing)])
        XCTAssertEqual(r7, .data([]), "REVERT without data")

        let details = try await chain.call("ots_getBlockDetails", [.quantity(number)])
        XCTAssertEqual(details["block"]?["transactionCount"], .number(JSONNumber(2)))
        XCTAssertNil(details["block"]?["transactions"])
        XCTAssertEqual(details["block"]?["logsBloom"], .null)
        XCTAssertEqual(details["issuance"]?["issuance"], .string("0x0"))
        let byHash = try await chain.call("ots_getBlockDetailsByHash", [.hash(chain.node.head.hash)])
        XCTAssertEqual(byHash, details)

        let page = try await chain.call("ots_getBlockTransactions", [.quantity(number), .quantity(UInt64(0)), .quantity(UInt64(1))])
        XCTAssertEqual(page["fullblock"]?["transactions"]?.arrayValue?.count, 1)
        XCTAssertEqual(page["fullblock"]?["transactions"]?[0]?["hash"], .hash(failing), "page 0 holds the last transactions")
        XCTAssertEqual(page["receipts"]?[0]?["logs"], .null)
        let first = try await chain.call("ots_getBlockTransactions", [.number(JSONNumber(number)), .number(JSONNumber(1)), .number(JSONNumber(1))])
        XCTAssertEqual(first["fullblock"]?["transactions"]?[0]?["input"], .data([1, 2, 3, 4]))

        let r8 = try await chain.call("ots_getTransactionBySenderAndNonce", [.address(chain.sender), .quantity(UInt64(3))])
        XCTAssertEqual(r8, .hash(call))
        let r9 = try await chain.call("ots_getTransactionBySenderAndNonce", [.address(chain.sender), .quantity(UInt64(9))])
        XCTAssertEqual(r9, .null)

        let creator = try await chain.call("ots_getContractCreator", [.address(child)])
        XCTAssertEqual(creator["creator"], .address(chain.sender))
        let r10 = try await chain.call("ots_getContractCreator", [.address(chain.sender)])
        XCTAssertEqual(r10, .null)
    }

    func testAddressSearchFindsInternalCalls() async throws {
        let chain = try TracingTestChain()
        let child = try chain.deploy(TracingTestChain.child)
        let reverter = try chain.deploy(TracingTestChain.reverter)
        let parent = try chain.deploy(TracingTestChain.parent(child: child, reverter: reverter))
        let call = try chain.submit(to: parent)
        chain.mine()
        try chain.submit(to: Address(low: 0xbeef), value: 1, gas: 21_000)
        chain.mine()

        // The child is only ever called from inside the parent (and was created by the sender).
        let before = try await chain.call("ots_searchTransactionsBefore", [.address(child), .quantity(UInt64(0)), .quantity(UInt64(10))])
        let creator = try await chain.call("ots_getContractCreator", [.address(child)])
        let creation = try XCTUnwrap(creator["hash"])
        XCTAssertEqual(before["txs"]?.arrayValue?.compactMap { $0["hash"] }, [.hash(call), creation])
        XCTAssertEqual(before["firstPage"], .bool(true))
        XCTAssertEqual(before["lastPage"], .bool(true))
        XCTAssertNotNil(before["receipts"]?[0]?["timestamp"])

        let sent = try await chain.call("ots_searchTransactionsAfter", [.address(chain.sender), .quantity(UInt64(0)), .quantity(UInt64(2))])
        let hashes = try XCTUnwrap(sent["txs"]?.arrayValue)
        XCTAssertEqual(hashes.count, 2, "whole blocks until the page is full")
        XCTAssertEqual(sent["lastPage"], .bool(true))
        XCTAssertEqual(sent["firstPage"], .bool(false))
        let numbers = hashes.compactMap { $0["blockNumber"]?.stringValue }
        XCTAssertEqual(numbers, numbers.sorted().reversed(), "newest first")
    }
}
