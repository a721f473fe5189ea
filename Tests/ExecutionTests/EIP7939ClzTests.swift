import Primitives
import XCTest

/// EIP-7939 (Osaka): CLZ counts leading zero bits (256 for zero), costs 5.
final class EIP7939ClzTests: XCTestCase {
    func testClz() throws {
        var h = ExecutionHarness(code: Op.push(1) + Op.clz + Op.push(0) + Op.sstore + Op.push(0) + Op.clz + Op.push(1) + Op.sstore)
        let r = try h.run(fork: .osaka)
        XCTAssertTrue(r.succeeded)
        XCTAssertEqual(h.storage(0), UInt256(255))
        XCTAssertEqual(h.storage(1), UInt256(256))
    }

    func testUndefinedBeforeOsaka() throws {
        var h = ExecutionHarness(code: Op.push(1) + Op.clz)
        XCTAssertFalse(try h.run(fork: .prague).succeeded)
    }
}
