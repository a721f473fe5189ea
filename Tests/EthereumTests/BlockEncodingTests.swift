import Ethereum
import Foundation
import LanesTestSupport
import Primitives
import XCTest

/// Every valid block in the BlockchainTests fixtures must decode, re-encode to the same bytes,
/// hash to the fixture's block hash, and reproduce its transactions, withdrawals and ommers roots.
final class BlockEncodingTests: XCTestCase {
    func testFixtureBlocksRoundTrip() throws {
        let files = try Fixtures.jsonFiles(under: "BlockchainTests")
        var blocks = 0, failures: [String] = []
        for file in files {
            guard let tests = try Fixtures.loadJSON(file) as? [String: Any] else { continue }
            for (name, value) in tests {
                guard let test = value as? [String: Any] else { continue }
                if let genesis = test["genesisRLP"] as? String, let header = test["genesisBlockHeader"] as? [String: Any] {
                    let block = try Block(rlp: try Hex.decode(genesis))
                    if block.hash.description != header["hash"] as? String { failures.append("\(name): genesis hash") }
                }
                for case let b as [String: Any] in test["blocks"] as? [Any] ?? [] {
                    guard b["expectException"] == nil, let rlpHex = b["rlp"] as? String,
                          let header = b["blockHeader"] as? [String: Any] else { continue }
                    blocks += 1
                    let bytes = try Hex.decode(rlpHex)
                    do {
                        let block = try Block(rlp: bytes)
                        if block.rlp != bytes { failures.append("\(name): re-encoding differs") }
                        if block.hash.description != header["hash"] as? String { failures.append("\(name): hash \(block.hash)") }
                        if Block.transactionsRoot(block.transactions) != block.header.transactionsRoot { failures.append("\(name): tx root") }
                        if Block.ommersHash(block.ommers) != block.header.ommersHash { failures.append("\(name): ommers hash") }
                        if let w = block.withdrawals, Block.withdrawalsRoot(w) != block.header.withdrawalsRoot { failures.append("\(name): withdrawals root") }
                        let txs = b["transactions"] as? [[String: Any]] ?? []
                        if txs.count != block.transactions.count { failures.append("\(name): tx count") }
                        for (tx, fixture) in zip(block.transactions, txs) {
                            if let sender = fixture["sender"] as? String, (try? tx.recoverSender().description) != sender.lowercased() {
                                failures.append("\(name): sender of \(tx.hash)")
                            }
                        }
                    } catch {
                        failures.append("\(name): \(error)")
                    }
                }
            }
        }
        print("BlockchainTests: \(blocks) valid blocks round-tripped, \(failures.count) failures")
        XCTAssertGreaterThan(blocks, 100)
        XCTAssertEqual(failures, [], failures.prefix(20).joined(separator: "\n"))
    }

    func testReceiptEnvelopeRoundTrip() throws {
        let log = Log(address: try Address(hex: "0x00000000000000000000000000000000000000aa"),
                      topics: [Hash(UInt256(1)), Hash(UInt256(2))], data: [1, 2, 3])
        for type in TransactionType.allCases {
            for outcome in [Receipt.Outcome.status(true), .status(false), .stateRoot(Hash(UInt256(77)))] {
                let r = Receipt(type: type, outcome: outcome, cumulativeGasUsed: 123_456, logs: [log, log])
                XCTAssertEqual(try Receipt(envelope: r.envelope), r)
            }
        }
        var bloom = Bloom()
        bloom.add(log)
        XCTAssertTrue(bloom.mayContain(log.address.bytes))
        XCTAssertTrue(bloom.mayContain(Hash(UInt256(2)).bytes))
        XCTAssertFalse(bloom.mayContain(Hash(UInt256(3)).bytes))
        XCTAssertEqual(Log.hash(of: []).description, "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347")
    }

    func testHeaderOptionalFieldsRoundTrip() throws {
        var h = Header(number: 5, gasLimit: 30_000_000, timestamp: 1_700_000_000, baseFeePerGas: UInt256(7))
        XCTAssertEqual(try Header(rlp: h.rlp), h)
        h.withdrawalsRoot = Hash(UInt256(1)); h.blobGasUsed = 131072; h.excessBlobGas = 0
        h.parentBeaconBlockRoot = .zero; h.requestsHash = Hash(UInt256(9))
        XCTAssertEqual(try Header(rlp: h.rlp), h)
        XCTAssertThrowsError(try Header(rlp: Array(h.rlp.dropLast())))
    }
}
