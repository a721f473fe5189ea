import Ethereum
import Execution
import Node
import Primitives
import RPC
import XCTest

/// `eth_config`, `eth_capabilities`, geth's raw debug getters, `debug_getBadBlocks` and
/// `testing_buildBlockV1` on chains built in the test.
final class StandardAPITests: XCTestCase {
    // MARK: eth_config

    func testConfigOfTheDefaultDevChain() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let config = try await h.result("eth_config", [])
        XCTAssertEqual(config.objectValue?.keys, ["current", "next", "last"])
        XCTAssertEqual(config["next"], .null)
        XCTAssertEqual(config["last"], .null)
        let current = try XCTUnwrap(config["current"])
        XCTAssertEqual(current.objectValue?.keys, ["activationTime", "blobSchedule", "chainId", "forkId", "precompiles", "systemContracts"])
        XCTAssertEqual(current["activationTime"], 0)
        XCTAssertEqual(current["chainId"], "0x7a69")
        // Osaka with mainnet's BPO2 blob parameters, the dev chain's default.
        XCTAssertEqual(current["blobSchedule"], ["target": 14, "max": 21, "baseFeeUpdateFraction": 11_684_671])
        let genesis = try XCTUnwrap(h.node.chain.database.header(number: 0))
        // Every fork is at genesis, so the fork id is the CRC-32 of the genesis hash alone.
        let forkId = ForkID.hash(config: h.node.chain.config, genesisHash: genesis.hash, genesisTime: genesis.timestamp, time: genesis.timestamp)
        XCTAssertEqual(current["forkId"]?.stringValue, Hex.encode(forkId))
        let precompiles = try XCTUnwrap(current["precompiles"]?.objectValue)
        XCTAssertEqual(precompiles.keys, precompiles.keys.sorted())
        XCTAssertEqual(precompiles.count, 18)
        XCTAssertEqual(precompiles["P256VERIFY"], "0x0000000000000000000000000000000000000100")
        XCTAssertEqual(precompiles["BN254_PAIRING"], "0x0000000000000000000000000000000000000008")
        XCTAssertEqual(current["systemContracts"], [
            "BEACON_ROOTS_ADDRESS": "0x000f3df6d732807ef1319fb7b8bb8522d0beac02",
            "CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS": "0x0000bbddc7ce488642fb579f8b00f3a590007251",
            "DEPOSIT_CONTRACT_ADDRESS": "0x00000000219ab540356cbb839cbe05303d7705fa",
            "HISTORY_STORAGE_ADDRESS": "0x0000f90827f1c53a10cb7a02335b175320002935",
            "WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS": "0x00000961ef480eb55e80d19ad83579a64c007002",
        ])
    }

    func testConfigWithScheduledForks() throws {
        let genesisTime: UInt64 = 1_700_000_000
        var config = ChainConfig.allAtGenesis(.prague, chainId: 560_048)
        config.forkTimes[.osaka] = genesisTime + 1000
        config.forkTimes[.bpo1] = genesisTime + 2000
        let genesisHash = Keccak256.hash([1, 2, 3])
        // Before Osaka: current Prague, next Osaka, last BPO1.
        var forks = ForkConfiguration.eip7910(config: config, genesisHash: genesisHash, genesisTime: genesisTime, headTime: genesisTime + 10)
        XCTAssertEqual(forks.current?.fork, .prague)
        XCTAssertEqual(forks.current?.activationTime, 0)
        XCTAssertEqual(forks.current?.precompiles.count, 17)
        XCTAssertEqual(forks.current?.blobSchedule, BlobSchedule.mainnet(.prague))
        XCTAssertEqual(forks.next?.fork, .osaka)
        XCTAssertEqual(forks.next?.activationTime, genesisTime + 1000)
        XCTAssertEqual(forks.next?.precompiles.count, 18)
        XCTAssertEqual(forks.last?.fork, .bpo1)
        XCTAssertEqual(forks.last?.blobSchedule, BlobSchedule.mainnet(.bpo1))
        // Each fork id counts the forks passed by its activation.
        XCTAssertEqual(forks.current?.forkId, ForkID.hash(config: config, genesisHash: genesisHash, genesisTime: genesisTime, time: genesisTime))
        XCTAssertNotEqual(forks.next?.forkId, forks.current?.forkId)
        XCTAssertNotEqual(forks.last?.forkId, forks.next?.forkId)
        // After the last fork: no next, so no last either.
        forks = ForkConfiguration.eip7910(config: config, genesisHash: genesisHash, genesisTime: genesisTime, headTime: genesisTime + 5000)
        XCTAssertEqual(forks.current?.fork, .bpo1)
        XCTAssertNil(forks.next)
        XCTAssertNil(forks.last)
        // A chain before Shanghai has no timestamp-scheduled configuration.
        forks = ForkConfiguration.eip7910(config: .allAtGenesis(.london, chainId: 1), genesisHash: genesisHash, genesisTime: 0, headTime: 99)
        XCTAssertNil(forks.current)
        XCTAssertNil(forks.next)
    }

    // MARK: eth_capabilities

    func testCapabilities() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        h.node.mineAndWait(count: 3)
        let caps = try await h.result("eth_capabilities", [])
        XCTAssertEqual(caps.objectValue?.keys, ["head", "state", "tx", "logs", "receipts", "blocks", "stateproofs"])
        XCTAssertEqual(caps["head"], ["number": "0x3", "hash": .hash(h.node.head.hash)])
        let window: JSON = ["disabled": false, "oldestBlock": "0x0", "deleteStrategy": ["type": "window", "retentionBlocks": "0x80"]]
        XCTAssertEqual(caps["state"], window)
        XCTAssertEqual(caps["stateproofs"], window)
        for resource in ["tx", "logs", "receipts", "blocks"] {
            XCTAssertEqual(caps[resource], ["disabled": false, "oldestBlock": "0x0"], resource)
        }
    }

    // MARK: raw getters

    func testRawOutputsDecodeToWhatTheEthMethodsReturn() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        try h.node.add(PooledTransaction(transaction: RPCHarness.store(slot: 9, value: 1, nonce: 0)))
        try h.node.add(TestNode.transfer(from: TestNode.keys[1], nonce: 0))
        h.node.mineAndWait()
        let block = try await h.result("eth_getBlockByNumber", ["latest", true])

        let header = try Header(rlp: RPCHarness.bytes(await h.result("debug_getRawHeader", ["latest"])))
        XCTAssertEqual(header.hash.description, block["hash"]?.stringValue)
        XCTAssertEqual(header.stateRoot.description, block["stateRoot"]?.stringValue)
        let byHash = try await h.result("debug_getRawHeader", [.hash(header.hash)])
        XCTAssertEqual(try RPCHarness.bytes(byHash), header.rlp)

        let raw = try Block(rlp: RPCHarness.bytes(await h.result("debug_getRawBlock", ["0x1"])))
        XCTAssertEqual(raw.header, header)
        XCTAssertEqual(raw.transactions.map(\.hash.description), block["transactions"]?.arrayValue?.map { $0["hash"]?.stringValue ?? "" })
        XCTAssertEqual(raw.withdrawals, [])

        for tx in raw.transactions {
            let bytes = try RPCHarness.bytes(await h.result("debug_getRawTransaction", [.hash(tx.hash)]))
            XCTAssertEqual(try Transaction(envelope: bytes), tx)
            XCTAssertEqual(Keccak256.hash(bytes), tx.hash)
        }

        let rawReceiptsAnswer = try await h.result("debug_getRawReceipts", [.hash(header.hash)])
        let rawReceipts = try XCTUnwrap(rawReceiptsAnswer.arrayValue)
        let receipts = try rawReceipts.map { try Receipt(envelope: RPCHarness.bytes($0)) }
        XCTAssertEqual(Block.receiptsRoot(receipts), header.receiptsRoot)
        let jsonAnswer = try await h.result("eth_getBlockReceipts", ["0x1"])
        let json = try XCTUnwrap(jsonAnswer.arrayValue)
        XCTAssertEqual(receipts.count, json.count)
        for (r, j) in zip(receipts, json) {
            XCTAssertEqual(JSON.quantity(r.cumulativeGasUsed), j["cumulativeGasUsed"])
            XCTAssertEqual(r.succeeded ? "0x1" : "0x0", j["status"]?.stringValue)
            XCTAssertEqual(Hex.encode(r.logsBloom.bytes), j["logsBloom"]?.stringValue)
            XCTAssertEqual(JSON.quantity(UInt64(r.type.rawValue)), j["type"])
        }
        // The genesis block has no receipts.
        let answer1 = try await h.result("debug_getRawReceipts", ["earliest"])
        XCTAssertEqual(answer1, [])
    }

    func testRawGettersForMissingThings() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let unknown = Hash(UInt256(0x0102))
        let e = await h.error("debug_getRawHeader", [.hash(unknown)])
        XCTAssertEqual(e?.message, "header #[" + Array(repeating: "0", count: 30).joined(separator: " ") + " 1 2] not found")
        let b = await h.error("debug_getRawBlock", ["0x9"])
        XCTAssertEqual(b?.message, "header not found")
        let answer2 = try await h.result("debug_getRawReceipts", [.hash(unknown)])
        XCTAssertEqual(answer2, [])
        let answer3 = try await h.result("debug_getRawTransaction", [.hash(unknown)])
        XCTAssertEqual(answer3, .null)
        // A pending transaction is found in the pool.
        let tx = RPCHarness.store(slot: 1, value: 2, nonce: 0)
        try h.node.add(PooledTransaction(transaction: tx))
        let answer4 = try await h.result("debug_getRawTransaction", [.hash(tx.hash)])
        XCTAssertEqual(answer4, .data(tx.envelope))
    }

    // MARK: debug_getBadBlocks

    func testImportRecordsBadBlocks() async throws {
        // A valid two-block chain from one node, the second block tampered, imported into another.
        let source = try RPCHarness()
        try source.node.add(TestNode.transfer(from: TestNode.keys[0], nonce: 0))
        source.node.mineAndWait()
        try source.node.add(TestNode.transfer(from: TestNode.keys[0], nonce: 1))
        source.node.mineAndWait()
        let first = try XCTUnwrap(source.node.chain.database.block(number: 1))
        var bad = try XCTUnwrap(source.node.chain.database.block(number: 2))
        source.node.shutdown()
        bad.header.stateRoot = Keccak256.hash([9])

        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let answer5 = try await h.result("debug_getBadBlocks", [])
        XCTAssertEqual(answer5, [])
        let report = h.node.importBlocks(first.rlp + bad.rlp)
        XCTAssertEqual(report.imported, 1)
        XCTAssertNotNil(report.failure)
        let listAnswer = try await h.result("debug_getBadBlocks", [])
        let list = try XCTUnwrap(listAnswer.arrayValue)
        XCTAssertEqual(list.count, 1)
        XCTAssertEqual(list[0].objectValue?.keys, ["hash", "block", "rlp"])
        XCTAssertEqual(list[0]["hash"], .hash(bad.hash))
        XCTAssertEqual(list[0]["rlp"], .data(bad.rlp))
        XCTAssertEqual(list[0]["block"]?["number"], "0x2")
        XCTAssertEqual(list[0]["block"]?["hash"], .hash(bad.hash))
        XCTAssertEqual(list[0]["block"]?["transactions"]?[0]?["from"], .address(TestNode.keys[0].address))
        // Importing it again records it once.
        _ = h.node.importBlocks(bad.rlp)
        let answer6 = try await h.result("debug_getBadBlocks", [])
        XCTAssertEqual(answer6.arrayValue?.count, 1)
    }

    func testBadBlocksKeepTheTenHighest() {
        let bad = BadBlocks()
        for n in [5, 1, 12, 3, 9, 7, 11, 2, 4, 8, 10, 6] as [UInt64] {
            bad.record(Block(header: Header(number: n)), reason: "test")
        }
        XCTAssertEqual(bad.all.map(\.block.header.number), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3])
    }

    // MARK: testing_buildBlockV1

    func attributes(_ h: RPCHarness, timestampOffset: UInt64 = 12) -> JSON {
        [
            "timestamp": .quantity(h.node.head.header.timestamp + timestampOffset),
            "prevRandao": .hash(Keccak256.hash([7])),
            "suggestedFeeRecipient": "0x00000000000000000000000000000000000fee01",
            "withdrawals": [["index": "0x0", "validatorIndex": "0x5", "address": "0x00000000000000000000000000000000000a11ce", "amount": "0x3b9aca00"]],
            "parentBeaconBlockRoot": .hash(Keccak256.hash([8])),
        ]
    }

    /// The block an execution payload describes, as `engine_newPayload` would rebuild it.
    func block(from payload: JSON, beaconRoot: Hash, requests: [[UInt8]]) throws -> Block {
        func hash(_ k: String) throws -> Hash { try Hash(hex: XCTUnwrap(payload[k]?.stringValue)) }
        func number(_ k: String) throws -> UInt64 { try UInt64(XCTUnwrap(payload[k]?.stringValue).dropFirst(2), radix: 16).unwrap() }
        let txs = try XCTUnwrap(payload["transactions"]?.arrayValue).map { try Transaction(envelope: RPCHarness.bytes($0)) }
        let withdrawals = try XCTUnwrap(payload["withdrawals"]?.arrayValue).map { w in
            Withdrawal(index: try UInt64(XCTUnwrap(w["index"]?.stringValue).dropFirst(2), radix: 16).unwrap(),
                       validatorIndex: try UInt64(XCTUnwrap(w["validatorIndex"]?.stringValue).dropFirst(2), radix: 16).unwrap(),
                       address: try Address(hex: XCTUnwrap(w["address"]?.stringValue)),
                       amountGwei: try UInt64(XCTUnwrap(w["amount"]?.stringValue).dropFirst(2), radix: 16).unwrap())
        }
        var header = Header(parentHash: try hash("parentHash"), coinbase: try Address(hex: XCTUnwrap(payload["feeRecipient"]?.stringValue)),
                            stateRoot: try hash("stateRoot"), transactionsRoot: Block.transactionsRoot(txs),
                            receiptsRoot: try hash("receiptsRoot"), logsBloom: try Bloom(RPCHarness.bytes(payload["logsBloom"])),
                            difficulty: .zero, number: try number("blockNumber"), gasLimit: try number("gasLimit"),
                            gasUsed: try number("gasUsed"), timestamp: try number("timestamp"),
                            extraData: try RPCHarness.bytes(payload["extraData"]), mixHash: try hash("prevRandao"), nonce: 0)
        header.baseFeePerGas = UInt256(try number("baseFeePerGas"))
        header.withdrawalsRoot = Block.withdrawalsRoot(withdrawals)
        header.blobGasUsed = try number("blobGasUsed")
        header.excessBlobGas = try number("excessBlobGas")
        header.parentBeaconBlockRoot = beaconRoot
        header.requestsHash = Requests.hash(requests)
        return Block(header: header, transactions: txs, withdrawals: withdrawals)
    }

    func testBuildBlockFromGivenTransactionsImportsAndCommitsNothing() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let head = h.node.head
        let tx = RPCHarness.store(slot: 4, value: 44, nonce: 0)
        let pooled = TestNode.transfer(from: TestNode.keys[2], nonce: 0)
        try h.node.add(pooled)  // in the pool, but not asked for
        let result = try await h.result("testing_buildBlockV1", [.hash(head.hash), attributes(h), [.data(tx.envelope)], "0x1234"])
        XCTAssertEqual(result.objectValue?.keys, ["executionPayload", "blockValue", "blobsBundle", "executionRequests", "shouldOverrideBuilder"])
        let payload = try XCTUnwrap(result["executionPayload"])
        XCTAssertEqual(payload["parentHash"], .hash(head.hash))
        XCTAssertEqual(payload["blockNumber"], "0x1")
        XCTAssertEqual(payload["feeRecipient"], "0x00000000000000000000000000000000000fee01")
        XCTAssertEqual(payload["extraData"], "0x1234")
        XCTAssertEqual(payload["transactions"], [.data(tx.envelope)])
        XCTAssertEqual(result["blobsBundle"], ["commitments": [], "proofs": [], "blobs": []])
        XCTAssertEqual(result["executionRequests"], [])
        XCTAssertEqual(result["shouldOverrideBuilder"], false)
        let gasUsed = try UInt64(XCTUnwrap(payload["gasUsed"]?.stringValue).dropFirst(2), radix: 16).unwrap()
        // The tip is 1 gwei (well under the fee cap minus the base fee).
        XCTAssertEqual(result["blockValue"], .quantity(UInt256(gasUsed) &* UInt256(1_000_000_000)))

        // The payload is a valid child of the head: it imports under the full rules, with its hash.
        let built = try block(from: payload, beaconRoot: Keccak256.hash([8]), requests: [])
        XCTAssertEqual(payload["blockHash"], .hash(built.hash))
        let importer = BlockImporter(config: h.node.chain.config)
        let imported = try importer.importBlock(built, parent: importer.genesisBlock(head.header), parentState: head.state) { _ in nil }
        XCTAssertEqual(imported.state.storage(RPCHarness.contract, UInt256(4)), UInt256(44))
        XCTAssertEqual(imported.state.account(try Address(hex: "0x00000000000000000000000000000000000a11ce"))?.balance,
                       UInt256(1_000_000_000) &* UInt256(1_000_000_000))

        // Nothing changed: same head, the pool still holds its transaction.
        XCTAssertEqual(h.node.head.hash, head.hash)
        XCTAssertNotNil(h.node.mempool.transaction(pooled.transaction.hash))
    }

    func testBuildBlockFromThePoolOrEmpty() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let head = h.node.head
        let pooled = TestNode.transfer(from: TestNode.keys[2], nonce: 0)
        try h.node.add(pooled)
        let fromPool = try await h.result("testing_buildBlockV1", [.hash(head.hash), attributes(h), .null])
        XCTAssertEqual(fromPool["executionPayload"]?["transactions"], [.data(pooled.transaction.envelope)])
        XCTAssertEqual(fromPool["executionPayload"]?["extraData"], "0x")
        let atHead = attributes(h)
        let empty = try await h.result("testing_buildBlockV1", [.hash(head.hash), atHead, []])
        XCTAssertEqual(empty["executionPayload"]?["transactions"], [])
        XCTAssertEqual(empty["blockValue"], "0x0")
        // Built on an older retained block.
        h.node.mineAndWait()
        let older = try await h.result("testing_buildBlockV1", [.hash(head.hash), atHead, []])
        XCTAssertEqual(older["executionPayload"]?["blockNumber"], "0x1")
        XCTAssertEqual(older["executionPayload"]?["blockHash"], empty["executionPayload"]?["blockHash"])
    }

    func testBuildBlockErrors() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let head = h.node.head
        var e = await h.error("testing_buildBlockV1", [.hash(Keccak256.hash([1])), attributes(h), []])
        XCTAssertEqual(e?.code, -32602)
        var noWithdrawals = attributes(h).objectValue!
        noWithdrawals["withdrawals"] = nil
        e = await h.error("testing_buildBlockV1", [.hash(head.hash), .object(noWithdrawals), []])
        XCTAssertEqual(e?.message, "missing withdrawals")
        e = await h.error("testing_buildBlockV1", [.hash(head.hash), ["prevRandao": .hash(.zero)], []])
        XCTAssertEqual(e?.message, "invalid argument 1: missing required field 'timestamp' for PayloadAttributes")
        // A transaction that cannot be included (its nonce is ahead) fails the call.
        e = await h.error("testing_buildBlockV1", [.hash(head.hash), attributes(h), [.data(RPCHarness.store(slot: 1, value: 1, nonce: 5).envelope)]])
        XCTAssertEqual(e?.code, -32602)
        XCTAssertTrue(e?.message.hasPrefix("invalid transaction 0:") ?? false, e?.message ?? "")
        e = await h.error("testing_buildBlockV1", [.hash(head.hash), attributes(h), ["0x01"]])
        XCTAssertEqual(e?.code, -32602)
    }
}
