import XCTest
import Execution
import Primitives

/// The multi-version memory's open-addressing table against a Dictionary model: random inserts,
/// version removals and location removals, with tables small enough that probe runs collide,
/// wrap around the end and grow (removal's backward shift is where such a table goes wrong).
final class MVLocationTableTests: XCTestCase {
    func testRandomOperationsMatchADictionary() {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<40 {
            var table = MVLocationTable(expected: round % 4 == 0 ? 1 : 24)
            var model: [MVKey: [Int32]] = [:]
            // Few distinct keys, so that operations hit existing locations often.
            let keys: [MVKey] = (0..<200).map { i in
                let address = Address(low: UInt64(i % 37 + 1))
                switch i % 3 {
                case 0: return .account(address)
                case 1: return .storage(address, UInt256(UInt64(i)))
                default: return .storageReset(address)
                }
            }
            for _ in 0..<3_000 {
                let key = keys[Int.random(in: 0..<keys.count, using: &rng)]
                let tx = Int32.random(in: 0..<16, using: &rng)
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<6:
                    table.insert(MVVersion(tx: tx, estimate: false, value: .storage(UInt256(UInt64(tx)))), at: key)
                    var txs = model[key] ?? []
                    if !txs.contains(tx) { txs.append(tx); txs.sort() }
                    model[key] = txs
                case 6..<9:
                    // A re-execution that no longer writes the location (MVMemory.record).
                    if let list = table.versions(of: key), !list.pointee.remove(tx: tx) { table.remove(key) }
                    if var txs = model[key], let i = txs.firstIndex(of: tx) {
                        txs.remove(at: i)
                        model[key] = txs.isEmpty ? nil : txs
                    }
                default:
                    table.remove(key)
                    model[key] = nil
                }
            }
            XCTAssertEqual(table.count, model.count)
            for key in keys {
                let found = table.versions(of: key).map { list in (0..<list.pointee.count).map { list.pointee[$0].tx } }
                XCTAssertEqual(found, model[key], "round \(round), \(key)")
                if let found { XCTAssertEqual(found, found.sorted()) }
            }
        }
    }
}
