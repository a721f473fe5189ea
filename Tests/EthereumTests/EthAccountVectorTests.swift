import Ethereum
import Foundation
import Keys
import LanesTestSupport
import Primitives
import XCTest

/// Transactions signed by eth-account (scripts/gen_eth_account_vectors.py) must decode to the
/// same hash and sender, re-encode to the same bytes, and re-sign to the same signature.
final class EthAccountVectorTests: XCTestCase {
    struct Vector: Decodable {
        var name: String
        var raw: String
        var hash: String
        var sender: String
        var authorities: [String]?
        var network: Bool?
        var wrapperVersion: UInt8?
    }

    static let keys = [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    ]

    func loadVectors() throws -> [Vector] {
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/EthereumTests/Vectors/eth_account_transactions.json")
        return try JSONDecoder().decode([Vector].self, from: Data(contentsOf: url))
    }

    func testRoundTrip() throws {
        let vectors = try loadVectors()
        XCTAssertGreaterThanOrEqual(vectors.count, 9)
        var types = Set<TransactionType>()
        for v in vectors {
            let raw = try Hex.decode(v.raw)
            let pooled = try PooledTransaction(networkBytes: raw)
            let tx = pooled.transaction
            types.insert(tx.type)
            XCTAssertEqual(tx.hash.description, v.hash, v.name)
            XCTAssertEqual(try tx.recoverSender().checksummed, v.sender, v.name)
            XCTAssertEqual(pooled.networkBytes, raw, "\(v.name): encode(decode(x)) == x")
            if v.network == true {
                XCTAssertNotNil(pooled.sidecar, v.name)
                XCTAssertEqual(pooled.sidecar?.wrapperVersion, v.wrapperVersion)
                // The consensus envelope alone also round-trips.
                XCTAssertEqual(try Transaction(envelope: tx.envelope), tx)
            }
            if let authorities = v.authorities {
                XCTAssertEqual(tx.authorizationList.map { $0.authority?.checksummed }, authorities, v.name)
            }
            // Re-signing with the sender's key reproduces the signature (RFC 6979 is deterministic).
            if let key = try Self.keys.map({ try PrivateKey(hex: $0) }).first(where: { $0.address.checksummed == v.sender }) {
                XCTAssertEqual(tx.signed(with: key), tx, "\(v.name): re-signed")
            }
        }
        XCTAssertEqual(types, Set(TransactionType.allCases), "every type is covered")
    }

    func testBlobSidecarChecks() throws {
        let v = try XCTUnwrap(loadVectors().first { $0.network == true })
        let pooled = try PooledTransaction(networkBytes: try Hex.decode(v.raw))
        var broken = pooled
        broken.sidecar!.commitments[0][5] ^= 1
        XCTAssertThrowsError(try PooledTransaction(networkBytes: broken.networkBytes)) { error in
            guard case .blobSidecar = error as? InvalidTransaction else { return XCTFail("\(error)") }
        }
        // The same transaction in the version-0 wrapper: one proof per blob, and no version field.
        var v0 = pooled
        v0.sidecar!.wrapperVersion = 0
        XCTAssertThrowsError(try PooledTransaction(networkBytes: v0.networkBytes), "v0 wants one proof per blob, not 128")
        v0.sidecar!.proofs = [[UInt8](repeating: 0xc0, count: 48)]
        let decoded = try PooledTransaction(networkBytes: v0.networkBytes)
        XCTAssertEqual(decoded.sidecar?.wrapperVersion, 0)
        XCTAssertEqual(decoded, v0)
        XCTAssertEqual(decoded.transaction.hash, pooled.transaction.hash, "the wrapper never changes the hash")
    }

    func testBadInputIsTypedError() {
        let cases: [[UInt8]] = [[], [0x05], [0x02], [0x02, 0xc0], [0xf8], [0xc0], [0x80], [0x01, 0xc1, 0x80], [0x03, 0xc1, 0xc0]]
        for c in cases {
            XCTAssertThrowsError(try PooledTransaction(networkBytes: c), "\(c)") { XCTAssertTrue($0 is InvalidTransaction) }
        }
    }
}
