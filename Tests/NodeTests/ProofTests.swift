import Ethereum
import Node
import Primitives
import RPC
import State
import Trie
import XCTest

/// `eth_getProof` and `eth_getStorageValues` on a chain built in the test: proofs verify against
/// the block's state root (and the account's storage root), at the head and at older retained
/// blocks; geth's key echo, missing-account shape and errors.
final class ProofTests: XCTestCase {
    /// Checks an `eth_getProof` answer against `stateRoot`: the account proof proves exactly the
    /// account fields reported (or its absence), each storage proof its value.
    func verify(_ proof: JSON, address: Address, stateRoot: Hash, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(proof["address"]?.stringValue, address.description, file: file, line: line)
        let accountNodes = try XCTUnwrap(proof["accountProof"]?.arrayValue).map { try RPCHarness.bytes($0) }
        let leaf = try SecureTrie.verifyProof(root: stateRoot, key: address.bytes, proof: accountNodes)
        let storageHash = try Hash(hex: XCTUnwrap(proof["storageHash"]?.stringValue))
        if let leaf {
            var r = RLPReader(leaf)
            var fields = try r.readList()
            let nonce = try fields.readUInt64()
            let balance = try fields.readUInt256()
            let root = try Hash(fields.readBytes())
            let codeHash = try Hash(fields.readBytes())
            XCTAssertEqual(proof["nonce"]?.stringValue, JSON.quantity(nonce).stringValue, file: file, line: line)
            XCTAssertEqual(proof["balance"]?.stringValue, balance.hexQuantity, file: file, line: line)
            XCTAssertEqual(storageHash, root, file: file, line: line)
            XCTAssertEqual(proof["codeHash"]?.stringValue, codeHash.description, file: file, line: line)
        } else {
            // geth reports a missing account with zero hashes.
            XCTAssertEqual(storageHash, .zero, file: file, line: line)
            XCTAssertEqual(proof["codeHash"]?.stringValue, Hash.zero.description, file: file, line: line)
            XCTAssertEqual(proof["balance"]?.stringValue, "0x0", file: file, line: line)
        }
        for entry in try XCTUnwrap(proof["storageProof"]?.arrayValue) {
            let keyText = try XCTUnwrap(entry["key"]?.stringValue)
            let slot = try UInt256(bigEndian: Hex.decodeQuantityDigits(keyText.dropFirst(2), maxBytes: 32, strict: false)).unwrap()
            let nodes = try XCTUnwrap(entry["proof"]?.arrayValue).map { try RPCHarness.bytes($0) }
            let value = try XCTUnwrap(entry["value"]?.stringValue)
            if storageHash == .zero || storageHash == Trie.emptyRoot {
                XCTAssertEqual(nodes, [], file: file, line: line)
                XCTAssertEqual(value, "0x0", file: file, line: line)
                continue
            }
            let proven = try SecureTrie.verifyProof(root: storageHash, key: slot.bigEndianBytes, proof: nodes)
            let provenValue = try proven.map { bytes -> UInt256 in
                var r = RLPReader(bytes)
                return try r.readUInt256()
            } ?? .zero
            XCTAssertEqual(value, provenValue.hexQuantity, "slot \(keyText)", file: file, line: line)
        }
    }

    func testProofsVerifyAgainstTheHeadStateRoot() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let contract = RPCHarness.contract.description
        let keys: [JSON] = ["0x1", "0x05", .string("0x" + String(repeating: "0", count: 63) + "7"), "0x3e7", "0x"]
        let proof = try await h.result("eth_getProof", [.string(contract), .array(keys), "latest"])
        try verify(proof, address: RPCHarness.contract, stateRoot: h.node.head.header.stateRoot)
        let storage = try XCTUnwrap(proof["storageProof"]?.arrayValue)
        // geth echoes a 32-byte key as given and any shorter one as a QUANTITY.
        XCTAssertEqual(storage.map { $0["key"]?.stringValue }, ["0x1", "0x5", "0x" + String(repeating: "0", count: 63) + "7", "0x3e7", "0x0"])
        XCTAssertEqual(storage.map { $0["value"]?.stringValue }, ["0x3ef", "0x138f", "0x1b5f", "0x0", "0x0"])
        XCTAssertEqual(proof["nonce"]?.stringValue, "0x1")
        XCTAssertEqual(proof["balance"]?.stringValue, "0x5")
        XCTAssertEqual(proof["codeHash"]?.stringValue, Keccak256.hash(RPCHarness.storeCode).description)
        XCTAssertEqual(proof.objectValue?.keys, ["address", "accountProof", "balance", "codeHash", "nonce", "storageHash", "storageProof"])
        XCTAssertEqual(storage[0].objectValue?.keys, ["key", "value", "proof"])

