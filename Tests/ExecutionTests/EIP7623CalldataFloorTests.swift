import Primitives
import XCTest

/// EIP-7623 (Prague): data-heavy transactions pay at least 21,000 + 10 per calldata token.
final class EIP7623CalldataFloorTests: XCTestCase {
    func testFloorAppliesFromPrague() throws {
        let data = [UInt8](repeating: 0xab, count: 100)
        var h = ExecutionHarness(code: Op.stop)
        XCTAssertEqual(try h.run(fork: .prague, data: data).gasUsed, 21_000 + 10 * 400)
        var c = ExecutionHarness(code: Op.stop)
        XCTAssertEqual(try c.run(fork: .cancun, data: data).gasUsed, 21_000 + 16 * 100)
    }
}
