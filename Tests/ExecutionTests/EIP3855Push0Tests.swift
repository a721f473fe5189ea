import Primitives
import XCTest

/// EIP-3855 (Shanghai): PUSH0 costs 2 and pushes zero; before Shanghai it is an undefined opcode.
final class EIP3855Push0Tests: XCTestCase {
    func testPush0() throws {
        var h = ExecutionHarness(code: Op.push0 + Op.push0 + Op.sstore)
        let r = try h.run(fork: .shanghai)
        // 2 + 2 + SSTORE of zero over zero on a cold slot (2,100 + 100).
        XCTAssertEqual(r.gasUsed, 21_000 + 2 + 2 + 2_200)
        XCTAssertTrue(r.succeeded)
    }

    func testUndefinedBeforeShanghai() throws {
        var h = ExecutionHarness(code: Op.push0 + Op.push0 + Op.sstore)
        let r = try h.run(fork: .paris, gas: 50_000)
        XCTAssertFalse(r.succeeded)
        XCTAssertEqual(r.gasUsed, 50_000, "an undefined opcode consumes all gas")
    }
}