        // A funded externally owned account: empty storage root, and slots answer 0 without proof nodes.
        let eoa = TestNode.keys[1].address
        let eoaProof = try await h.result("eth_getProof", [.address(eoa), ["0x0"], "latest"])
        try verify(eoaProof, address: eoa, stateRoot: h.node.head.header.stateRoot)
        XCTAssertEqual(eoaProof["storageHash"]?.stringValue, Trie.emptyRoot.description)
        XCTAssertEqual(eoaProof["codeHash"]?.stringValue, Account.emptyCodeHash.description)
        XCTAssertEqual(eoaProof["storageProof"]?[0]?["proof"]?.arrayValue?.count, 0)
    }

    func testMissingAccountProvesAbsenceWithZeroHashes() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let nobody = try Address(hex: "0x00000000000000000000000000000000deadbeef")
        let proof = try await h.result("eth_getProof", [.address(nobody), ["0x1"], "latest"])
        try verify(proof, address: nobody, stateRoot: h.node.head.header.stateRoot)
        XCTAssertEqual(proof["storageHash"]?.stringValue, Hash.zero.description)
        XCTAssertEqual(proof["nonce"]?.stringValue, "0x0")
        XCTAssertFalse(try XCTUnwrap(proof["accountProof"]?.arrayValue).isEmpty)
        let empty = try await h.result("eth_getProof", [.address(nobody), [], "latest"])
        XCTAssertEqual(empty["storageProof"]?.arrayValue?.count, 0)
    }

    func testProofsAtOlderBlocksVerifyAgainstTheirOwnRoots() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let genesisRoot = h.node.head.header.stateRoot
        try h.node.add(PooledTransaction(transaction: RPCHarness.store(slot: 3, value: 0xabcd, nonce: 0)))
        h.node.mineAndWait()
        try h.node.add(PooledTransaction(transaction: RPCHarness.store(slot: 3, value: 0, nonce: 1)))
        try h.node.add(PooledTransaction(transaction: RPCHarness.store(slot: 77, value: 5, nonce: 2)))
        h.node.mineAndWait()
        XCTAssertEqual(h.node.head.number, 2)
        let roots = try [genesisRoot, XCTUnwrap(h.node.chain.database.header(number: 1)).stateRoot, h.node.head.header.stateRoot]
        let expected: [[String]] = [["0xbbf", "0x0"], ["0xabcd", "0x0"], ["0x0", "0x5"]]
        for n in 0...2 {
            let proof = try await h.result("eth_getProof", [.address(RPCHarness.contract), ["0x3", "0x4d"], .quantity(UInt64(n))])
            try verify(proof, address: RPCHarness.contract, stateRoot: roots[n])
            XCTAssertEqual(proof["storageProof"]?.arrayValue?.map { $0["value"]?.stringValue ?? "" }, expected[n], "block \(n)")
        }
        // By block hash (EIP-1898) too.
        let hash = try XCTUnwrap(h.node.chain.database.blockHash(number: 1))
        let byHash = try await h.result("eth_getProof", [.address(RPCHarness.contract), ["0x3"], ["blockHash": .hash(hash)]])
        try verify(byHash, address: RPCHarness.contract, stateRoot: roots[1])
    }

    func testGethErrors() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let a = JSON.address(RPCHarness.contract)
        var e = await h.error("eth_getProof", [a, ["0xzz"], "latest"])
        XCTAssertEqual(e?.code, -32000)
        XCTAssertEqual(e?.message, "hex string invalid")
        e = await h.error("eth_getProof", [a, [.string("0x" + String(repeating: "1", count: 66))], "latest"])
        XCTAssertEqual(e?.message, "hex string too long, want at most 32 bytes")
        e = await h.error("eth_getProof", [a, ["0x1"], "0x10"])
        XCTAssertEqual(e?.message, "header not found")
        e = await h.error("eth_getProof", [a, ["0x1"]])
        XCTAssertEqual(e?.code, -32602)
        e = await h.error("eth_getProof", [a, [1], "latest"])
        XCTAssertEqual(e?.message, "invalid argument 1: json: cannot unmarshal number into Go value of type string")
    }

    func testStorageValues() async throws {
        let h = try RPCHarness()
        defer { h.node.shutdown() }
        let slot = { (n: UInt64) -> JSON in .hash(Hash(UInt256(n))) }
        let eoa = TestNode.keys[0].address
        let result = try await h.result("eth_getStorageValues", [
            [RPCHarness.contract.description: .array([slot(2), slot(999), slot(40)]), eoa.description: .array([slot(1)])], "latest",
        ])
        let contractValues = try XCTUnwrap(result[RPCHarness.contract.description]?.arrayValue).map { $0.stringValue }
        XCTAssertEqual(contractValues, [Hash(UInt256(2007)).description, Hash.zero.description, Hash(UInt256(40007)).description])
        XCTAssertEqual(result[eoa.description]?.arrayValue?.map { $0.stringValue }, [Hash.zero.description])
        // Keys come out sorted, as Go writes a map.
        XCTAssertEqual(result.objectValue?.keys, [RPCHarness.contract.description, eoa.description].sorted())

        var e = await h.error("eth_getStorageValues", [[:], "latest"])
        XCTAssertEqual(e?.code, -32602)
        XCTAssertEqual(e?.message, "empty request")
        e = await h.error("eth_getStorageValues", [[RPCHarness.contract.description: .array((0..<1025).map { slot(UInt64($0)) })], "latest"])
        XCTAssertEqual(e?.code, -38026)
        XCTAssertEqual(e?.message, "too many slots (max 1024)")
        e = await h.error("eth_getStorageValues", [[RPCHarness.contract.description: ["0x1"]], "latest"])
        XCTAssertEqual(e?.code, -32602)
    }
}

extension Optional {
    /// The value, or a test failure.
    func unwrap(file: StaticString = #filePath, line: UInt = #line) throws -> Wrapped { try XCTUnwrap(self, file: file, line: line) }
}
