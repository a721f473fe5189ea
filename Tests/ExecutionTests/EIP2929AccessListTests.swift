import Ethereum
import Primitives
import XCTest

/// EIP-2929/2930 (Berlin): the first touch of an account costs 2,600, later ones 100; an access
/// list pre-warms for 2,400 per address.
final class EIP2929AccessListTests: XCTestCase {
    static let target = Address(low: 0xBEEF)
    static let code = Op.push(target) + Op.balance + Op.pop + Op.push(target) + Op.balance + Op.pop

    func testColdThenWarm() throws {
        var h = ExecutionHarness(code: Self.code)
        XCTAssertEqual(try h.run(fork: .berlin).gasUsed, 21_000 + 3 + 2_600 + 2 + 3 + 100 + 2)
    }

    func testAccessListPrewarms() throws {
        var h = ExecutionHarness(code: Self.code)
        let list = [AccessListEntry(address: Self.target, storageKeys: [])]
        XCTAssertEqual(try h.run(fork: .berlin, accessList: list).gasUsed, 21_000 + 2_400 + 3 + 100 + 2 + 3 + 100 + 2)
    }

    func testIstanbulFlatPrice() throws {
        var h = ExecutionHarness(code: Self.code)
        XCTAssertEqual(try h.run(fork: .istanbul).gasUsed, 21_000 + 2 * (3 + 700 + 2))
    }
}
