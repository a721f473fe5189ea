import Ethereum
import Foundation
import LanesTestSupport
import Primitives
import XCTest

/// ethereum/tests TransactionTests: for every fork listed, a valid transaction must decode to the
/// expected hash, sender and intrinsic gas, and an invalid one must be rejected.
final class TransactionFixtureTests: XCTestCase {
    /// Chain id of the TransactionTests (mainnet).
    static let chainId: UInt64 = 1

    func testTransactionFixtures() throws {
        let files = try Fixtures.jsonFiles(under: "TransactionTests")
        XCTAssertGreaterThan(files.count, 100)
        var checked = 0, failures: [String] = []
        for file in files {
            guard let tests = try Fixtures.loadJSON(file) as? [String: Any] else { continue }
            for (name, value) in tests {
                guard let test = value as? [String: Any], let txbytes = test["txbytes"] as? String,
                      let results = test["result"] as? [String: [String: String]] else {
                    failures.append("\(name): malformed fixture"); continue
                }
                let bytes = (try? Hex.decode(txbytes)) ?? []
                for (forkName, expected) in results.sorted(by: { $0.key < $1.key }) {
                    guard let fork = Fork(name: forkName) else { failures.append("\(name)/\(forkName): unknown fork"); continue }
                    checked += 1
                    let outcome = Self.check(bytes, fork: fork)
                    if let exception = expected["exception"] {
                        if case .success(let r) = outcome {
                            failures.append("\(name)/\(forkName): accepted (sender \(r.sender)) but expected \(exception)")
                        }
                    } else {
                        switch outcome {
                        case .failure(let error):
                            failures.append("\(name)/\(forkName): rejected with \(error), expected valid")
                        case .success(let r):
                            if let h = expected["hash"], r.hash.description != h { failures.append("\(name)/\(forkName): hash \(r.hash) != \(h)") }
                            if let s = expected["sender"], r.sender.description != s.lowercased() { failures.append("\(name)/\(forkName): sender \(r.sender) != \(s)") }
                            if let g = expected["intrinsicGas"], let want = try? UInt256(hex: g), UInt256(r.intrinsicGas) != want {
                                failures.append("\(name)/\(forkName): intrinsic gas \(r.intrinsicGas) != \(want)")
                            }
                        }
                    }
                }
            }
        }
        print("TransactionTests: \(checked) fork results checked, \(failures.count) failures")
        XCTAssertGreaterThan(checked, 2000)
        XCTAssertEqual(failures, [], failures.prefix(40).joined(separator: "\n"))
    }

    struct Accepted { var hash: Hash; var sender: Address; var intrinsicGas: UInt64 }

    static func check(_ bytes: [UInt8], fork: Fork) -> Result<Accepted, InvalidTransaction> {
        do {
            let tx = try Transaction(envelope: bytes)
            let sender = try TransactionRules.validate(tx, fork: fork, chainId: chainId)
            return .success(Accepted(hash: tx.hash, sender: sender, intrinsicGas: TransactionRules.intrinsicGas(tx, fork: fork).intrinsic))
        } catch {
            return .failure(error)
        }
    }
}
