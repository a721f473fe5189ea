import Primitives
import XCTest

/// EIP-1153 (Cancun): TSTORE/TLOAD cost 100 and do not outlive the transaction.
final class EIP1153TransientStorageTests: XCTestCase {
    func testTransientValueIsVisibleWithinTheTransaction() throws {
        let code = Op.push(7) + Op.push(1) + Op.tstore + Op.push(1) + Op.tload + Op.push(0) + Op.sstore
        var h = ExecutionHarness(code: code)
        let r = try h.run(fork: .cancun)
        XCTAssertEqual(r.gasUsed, 21_000 + 3 + 3 + 100 + 3 + 100 + 3 + 2_100 + 20_000)
        XCTAssertEqual(h.storage(0), UInt256(7))
    }

    func testTransientValueIsGoneInTheNextTransaction() throws {
        // Stores tload(1) into slot 2, then tstore(1, 9): the second transaction must see 0 again.
        let code = Op.push(1) + Op.tload + Op.push(2) + Op.sstore + Op.push(9) + Op.push(1) + Op.tstore
        var h = ExecutionHarness(code: code)
        _ = try h.run(fork: .cancun)
        _ = try h.run(fork: .cancun, nonce: 1)
        XCTAssertEqual(h.storage(2), .zero)
    }
}
