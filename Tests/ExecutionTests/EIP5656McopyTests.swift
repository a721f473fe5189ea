import Primitives
import XCTest

/// EIP-5656 (Cancun): MCOPY charges 3 + 3 per word + memory expansion over both ranges.
final class EIP5656McopyTests: XCTestCase {
    func testMcopyGas() throws {
        // size 32, src 0, dest 32: memory grows to two words.
        var h = ExecutionHarness(code: Op.push(32) + Op.push(0) + Op.push(32) + Op.mcopy)
        let r = try h.run(fork: .cancun)
        let expected: UInt64 = 21_000 + 9 + 3 + 6 + 3  // three pushes, MCOPY, two words of memory, one word copied
        XCTAssertEqual(r.gasUsed, expected)
    }

    func testZeroSizeWithHugeOffsetsCostsNothingExtra() throws {
        let huge: [UInt8] = [0x7f] + [UInt8](repeating: 0xff, count: 32)
        var code = Op.push(0)
        code += huge
        code += huge
        code += Op.mcopy
        var h = ExecutionHarness(code: code)
        let r = try h.run(fork: .cancun)
        XCTAssertTrue(r.succeeded)
        let expected: UInt64 = 21_000 + 9 + 3
        XCTAssertEqual(r.gasUsed, expected)
    }
}
