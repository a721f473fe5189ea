import EVM
import Primitives
import RPC
import XCTest

/// Frames geth reports in particular ways: creations, refused calls (balance), self-destructs,
/// refunds, out-of-gas and the tracer timeout.
final class TraceEdgeCaseTests: XCTestCase {
    func callTrace(_ chain: TracingTestChain, _ hash: Hash) async throws -> JSON {
        try await chain.call("debug_traceTransaction", [.hash(hash), TracingTestChain.options([("tracer", "callTracer")])])
    }

    func testCreationFrameCarriesTheDeployedCode() async throws {
        let chain = try TracingTestChain()
        let address = ContractAddress.create(sender: chain.sender, nonce: 0)
        let hash = try chain.submit(to: nil, data: TracingTestChain.deployment(TracingTestChain.child))
        chain.mine()
        let trace = try await callTrace(chain, hash)
        XCTAssertEqual(trace["type"], "CREATE")
        XCTAssertEqual(trace["to"], .address(address))
        XCTAssertEqual(trace["output"], .data(TracingTestChain.child))
        XCTAssertEqual(trace["value"], "0x0")
        let prestate = try await chain.call("debug_traceTransaction", [.hash(hash), TracingTestChain.options([("tracer", "prestateTracer")])])
        XCTAssertNil(prestate[address.description], "a created account has no prestate")
    }

    /// A CALL with value from a contract without balance: geth reports the refused child frame.
    func testRefusedCallAndSelfDestruct() async throws {
        let chain = try TracingTestChain()
        let beneficiary = Address(low: 0xdead)
        // CALL(gas 0x1000, beneficiary, value 1, no data) then SELFDESTRUCT(beneficiary).
        let runtime: [UInt8] = [0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x01, 0x73] + beneficiary.bytes
            + [0x61, 0x10, 0x00, 0xf1, 0x50, 0x73] + beneficiary.bytes + [0xff]
        let contract = try chain.deploy(runtime)
        let hash = try chain.submit(to: contract)
        chain.mine()
        let trace = try await callTrace(chain, hash)
        let calls = try XCTUnwrap(trace["calls"]?.arrayValue)
        XCTAssertEqual(calls.count, 2)
        XCTAssertEqual(calls[0]["error"], "insufficient balance for transfer")
        XCTAssertEqual(calls[0]["gasUsed"], "0x0")
        XCTAssertEqual(calls[0]["value"], "0x1")
        XCTAssertEqual(calls[1].serializedString,
                       #"{"from":"\#(contract.description)","gas":"0x0","gasUsed":"0x0","to":"\#(beneficiary.description)","input":"0x","value":"0x0","type":"SELFDESTRUCT"}"#)
        // geth's CALL cost: access (2,600), value (9,000), new account (25,000) and the child's gas before the 2,300 stipend.
        let logs = try await chain.call("debug_traceTransaction", [.hash(hash)])
        let call = try XCTUnwrap(logs["structLogs"]?.arrayValue?.first { $0["op"] == "CALL" })
        let cost = try XCTUnwrap(call["gasCost"]?.numberValue.flatMap { Int($0.text) })
        XCTAssertEqual(cost, 0x1000 + 2_600 + 9_000 + 25_000)
        XCTAssertEqual(calls[0]["gas"], .quantity(UInt64(0x1000 + 2_300)))
        let flat = try await chain.call("debug_traceTransaction", [.hash(hash), TracingTestChain.options([("tracer", "flatCallTracer")])])
        XCTAssertEqual(flat[2]?["type"], "suicide")
        XCTAssertEqual(flat[2]?["action"]?["refundAddress"], .address(beneficiary))
    }

    /// Clearing a slot earns a refund: the struct logger shows the transaction's counter.
    func testRefundCounterAndGas() async throws {
        let chain = try TracingTestChain()
        // Constructor stores 1 in slot 0; the runtime clears it.
        let runtime: [UInt8] = [0x60, 0x00, 0x60, 0x00, 0x55, 0x00]
        let initcode: [UInt8] = [0x60, 0x01, 0x60, 0x00, 0x55, 0x60, 0x06, 0x60, 0x11, 0x60, 0x00, 0x39, 0x60, 0x06, 0x60, 0x00, 0xf3] + runtime
        let address = ContractAddress.create(sender: chain.sender, nonce: 0)
        try chain.submit(to: nil, data: initcode)
        chain.mine()
        let hash = try chain.submit(to: address, gas: 100_000)
        chain.mine()
        let trace = try await chain.call("debug_traceTransaction", [.hash(hash)])
        let logs = try XCTUnwrap(trace["structLogs"]?.arrayValue)
        XCTAssertEqual(logs.map { $0["op"]?.stringValue ?? "" }, ["PUSH1", "PUSH1", "SSTORE", "STOP"])
        XCTAssertEqual(logs[2]["gasCost"], .number(JSONNumber(5_000)))
        XCTAssertNil(logs[2]["refund"])
        XCTAssertEqual(logs[3]["refund"], .number(JSONNumber(4_800)))
        XCTAssertEqual(trace["gas"], .number(JSONNumber(21_000 + 5_006 - 4_800)))
    }

    func testOutOfGasAndTimeout() async throws {
        let chain = try TracingTestChain()
        let store = try chain.deploy(TracingTestChain.store)
        let hash = try chain.submit(to: store, gas: 21_000 + 6 + 5_000)
        let starved = try chain.submit(to: store, gas: 21_000 + 6 + 2_000)
        chain.mine()
        let trace = try await chain.call("debug_traceTransaction", [.hash(hash)])
        XCTAssertEqual(trace["failed"], .bool(true))
        XCTAssertEqual(trace["returnValue"], "0x")
        XCTAssertEqual(trace["structLogs"]?.arrayValue?.last?["error"], "out of gas")
        // geth prices the failing SSTORE in full (cold slot, zero to non-zero).
        XCTAssertEqual(trace["structLogs"]?.arrayValue?.last?["gasCost"], .number(JSONNumber(22_100)))
        let calls = try await callTrace(chain, hash)
        XCTAssertEqual(calls["error"], "out of gas")
        XCTAssertEqual(calls["gasUsed"], .quantity(UInt64(26_006)))
        // At or below 2,300 gas SSTORE fails EIP-2200's sentry, which geth words apart (and prices at 0).
        let sentry = try await chain.call("debug_traceTransaction", [.hash(starved)])
        XCTAssertEqual(sentry["structLogs"]?.arrayValue?.last?["error"], "out of gas: not enough gas for reentrancy sentry")
        XCTAssertEqual(sentry["structLogs"]?.arrayValue?.last?["gasCost"], .number(JSONNumber(0)))
        let sentryCalls = try await callTrace(chain, starved)
        XCTAssertEqual(sentryCalls["error"], "out of gas: not enough gas for reentrancy sentry")

        let timeout = await chain.error("debug_traceTransaction", [.hash(hash), TracingTestChain.options([("timeout", "1ns")])])
        XCTAssertEqual(timeout?.message, "execution timeout")
        let bad = await chain.error("debug_traceTransaction", [.hash(hash), TracingTestChain.options([("timeout", "soon")])])
        XCTAssertEqual(bad?.message, "invalid argument 1: time: invalid duration \"soon\"")
    }
}
