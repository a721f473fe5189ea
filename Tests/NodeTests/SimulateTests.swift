import Ethereum
import Keys
import Node
import Primitives
import RPC
import XCTest

/// `eth_simulateV1`: multi-block simulation with state and block overrides, validation, the
/// specified error codes, movePrecompileToAddress, traceTransfers and full transactions.
final class SimulateTests: XCTestCase {
    static let c0 = "0xc000000000000000000000000000000000000000"
    static let c1 = "0xc100000000000000000000000000000000000000"
    static let c2 = "0xc200000000000000000000000000000000000000"
    static let c3 = "0xc300000000000000000000000000000000000000"

    /// Code returning BALANCE(address): PUSH20 a BALANCE PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN.
    static func balanceOf(_ address: String) -> String { "0x73" + address.dropFirst(2) + "3160005260206000f3" }
    /// Code returning BLOCKHASH(n).
    static func blockHash(_ n: UInt8) -> String { "0x60" + String(format: "%02x", n) + "4060005260206000f3" }
    /// Code that reverts with Error("nope").
    static let revertNope = "0x7f08c379a0" + String(repeating: "00", count: 28) + "600052" + "6020600452" + "6004602452"
        + "7f6e6f7065" + String(repeating: "00", count: 28) + "604452" + "60646000fd"

    func simulate(_ h: RPCHarness, _ opts: JSON, _ block: JSON = "latest") async throws -> [JSON] {
        let result = try await h.result("eth_simulateV1", [opts, block])
        return try XCTUnwrap(result.arrayValue)
    }

