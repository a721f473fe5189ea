import Primitives
import XCTest

/// EIP-2200 net metering with EIP-2929 cold slots and EIP-3529's smaller refund cap (London).
final class EIP3529SstoreRefundTests: XCTestCase {
    /// Set slot 0 from 0 to 1, then back to 0 in the same transaction.
    static let code = Op.push(1) + Op.push(0) + Op.sstore + Op.push(0) + Op.push(0) + Op.sstore

    func testLondonCapsRefundAtOneFifth() throws {
        var h = ExecutionHarness(code: Self.code)
        let r = try h.run(fork: .london)
        let beforeRefund: UInt64 = 21_000 + 3 + 3 + 2_100 + 20_000 + 3 + 3 + 100
        XCTAssertEqual(r.gasUsed, beforeRefund - beforeRefund / 5)
        XCTAssertEqual(h.storage(0), .zero)
    }

    func testBerlinRefundsUpToHalf() throws {
        var h = ExecutionHarness(code: Self.code)
        let r = try h.run(fork: .berlin)
        let beforeRefund: UInt64 = 21_000 + 3 + 3 + 2_100 + 20_000 + 3 + 3 + 100
        XCTAssertEqual(r.gasUsed, beforeRefund - 19_900, "restoring the original zero refunds 20,000 − 100")
    }

    func testPetersburgUsesFrontierPricing() throws {
        var h = ExecutionHarness(code: Self.code)
        let r = try h.run(fork: .petersburg)
        let beforeRefund: UInt64 = 21_000 + 3 + 3 + 20_000 + 3 + 3 + 5_000
        XCTAssertEqual(r.gasUsed, beforeRefund - min(15_000, beforeRefund / 2))
    }
}
