import Dispatch
import RPC
import Synchronization
import XCTest

final class DispatcherTests: XCTestCase {
    /// A registry with test methods of every arity and handler form.
    func makeRegistry() -> RPCRegistry {
        let registry = RPCRegistry()
        registry.registerWeb3Methods(clientVersion: "lanes/vtest")
        registry.register("test_echo", params: 0...3) { call in .array(call.params.values) }
        registry.register("test_balance", params: 1...2) { call in
            let address = try call.params.address(0)
            let block = try call.params.blockSelector(1, default: .latest)
            return ["address": .address(address), "block": "\(block)" == "\(BlockSelector.latest)" ? "latest" : "other"]
        }
        registry.register("test_quantity", params: 1...1) { call in .quantity(try call.params.uint256(0)) }
        registry.register("test_uint64", params: 1...1) { call in .quantity(try call.params.uint64(0)) }
        registry.register("test_data", params: 1...1) { call in .data(try call.params.bytes(0)) }
        registry.register("test_block", params: 1...2) { call in
            _ = try call.params.blockTag(0)
            return .bool(try call.params.optional(1) { v throws(ParamError) in try ParamDecoding.bool(v) } ?? false)
        }
        registry.register("test_fail") { _ in throw RPCError.server("nonce too low") }
        registry.register("test_revert") { _ in
            // Error(string) "nope"
            throw RPCError.executionReverted(data: try! Array(hex: "08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020"
                + "0000000000000000000000000000000000000000000000000000000000000004" + "6e6f706500000000000000000000000000000000000000000000000000000000"))
        }
        struct Plain: Error, CustomStringConvertible { var description: String { "insufficient funds for transfer" } }
        registry.register("test_plainError") { _ in throw Plain() }
        registry.registerCallback("test_later", params: 1...1) { call, complete in
            let ms = (try? call.params.uint64(0)) ?? 0
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(ms))) {
                complete(.success(.quantity(ms)))
                complete(.success("second completion is ignored"))
            }
        }
        registry.registerAsync("test_async") { _ in
            try await Task.sleep(nanoseconds: 1_000_000)
            return "async"
        }
        return registry
    }

    func dispatch(_ body: String, registry: RPCRegistry? = nil, configuration: RPCDispatcherConfiguration = .init()) async -> String? {
        let dispatcher = RPCDispatcher(registry: registry ?? makeRegistry(), configuration: configuration)
        return await dispatcher.handle(Array(body.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The malformed-input table: every row's exact response.
    func testMalformedInputTable() async {
        let deep = String(repeating: "[", count: 100_000)
        let rows: [(String, String?)] = [
            // Not JSON.
            ("{", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#),
            ("", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"web3_clientVersion"} x"#, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#),
            (deep, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#),
            // Not a request.
            (#"{"id":1,"method":"web3_clientVersion"}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"invalid request"}}"#),
            (#"{"jsonrpc":"1.0","id":"a","method":"web3_clientVersion"}"#, #"{"jsonrpc":"2.0","id":"a","error":{"code":-32600,"message":"invalid request"}}"#),
            (#"{"jsonrpc":2.0,"id":1,"method":"web3_clientVersion"}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"invalid request"}}"#),
            (#"{"jsonrpc":"2.0","id":1}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"invalid request"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":5}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"invalid request"}}"#),
            (#"{"jsonrpc":"2.0","id":{"a":1},"method":"web3_clientVersion"}"#, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request"}}"#),
            (#"{"jsonrpc":"2.0","id":[1],"method":"web3_clientVersion"}"#, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request"}}"#),
            (#"{"jsonrpc":"2.0","id":true,"method":"web3_clientVersion"}"#, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request"}}"#),
            ("5", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request"}}"#),
            ("null", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request"}}"#),
            (#"{"jsonrpc":"2.0"}"#, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request"}}"#),
            // Batches.
            ("[]", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"empty batch"}}"#),
            ("[1]", #"[{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request"}}]"#),
            // Unknown method.
            (#"{"jsonrpc":"2.0","id":1,"method":"eth_nope"}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"the method eth_nope does not exist/is not available"}}"#),
            // Parameter counts and shapes.
            (#"{"jsonrpc":"2.0","id":1,"method":"web3_clientVersion","params":[1]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"too many arguments, want at most 0"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance","params":["0x0000000000000000000000000000000000000001","latest",true]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"too many arguments, want at most 2"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance","params":[]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"missing value for required argument 0"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance"}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"missing value for required argument 0"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance","params":{"a":1}}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"non-array args"}}"#),
            // Parameter types.
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance","params":[1]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal non-string into Go value of type common.Address"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance","params":["0x01"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: hex string has length 2, want 40 for common.Address"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance","params":["0000000000000000000000000000000000000001"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal hex string without 0x prefix into Go value of type common.Address"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance","params":["0x000000000000000000000000000000000000000g"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal invalid hex string into Go value of type common.Address"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance","params":["0x0000000000000000000000000000000000000001","0x"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 1: hex string \"0x\""}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_balance","params":["0x0000000000000000000000000000000000000001","lastest"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 1: hex string without 0x prefix"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_quantity","params":["0x01"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal hex number with leading zero digits into Go value of type *hexutil.Big"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_quantity","params":["0x"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal hex string \"0x\" into Go value of type *hexutil.Big"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_quantity","params":["0x1"# + String(repeating: "0", count: 64) + #""]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal hex number > 256 bits into Go value of type *hexutil.Big"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_quantity","params":[1000000000000000000000000000000]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal non-string into Go value of type *hexutil.Big"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_uint64","params":["0x10000000000000000"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal hex number > 64 bits into Go value of type hexutil.Uint64"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_data","params":["0x123"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal hex string of odd length into Go value of type hexutil.Bytes"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_block","params":["0x1",1]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 1: json: cannot unmarshal number into Go value of type bool"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_block","params":["0x8000000000000000"]}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: block number larger than int64"}}"#),
            // Server errors and reverts.
            (#"{"jsonrpc":"2.0","id":1,"method":"test_fail"}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"nonce too low"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_plainError"}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"insufficient funds for transfer"}}"#),
            (#"{"jsonrpc":"2.0","id":1,"method":"test_revert"}"#, #"{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted: nope","data":"0x08c379a0000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000046e6f706500000000000000000000000000000000000000000000000000000000"}}"#),
        ]
        for (body, expected) in rows {
            let got = await dispatch(body)
            XCTAssertEqual(got, expected, "request: \(body.prefix(120))")
        }
    }

    func testIDsAreEchoedExactly() async {
        let ids = ["1", "0", "-7", "1.5", "1e3", "123456789012345678901234567890123456789", "\"abc\"", "\"\"", "\"é\\n😀\"", "null"]
        for id in ids {
            let got = await dispatch(#"{"jsonrpc":"2.0","id":\#(id),"method":"web3_clientVersion"}"#)
            XCTAssertEqual(got, #"{"jsonrpc":"2.0","id":\#(id),"result":"lanes/vtest"}"#)
        }
    }

    func testNotificationsGetNoResponse() async {
        let registry = makeRegistry()
        let hits = Counter()
        registry.register("test_count") { _ in hits.increment(); return .null }
        // Unknown methods and bad params in notifications are silent too.
        for body in [#"{"jsonrpc":"2.0","method":"test_count"}"#, #"{"jsonrpc":"2.0","method":"eth_nope"}"#,
                     #"{"jsonrpc":"2.0","method":"test_balance","params":[1]}"#,
                     #"[{"jsonrpc":"2.0","method":"test_count"},{"jsonrpc":"2.0","method":"test_count"}]"#] {
            let got = await dispatch(body, registry: registry)
            XCTAssertNil(got, body)
        }
        XCTAssertEqual(hits.value, 3)
        // Mixed batch: only the calls are answered, in order.
        let mixed = await dispatch(#"[{"jsonrpc":"2.0","method":"test_count"},{"jsonrpc":"2.0","id":9,"method":"test_echo","params":["x"]},{"jsonrpc":"2.0","method":"test_count"}]"#, registry: registry)
        XCTAssertEqual(mixed, #"[{"jsonrpc":"2.0","id":9,"result":["x"]}]"#)
        XCTAssertEqual(hits.value, 5)
    }

    func testBatchAnswersInOrderIncludingSlowCallbacks() async {
        let body = "[" + [300, 0, 100, 50].enumerated().map { #"{"jsonrpc":"2.0","id":\#($0.offset),"method":"test_later","params":["\#(JSON.quantity($0.element).stringValue!)"]}"# }.joined(separator: ",") + "]"
        let got = await dispatch(body)
        XCTAssertEqual(got, #"[{"jsonrpc":"2.0","id":0,"result":"0x12c"},{"jsonrpc":"2.0","id":1,"result":"0x0"},{"jsonrpc":"2.0","id":2,"result":"0x64"},{"jsonrpc":"2.0","id":3,"result":"0x32"}]"#)
        let asyncResult = await dispatch(#"[{"jsonrpc":"2.0","id":1,"method":"test_async"},{"jsonrpc":"2.0","id":2,"method":"web3_sha3","params":["0x"]}]"#)
        XCTAssertEqual(asyncResult, #"[{"jsonrpc":"2.0","id":1,"result":"async"},{"jsonrpc":"2.0","id":2,"result":"0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"}]"#)
    }

    func testLongBatchOfSynchronousCallsDoesNotGrowTheStack() async {
        let body = "[" + (0..<1000).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"test_echo"}"# }.joined(separator: ",") + "]"
        let got = await dispatch(body)
        let parsed = try? JSONParser().parse(Array(got!.utf8))
        XCTAssertEqual(parsed?.arrayValue?.count, 1000)
        XCTAssertEqual(parsed?[999]?["id"], 999)
    }

    func testOversizeBatch() async {
        var configuration = RPCDispatcherConfiguration()
        configuration.maxBatchSize = 3
        let call = { (id: Int) in #"{"jsonrpc":"2.0","id":\#(id),"method":"web3_clientVersion"}"# }
        let ok = await dispatch("[" + (1...3).map(call).joined(separator: ",") + "]", configuration: configuration)
        XCTAssertEqual(ok?.components(separatedBy: "lanes/vtest").count, 4)
        let tooMany = await dispatch("[" + (7...10).map(call).joined(separator: ",") + "]", configuration: configuration)
        XCTAssertEqual(tooMany, #"[{"jsonrpc":"2.0","id":7,"error":{"code":-32600,"message":"batch too large"}}]"#)
        let notifications = String(repeating: #"{"jsonrpc":"2.0","method":"web3_clientVersion"},"#, count: 4).dropLast()
        let tooManyNotifications = await dispatch("[" + notifications + "]", configuration: configuration)
        XCTAssertEqual(tooManyNotifications, #"[{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch too large"}}]"#)
    }

    func testBatchResponseSizeLimit() async {
        var configuration = RPCDispatcherConfiguration()
        configuration.maxBatchResponseBytes = 100
        let body = #"[{"jsonrpc":"2.0","id":1,"method":"test_echo","params":["\#(String(repeating: "a", count: 200))"]},{"jsonrpc":"2.0","id":2,"method":"web3_clientVersion"}]"#
        let got = await dispatch(body, configuration: configuration)!
        XCTAssertTrue(got.hasSuffix(#"{"jsonrpc":"2.0","id":2,"error":{"code":-32003,"message":"response too large"}}]"#), got)
    }

    func testBuiltins() async {
        let hello = await dispatch(#"{"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":["0x68656c6c6f20776f726c64"]}"#)
        XCTAssertEqual(hello, #"{"jsonrpc":"2.0","id":1,"result":"0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad"}"#)
        let bad = await dispatch(#"{"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":["hello"]}"#)
        XCTAssertEqual(bad, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"invalid argument 0: json: cannot unmarshal hex string without 0x prefix into Go value of type hexutil.Bytes"}}"#)
    }

    func testRevertReasons() {
        XCTAssertEqual(RPCError.executionReverted(data: []).message, "execution reverted")
        XCTAssertEqual(RPCError.executionReverted(data: []).json.serializedString, #"{"code":3,"message":"execution reverted","data":"0x"}"#)
        let panic = try! Array(hex: "4e487b71" + String(repeating: "0", count: 62) + "11")
        XCTAssertEqual(RPCError.executionReverted(data: panic).message, "execution reverted: arithmetic underflow or overflow")
        let unknownPanic = try! Array(hex: "4e487b71" + String(repeating: "0", count: 62) + "99")
        XCTAssertEqual(RPCError.executionReverted(data: unknownPanic).message, "execution reverted: unknown panic code: 0x99")
        // A custom error (no reason) and truncated/hostile Error(string) data.
        XCTAssertEqual(RPCError.executionReverted(data: [0xde, 0xad, 0xbe, 0xef]).message, "execution reverted")
        let hostile = try! Array(hex: "08c379a0" + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0")
        XCTAssertEqual(RPCError.executionReverted(data: hostile).message, "execution reverted")
        let longLength = try! Array(hex: "08c379a0" + String(repeating: "0", count: 62) + "20" + String(repeating: "f", count: 64))
        XCTAssertEqual(RPCError.executionReverted(data: longLength).message, "execution reverted")
    }

    func testSubscriptionNotificationFormat() {
        let message = SubscriptionNotification.message(subscription: "0xcd0c3e8af590364c09d0fa6a1210faf5", result: ["number": "0x1"])
        XCTAssertEqual(message.serializedString, #"{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0xcd0c3e8af590364c09d0fa6a1210faf5","result":{"number":"0x1"}}}"#)
        let id = SubscriptionNotification.newID()
        XCTAssertTrue(id.hasPrefix("0x") && id.count <= 34 && id.count > 3, id)
        XCTAssertNotEqual(id, SubscriptionNotification.newID())
    }

    func testSessionNotifiesAndRunsCloseHooksOnce() {
        final class Sink: RPCSessionTransport, @unchecked Sendable {
            let lock = NSLock()
            var sent: [String] = []
            func send(text: [UInt8]) { lock.lock(); sent.append(String(decoding: text, as: UTF8.self)); lock.unlock() }
        }
        let sink = Sink()
        let session = RPCSession(id: 1, transport: sink)
        let closes = Counter()
        session.onClose { closes.increment() }
        session.notify(subscription: "0x1", result: "0x2")
        session.close()
        session.close()
        session.notify(subscription: "0x1", result: "dropped")
        session.onClose { closes.increment() }  // already closed: runs at once
        XCTAssertEqual(sink.sent, [#"{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x1","result":"0x2"}}"#])
        XCTAssertEqual(closes.value, 2)
        XCTAssertTrue(session.isClosed)
    }
}

/// A thread-safe counter for handlers.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