    func testTwoBlocksCarryStateAndChainTheirHeaders() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let head = h.node.head
        let blocks = try await simulate(h, ["blockStateCalls": [
            ["stateOverrides": [Self.c0: ["balance": "0x7d0"]],
             "calls": [["from": .string(Self.c0), "to": .string(Self.c1), "value": "0x3e8"]]],
            ["stateOverrides": [Self.c3: ["code": .string(Self.balanceOf(Self.c1))]],
             "calls": [["from": .string(Self.c1), "to": .string(Self.c2), "value": "0x1f4"],
                       ["from": .string(Self.c0), "to": .string(Self.c3)]]],
        ]])
        XCTAssertEqual(blocks.count, 2)
        XCTAssertEqual(blocks[0]["number"], .quantity(head.number + 1))
        XCTAssertEqual(blocks[1]["number"], .quantity(head.number + 2))
        XCTAssertEqual(blocks[0]["timestamp"], .quantity(head.header.timestamp + 12))
        XCTAssertEqual(blocks[1]["timestamp"], .quantity(head.header.timestamp + 24))
        XCTAssertEqual(blocks[0]["parentHash"], .hash(head.hash))
        XCTAssertEqual(blocks[1]["parentHash"], blocks[0]["hash"])
        XCTAssertEqual(blocks[0]["baseFeePerGas"], "0x0")
        XCTAssertEqual(blocks[0]["gasUsed"], "0x5208")
        XCTAssertEqual(blocks[0]["withdrawals"], [])
        let calls = try XCTUnwrap(blocks[1]["calls"]?.arrayValue)
        XCTAssertEqual(calls.map { $0["status"] }, ["0x1", "0x1"])
        // c1 received 1000 in block 1 and sent 500 in block 2.
        XCTAssertEqual(calls[1]["returnData"], .hash(Hash(UInt256(500))))
        XCTAssertEqual(calls[0].objectValue?.keys, ["returnData", "logs", "gasUsed", "maxUsedGas", "status"])
        // The blocks are real blocks: their hashes are their headers' hashes.
        XCTAssertEqual(try XCTUnwrap(blocks[1]["transactions"]?.arrayValue).count, 2)
        XCTAssertNotNil(blocks[1]["receiptsRoot"])
        // Nothing was committed.
        XCTAssertEqual(h.node.head.hash, head.hash)
        XCTAssertNil(h.node.head.state.account(try Address(hex: Self.c0)))
    }

    func testUnsignedTransactionsHashAsGethBuildsThem() {
        // execution-apis ethSimulate-eth-send-should-produce-logs: from c0 to c1 with value 1000 on
        // hive's chain (id 3503995874084926) with 50M gas, nonce 0 and no fees is 0xf1c5…8e9d.
        let tx = Transaction(type: .dynamicFee, chainId: 3_503_995_874_084_926, nonce: 0, gasLimit: 50_000_000,
                             to: try! Address(hex: Self.c1), value: UInt256(1000))
        XCTAssertEqual(tx.hash.description, "0xf1c5abb08809ef760f87aeabe7a87284c60797192dab6d2f0d26c27c9c038e9d")
    }

    func testBlockHashesOfSimulatedBlocksAndGaps() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let head = h.node.head.number
        let blocks = try await simulate(h, ["blockStateCalls": [
            ["stateOverrides": [Self.c3: ["code": .string(Self.blockHash(UInt8(head + 1)))]]],
            // Number head + 4: two empty blocks fill the gap.
            ["blockOverrides": ["number": .quantity(head + 4)], "calls": [["to": .string(Self.c3)]]],
        ]])
        XCTAssertEqual(blocks.count, 4)
        XCTAssertEqual(blocks.map { $0["number"] }, (1...4).map { .quantity(head + UInt64($0)) })
        XCTAssertEqual(blocks[3]["calls"]?[0]?["returnData"], blocks[0]["hash"])
        XCTAssertEqual(blocks[2]["timestamp"], .quantity(h.node.head.header.timestamp + 36))
    }

    func testErrorCodes() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let head = h.node.head
        func error(_ opts: JSON) async -> RPCError? { await h.error("eth_simulateV1", [opts, "latest"]) }

        var e = await error(["blockStateCalls": []])
        XCTAssertEqual(e?.code, -32602)
        XCTAssertEqual(e?.message, "empty input")
        e = await error(["blockStateCalls": [["blockOverrides": ["number": .quantity(head.number + 2)]],
                                             ["blockOverrides": ["number": .quantity(head.number + 1)]]]])
        XCTAssertEqual(e?.code, -38020)
        XCTAssertEqual(e?.message, "block numbers must be in order: \(head.number + 1) <= \(head.number + 2)")
        e = await error(["blockStateCalls": [["blockOverrides": ["time": .quantity(head.header.timestamp)]]]])
        XCTAssertEqual(e?.code, -38021)
        e = await error(["blockStateCalls": [["blockOverrides": ["number": .quantity(head.number + 257)]]]])
        XCTAssertEqual(e?.code, -38026)
        e = await error(["blockStateCalls": [["calls": [["from": .string(Self.c1), "to": .string(Self.c1), "gas": "0x0"]]]]])
        XCTAssertEqual(e?.code, -38013)
        XCTAssertEqual(e?.message, "err: intrinsic gas too low: have 0, want 21000 (supplied gas 0)")
        e = await error(["blockStateCalls": [["calls": [["from": .string(Self.c0), "to": .string(Self.c1), "value": "0x3e8"]]]]])
        XCTAssertEqual(e?.code, -38014)
        XCTAssertEqual(e?.message, "err: insufficient funds for gas * price + value: address 0xC000000000000000000000000000000000000000 have 0 want 1000 (supplied gas 30000000)")
        e = await error(["blockStateCalls": [["blockOverrides": ["gasLimit": "0x5208"],
                                              "calls": [["from": .string(Self.c1), "to": .string(Self.c1), "gas": "0x5209"]]]]])
        XCTAssertEqual(e?.code, -38015)
        // With validation: nonces and the base fee are checked.
        e = await error(["blockStateCalls": [["stateOverrides": [Self.c0: ["nonce": "0xa", "balance": "0xffffffffffffff"]],
                                              "calls": [["from": .string(Self.c0), "to": .string(Self.c1), "nonce": "0x0",
                                                         "maxFeePerGas": "0xffffffff"]]]], "validation": true])
        XCTAssertEqual(e?.code, -38010)
        XCTAssertEqual(e?.message, "err: nonce too low: address 0xC000000000000000000000000000000000000000, tx: 0 state: 10 (supplied gas 30000000)")
        e = await error(["blockStateCalls": [["blockOverrides": ["baseFeePerGas": "0xa"],
                                              "stateOverrides": [Self.c0: ["balance": "0x7d0"]],
                                              "calls": [["from": .string(Self.c0), "to": .string(Self.c1),
                                                         "maxFeePerGas": "0x0", "maxPriorityFeePerGas": "0x0"]]]], "validation": true])
        XCTAssertEqual(e?.code, -38012)
        XCTAssertEqual(e?.message, "err: max fee per gas less than block base fee: address 0xC000000000000000000000000000000000000000, maxFeePerGas: 0, baseFee: 10 (supplied gas 30000000)")
        // Without validation the same call runs: no nonce check, no fees.
        let ok = try await simulate(h, ["blockStateCalls": [["blockOverrides": ["baseFeePerGas": "0xa"],
                                                             "calls": [["from": .string(Self.c1), "to": .string(Self.c1), "nonce": "0x5",
                                                                        "maxFeePerGas": "0x0", "maxPriorityFeePerGas": "0x0"]]]]])
        XCTAssertEqual(ok[0]["calls"]?[0]?["status"], "0x1")
        XCTAssertEqual(ok[0]["baseFeePerGas"], "0xa")
    }

    func testRevertAndVMErrorsAreCallResults() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let blocks = try await simulate(h, ["blockStateCalls": [[
            "stateOverrides": [Self.c2: ["code": .string(Self.revertNope)], Self.c3: ["code": "0xfe"]],
            "calls": [["to": .string(Self.c2)], ["to": .string(Self.c3), "gas": "0x10000"]],
        ]]])
        let calls = try XCTUnwrap(blocks[0]["calls"]?.arrayValue)
        XCTAssertEqual(calls[0]["status"], "0x0")
        XCTAssertEqual(calls[0]["error"]?["code"], 3)
        XCTAssertEqual(calls[0]["error"]?["message"], "execution reverted: nope")
        XCTAssertEqual(calls[0]["error"]?["data"]?.stringValue?.hasPrefix("0x08c379a0"), true)
        XCTAssertEqual(calls[0]["error"]?.objectValue?.keys, ["message", "code", "data"])
        XCTAssertEqual(calls[1]["status"], "0x0")
        XCTAssertEqual(calls[1]["error"], ["message": "invalid opcode", "code": -32015])
        XCTAssertEqual(calls[1]["gasUsed"], "0x10000")
    }

    func testMovePrecompileToAddress() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        // ecrecover of a signature by dev account 0.
        let key = TestNode.keys[0]
        let digest = Keccak256.hash(Array("lanes".utf8))
        let signature = key.sign(hash: digest)
        let input = digest.bytes + UInt256(UInt64(27 + signature.yParity)).bigEndianBytes + signature.r.bigEndianBytes + signature.s.bigEndianBytes
        let expected = JSON.hash(try Hash([UInt8](repeating: 0, count: 12) + key.address.bytes))
        let ecrecover = "0x0000000000000000000000000000000000000001"
        let blocks = try await simulate(h, ["blockStateCalls": [[
            "stateOverrides": [.init(stringLiteral: ecrecover): ["movePrecompileToAddress": .string(Self.c2)]],
            "calls": [["to": .string(Self.c2), "input": .data(input)], ["to": .string(ecrecover), "input": .data(input)]],
        ], [
            // The next block starts from the fork's precompiles again.
            "calls": [["to": .string(ecrecover), "input": .data(input)]],
        ]]])
        XCTAssertEqual(blocks[0]["calls"]?[0]?["returnData"], expected)
        XCTAssertEqual(blocks[0]["calls"]?[1]?["returnData"], "0x")
        XCTAssertEqual(blocks[1]["calls"]?[0]?["returnData"], expected)

        // A precompile overridden with code runs the code.
        let replaced = try await simulate(h, ["blockStateCalls": [[
            "stateOverrides": [.init(stringLiteral: ecrecover): ["code": .string(Self.balanceOf(Self.c1))]],
            "calls": [["to": .string(ecrecover), "input": .data(input)]],
        ]]])
        XCTAssertEqual(replaced[0]["calls"]?[0]?["returnData"], .hash(.zero))

        let notPrecompile = await h.error("eth_simulateV1", [["blockStateCalls": [["stateOverrides": [
            .init(stringLiteral: Self.c1): ["movePrecompileToAddress": .string(Self.c2)]]]]], "latest"])
        XCTAssertEqual(notPrecompile?.code, -32000)
        XCTAssertEqual(notPrecompile?.message, "account 0xc100000000000000000000000000000000000000 is not a precompile")
    }

    func testEthCallMovesAndReplacesPrecompiles() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let identity = "0x0000000000000000000000000000000000000004"
        let input: JSON = "0x0102030405"
        // Moved: the identity precompile answers at c2, and 0x04 is an empty account.
        let moved: JSON = [.init(stringLiteral: identity): ["movePrecompileToAddress": .string(Self.c2)]]
        let atNew = try await h.result("eth_call", [["to": .string(Self.c2), "input": input], "latest", moved])
        XCTAssertEqual(atNew, input)
        let atOld = try await h.result("eth_call", [["to": .string(identity), "input": input], "latest", moved])
        XCTAssertEqual(atOld, "0x")
        // Overridden with code: the code runs instead of the precompile.
        let replaced = try await h.result("eth_call", [["to": .string(identity), "input": input], "latest",
                                                       [.init(stringLiteral: identity): ["code": .string(Self.balanceOf(Self.c1))]]])
        XCTAssertEqual(replaced, .hash(.zero))
        // Without overrides nothing changed.
        let plain = try await h.result("eth_call", [["to": .string(identity), "input": input], "latest"])
        XCTAssertEqual(plain, input)
        let e = await h.error("eth_call", [["to": .string(Self.c2)], "latest",
                                           [.init(stringLiteral: Self.c1): ["movePrecompileToAddress": .string(Self.c2)]]])
        XCTAssertEqual(e?.message, "account 0xc100000000000000000000000000000000000000 is not a precompile")
        let twice = await h.error("eth_call", [["to": .string(Self.c2)], "latest",
                                               [.init(stringLiteral: identity): ["movePrecompileToAddress": .string(Self.c2)],
                                                .init(stringLiteral: Self.c2): ["balance": "0x1"]]])
        XCTAssertEqual(twice?.message, "account 0xc200000000000000000000000000000000000000 is already overridden")
    }

    func testTraceTransfersAndFullTransactions() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let opts: JSON = ["blockStateCalls": [[
            "stateOverrides": [Self.c0: ["balance": "0x7d0"]],
            "calls": [["from": .string(Self.c0), "to": .string(Self.c1), "value": "0x3e8"],
                      ["from": .string(Self.c0), "to": .address(RPCHarness.contract),
                       "input": .data(UInt256(1).bigEndianBytes + UInt256(2).bigEndianBytes), "value": "0x1"]],
        ]], "traceTransfers": true, "returnFullTransactions": true]
        let blocks = try await simulate(h, opts)
        let block = blocks[0]
        let logs = try XCTUnwrap(block["calls"]?[0]?["logs"]?.arrayValue)
        XCTAssertEqual(logs.count, 1)
        XCTAssertEqual(logs[0]["address"], "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")
        XCTAssertEqual(logs[0]["topics"], [
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            "0x000000000000000000000000c000000000000000000000000000000000000000",
            "0x000000000000000000000000c100000000000000000000000000000000000000",
        ])
        XCTAssertEqual(logs[0]["data"], .hash(Hash(UInt256(1000))))
        XCTAssertEqual(logs[0]["blockHash"], block["hash"])
        XCTAssertEqual(logs[0]["logIndex"], "0x0")
        XCTAssertEqual(logs[0]["transactionHash"], block["transactions"]?[0]?["hash"])
        // Log indexes run on through the block.
        XCTAssertEqual(block["calls"]?[1]?["logs"]?[0]?["logIndex"], "0x1")
        // Synthetic logs are not part of the receipts: the block's bloom is empty.
        XCTAssertEqual(block["logsBloom"], .data([UInt8](repeating: 0, count: 256)))
        // Full transactions name the caller as sender.
        XCTAssertEqual(block["transactions"]?[0]?["from"], .string(Self.c0))
        XCTAssertEqual(block["transactions"]?[1]?["to"], .address(RPCHarness.contract))
        XCTAssertEqual(block["transactions"]?[0]?["type"], "0x2")
        // Without traceTransfers there are no transfer logs.
        var plain = opts.objectValue!
        plain["traceTransfers"] = false
        let untraced = try await simulate(h, .object(plain))
        XCTAssertEqual(untraced[0]["calls"]?[0]?["logs"], [])
    }

    /// CALL(gas, to, CALLVALUE, 0, 0, 0, 0), then STOP (or REVERT).
    static func forward(to address: String, thenRevert: Bool = false) -> String {
        "0x600060006000600034" + "73" + address.dropFirst(2) + "5af150" + (thenRevert ? "60006000fd" : "00")
    }

    func testTraceTransfersFollowTheCallFrames() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let c4 = "0xc400000000000000000000000000000000000000"
        let c5 = "0xc500000000000000000000000000000000000000"
        let blocks = try await simulate(h, ["blockStateCalls": [[
            "stateOverrides": [Self.c0: ["balance": "0xffff"],
                               Self.c2: ["code": .string(Self.forward(to: Self.c1))],
                               Self.c3: ["code": .string(Self.forward(to: c4))],
                               c4: ["code": .string(Self.forward(to: Self.c1, thenRevert: true))],
                               // CALLCODE keeps the value where it is: no transfer log for it.
                               c5: ["code": .string(Self.forward(to: Self.c1).replacingOccurrences(of: "5af150", with: "5af250"))]],
            "calls": [["from": .string(Self.c0), "to": .string(Self.c2), "value": "0x5"],
                      // c3 forwards to c4, which forwards to c1 and then reverts: only c0 → c3 stands.
                      ["from": .string(Self.c0), "to": .string(Self.c3), "value": "0x7"],
                      ["from": .string(Self.c0), "to": .string(c5), "value": "0x3"]],
        ]], "traceTransfers": true])
        func transfers(_ call: Int) -> [[String]] {
            (blocks[0]["calls"]?[call]?["logs"]?.arrayValue ?? []).map { log in
                (log["topics"]?.arrayValue ?? []).dropFirst().map { "0x" + ($0.stringValue ?? "").suffix(40) } + [log["data"]?.stringValue ?? ""]
            }
        }
        XCTAssertEqual(transfers(0), [[Self.c0, Self.c2, Hash(UInt256(5)).description], [Self.c2, Self.c1, Hash(UInt256(5)).description]])
        XCTAssertEqual(blocks[0]["calls"]?[1]?["status"], "0x1")
        XCTAssertEqual(transfers(1), [[Self.c0, Self.c3, Hash(UInt256(7)).description]])
        XCTAssertEqual(blocks[0]["calls"]?[1]?["logs"]?[0]?["logIndex"], "0x2")
        XCTAssertEqual(transfers(2), [[Self.c0, c5, Hash(UInt256(3)).description]])
        XCTAssertEqual(blocks[0]["calls"]?[0]?["logs"]?[1]?["logIndex"], "0x1")
    }

    func testValidationUsesTheNextBaseFeeAndChecksNonces() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let sender = TestNode.keys[0].address
        let head = h.node.head
        let blocks = try await simulate(h, ["blockStateCalls": [[
            "calls": [["from": .address(sender), "to": .string(Self.c1), "value": "0x1", "maxFeePerGas": "0x174876e800"],
                      ["from": .address(sender), "to": .string(Self.c1), "value": "0x1", "maxFeePerGas": "0x174876e800"]],
        ]], "validation": true])
        XCTAssertEqual(blocks[0]["baseFeePerGas"], .quantity(HeaderRules.nextBaseFee(parent: head.header, parentFork: head.fork)))
        XCTAssertEqual(blocks[0]["calls"]?.arrayValue?.map { $0["status"] }, ["0x1", "0x1"])
        // The second call took the next nonce.
        let e = await h.error("eth_simulateV1", [["blockStateCalls": [["calls": [
            ["from": .address(sender), "to": .string(Self.c1), "nonce": "0x1", "maxFeePerGas": "0x174876e800"]]]], "validation": true], "latest"])
        XCTAssertEqual(e?.code, -38011)
    }
}
