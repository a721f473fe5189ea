import EVM
import Primitives
import RPC
import XCTest

/// debug_trace* against a chain built in the test: geth's exact output for simple cases, and
/// agreement between tracers on the same transaction (call tree vs struct log vs prestate).
final class DebugTraceTests: XCTestCase {
    static let zeroWord = String(repeating: "0", count: 64)

    func testPlainTransferCallTracerMatchesGeth() async throws {
        let chain = try TracingTestChain()
        let to = Address(low: 0xbeef)
        let hash = try chain.submit(to: to, value: 1, gas: 21_000)
        chain.mine()
        let trace = try await chain.call("debug_traceTransaction", [.hash(hash), TracingTestChain.options([("tracer", "callTracer")])])
        XCTAssertEqual(trace.serializedString,
                       #"{"from":"\#(chain.sender.description)","gas":"0x5208","gasUsed":"0x5208","to":"\#(to.description)","input":"0x","value":"0x1","type":"CALL"}"#)
    }

    func testStructLogsOfATinyContractMatchGeth() async throws {
        let chain = try TracingTestChain()
        let store = try chain.deploy(TracingTestChain.store)
        let hash = try chain.submit(to: store, gas: 100_000)
        chain.mine()
        let trace = try await chain.call("debug_traceTransaction", [.hash(hash)])
        let slot42 = String(repeating: "0", count: 62) + "2a"
        let expected = #"{"gas":43106,"failed":false,"returnValue":"0x","structLogs":["#
            + #"{"pc":0,"op":"PUSH1","gas":79000,"gasCost":3,"depth":1,"stack":[]},"#
            + #"{"pc":2,"op":"PUSH1","gas":78997,"gasCost":3,"depth":1,"stack":["0x2a"]},"#
            + #"{"pc":4,"op":"SSTORE","gas":78994,"gasCost":22100,"depth":1,"stack":["0x2a","0x0"],"storage":{"\#(Self.zeroWord)":"\#(slot42)"}},"#
            + #"{"pc":5,"op":"STOP","gas":56894,"gasCost":0,"depth":1,"stack":[]}]}"#
        XCTAssertEqual(trace.serializedString, expected)
        // Options: no stack, no storage, memory on (empty memory is omitted).
        let lean = try await chain.call("debug_traceTransaction", [.hash(hash), TracingTestChain.options([
            ("disableStack", true), ("disableStorage", true), ("enableMemory", true)])])
        let logs = try XCTUnwrap(lean["structLogs"]?.arrayValue)
        XCTAssertEqual(logs.count, 4)
        XCTAssertNil(logs[2]["stack"])
        XCTAssertNil(logs[2]["storage"])
        XCTAssertNil(logs[2]["memory"])
    }

    /// The parent's call tree, its struct log and its prestate describe the same execution.
    func testTracersAgreeOnANestedCall() async throws {
        let chain = try TracingTestChain()
        let child = try chain.deploy(TracingTestChain.child)
        let reverter = try chain.deploy(TracingTestChain.reverter)
        let parent = try chain.deploy(TracingTestChain.parent(child: child, reverter: reverter))
        let hash = try chain.submit(to: parent)
        chain.mine()

        let calls = try await chain.call("debug_traceTransaction", [.hash(hash), TracingTestChain.options([
            ("tracer", "callTracer"), ("tracerConfig", TracingTestChain.options([("withLog", true)]))])])
        let structured = try await chain.call("debug_traceTransaction", [.hash(hash)])
        let prestate = try await chain.call("debug_traceTransaction", [.hash(hash), TracingTestChain.options([("tracer", "prestateTracer")])])

        // Gas: the call tree's total is the struct logger's.
        XCTAssertEqual(try quantity(calls["gasUsed"]), structured["gas"]?.numberValue.flatMap { UInt64($0.text) })
        XCTAssertEqual(structured["failed"], .bool(false))

        let frames = try XCTUnwrap(calls["calls"]?.arrayValue)
        XCTAssertEqual(frames.map { $0["type"]?.stringValue }, ["CALL", "CALL", "STATICCALL"])
        XCTAssertEqual(frames[0]["to"]?.stringValue, child.description)
        XCTAssertEqual(frames[0]["output"]?.stringValue, "0x" + String(repeating: "0", count: 62) + "2a")
        XCTAssertEqual(frames[0]["logs"]?[0]?["position"], .string("0x0"))
        XCTAssertEqual(frames[1]["error"]?.stringValue, "execution reverted")
        XCTAssertNil(frames[1]["logs"])
        XCTAssertEqual(frames[2]["to"]?.stringValue, Address(low: 4).description)
        XCTAssertNil(frames[2]["value"])

        // Struct log: one CALL-family op per frame at depth 1, the child's ops at depth 2, and the
        // child frame's gas used equals the sum of its ops' costs.
        let logs = try XCTUnwrap(structured["structLogs"]?.arrayValue)
        let callOps = logs.enumerated().filter { ["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"].contains($0.element["op"]?.stringValue ?? "") }
        XCTAssertEqual(callOps.count, frames.count)
        for (n, (index, op)) in callOps.enumerated() {
            XCTAssertEqual(op["depth"], .number(JSONNumber(1)))
            let frameGas = try quantity(frames[n]["gas"])
            let cost = try XCTUnwrap(op["gasCost"]?.numberValue.flatMap { UInt64($0.text) })
            // geth's CALL cost is the gas handed to the child plus access (cold 2,600; precompiles warm
            // 100) and memory (the first call's 32-byte output area: 3).
            XCTAssertEqual(cost - frameGas, [2_603, 2_600, 100][n], "call \(n)")
            var used: UInt64 = 0
            var i = index + 1
            while i < logs.count, logs[i]["depth"] == .number(JSONNumber(2)) {
                used += UInt64(logs[i]["gasCost"]!.numberValue!.text)!
                i += 1
            }
            if n < 2 { XCTAssertEqual(used, try quantity(frames[n]["gasUsed"]), "frame \(n)") } else { XCTAssertEqual(i, index + 1) }
            XCTAssertEqual(logs[i]["depth"], .number(JSONNumber(1)), "back in the parent after call \(n)")
        }

        // Prestate: every account a CALL named and every slot read or written.
        let accounts = try XCTUnwrap(prestate.objectValue)
        for address in [chain.sender, parent, child, reverter, Address(low: 4)] {
            XCTAssertNotNil(accounts[address.description], "\(address) missing from prestate")
        }
        XCTAssertEqual(prestate[parent.description]?["storage"]?[Hash(UInt256(5)).description], .string(Hash.zero.description))
        XCTAssertEqual(prestate[reverter.description]?["storage"]?[Hash.zero.description], .string(Hash.zero.description))
        XCTAssertEqual(prestate[parent.description]?["code"]?.stringValue,
                       "0x" + Hex.encode(TracingTestChain.parent(child: child, reverter: reverter), prefix: false))
    }

    func testPrestateDiffModeShowsTheWrite() async throws {
        let chain = try TracingTestChain()
        let store = try chain.deploy(TracingTestChain.store)
        let hash = try chain.submit(to: store, gas: 100_000)
        chain.mine()
        let diff = try await chain.call("debug_traceTransaction", [.hash(hash), TracingTestChain.options([
            ("tracer", "prestateTracer"), ("tracerConfig", TracingTestChain.options([("diffMode", true)]))])])
        XCTAssertEqual(diff["post"]?[store.description]?["storage"]?[Hash.zero.description], .string(Hash(UInt256(42)).description))
        XCTAssertNil(diff["pre"]?[store.description]?["storage"], "a slot that was zero is left out of pre")
        XCTAssertEqual(diff["post"]?[chain.sender.description]?["nonce"], .number(JSONNumber(UInt64(2))))
        XCTAssertNotNil(diff["pre"]?[chain.sender.description]?["balance"])
    }

    func testBlockTracesFourByteFlatMuxAndNoop() async throws {
        let chain = try TracingTestChain()
        let child = try chain.deploy(TracingTestChain.child)
        let reverter = try chain.deploy(TracingTestChain.reverter)
        let parent = try chain.deploy(TracingTestChain.parent(child: child, reverter: reverter))
        let first = try chain.submit(to: parent, data: [0xde, 0xad, 0xbe, 0xef, 0x01])
        let second = try chain.submit(to: Address(low: 0xbeef), value: 5, gas: 21_000)
        chain.mine()
        let number = chain.node.head.number

        let block = try await chain.call("debug_traceBlockByNumber", [.quantity(number), TracingTestChain.options([("tracer", "callTracer")])])
        let items = try XCTUnwrap(block.arrayValue)
        XCTAssertEqual(items.map { $0["txHash"] }, [.hash(first), .hash(second)])
        XCTAssertEqual(items[1]["result"]?["value"], .string("0x5"))
        let byHash = try await chain.call("debug_traceBlockByHash", [.hash(chain.node.head.hash), TracingTestChain.options([("tracer", "callTracer")])])
        XCTAssertEqual(byHash, block)
        let single = try await chain.call("debug_traceTransaction", [.hash(first), TracingTestChain.options([("tracer", "callTracer")])])
        XCTAssertEqual(items[0]["result"], single)

        let fourByte = try await chain.call("debug_traceTransaction", [.hash(first), TracingTestChain.options([("tracer", "4byteTracer")])])
        XCTAssertEqual(fourByte.serializedString, #"{"0xdeadbeef-1":1}"#)

        let flat = try await chain.call("debug_traceTransaction", [.hash(first), TracingTestChain.options([("tracer", "flatCallTracer")])])
        let entries = try XCTUnwrap(flat.arrayValue)
        XCTAssertEqual(entries.count, 3, "the precompile call is left out")
        XCTAssertEqual(entries.map { $0["traceAddress"] }, [.array([]), .array([.number(JSONNumber(0))]), .array([.number(JSONNumber(1))])])
        XCTAssertEqual(entries[0]["subtraces"], .number(JSONNumber(2)))
        XCTAssertEqual(entries[2]["error"], .string("execution reverted"))
        XCTAssertEqual(entries[0]["transactionHash"], .hash(first))
        XCTAssertEqual(entries[1]["action"]?["callType"], .string("call"))

        let mux = try await chain.call("debug_traceTransaction", [.hash(first), TracingTestChain.options([
            ("tracer", "muxTracer"), ("tracerConfig", TracingTestChain.options([("callTracer", .object(JSONObject())), ("4byteTracer", .object(JSONObject()))]))])])
        XCTAssertEqual(mux["callTracer"], single)
        XCTAssertEqual(mux["4byteTracer"], fourByte)

        let noop = try await chain.call("debug_traceTransaction", [.hash(first), TracingTestChain.options([("tracer", "noopTracer")])])
        XCTAssertEqual(noop.serializedString, "{}")
    }

    func testTraceCallWithOverridesAndErrors() async throws {
        let chain = try TracingTestChain()
        chain.mine()
        let target = Address(low: 0x1234)
        var code = JSONObject()
        code.append("code", .data(TracingTestChain.store))
        var overrides = JSONObject()
        overrides.append(target.description, .object(code))
        var request = JSONObject()
        request.append("from", .address(chain.sender))
        request.append("to", .address(target))
        let trace = try await chain.call("debug_traceCall", [.object(request), "latest", TracingTestChain.options([
            ("tracer", "prestateTracer"), ("tracerConfig", TracingTestChain.options([("diffMode", true)])), ("stateOverrides", .object(overrides))])])
        XCTAssertEqual(trace["post"]?[target.description]?["storage"]?[Hash.zero.description], .string(Hash(UInt256(42)).description))
        let logs = try await chain.call("debug_traceCall", [.object(request), "latest", TracingTestChain.options([("stateOverrides", .object(overrides))])])
        XCTAssertEqual(logs["structLogs"]?.arrayValue?.map { $0["op"]?.stringValue ?? "" }, ["PUSH1", "PUSH1", "SSTORE", "STOP"])

        let unknown = await chain.error("debug_traceCall", [.object(request), "latest", TracingTestChain.options([("tracer", "nope")])])
        XCTAssertEqual(unknown?.message, "tracer not found")
        let missing = await chain.error("debug_traceTransaction", [.hash(Hash(UInt256(7)))])
        XCTAssertEqual(missing?.message, "transaction not found")
        let genesis = await chain.error("debug_traceBlockByNumber", [.quantity(UInt64(0))])
        XCTAssertEqual(genesis?.message, "genesis is not traceable")
    }

    func quantity(_ json: JSON?) throws -> UInt64 {
        let s = try XCTUnwrap(json?.stringValue)
        return try XCTUnwrap(UInt64(s.dropFirst(2), radix: 16))
    }
}
