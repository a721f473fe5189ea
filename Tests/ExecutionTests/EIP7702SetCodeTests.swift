import Ethereum
import Primitives
import XCTest

/// EIP-7702 (Prague): an authorization makes an EOA run a contract's code in its own context.
final class EIP7702SetCodeTests: XCTestCase {
    func testDelegatedAccountRunsDelegateCodeInItsOwnStorage() throws {
        var h = ExecutionHarness(code: Op.push(1) + Op.push(0) + Op.sstore)
        let authority = ExecutionHarness.otherKey.address
        let auth = Authorization.signed(chainId: UInt256(1), address: ExecutionHarness.contract, nonce: 0, key: ExecutionHarness.otherKey)
        let r = try h.run(fork: .prague, to: authority, authorizations: [auth])
        XCTAssertTrue(r.succeeded)
        XCTAssertEqual(h.world.code(h.world.account(authority)!.codeHash), [0xef, 0x01, 0x00] + ExecutionHarness.contract.bytes)
        XCTAssertEqual(h.world.account(authority)?.nonce, 1)
        XCTAssertEqual(h.storage(0, of: authority), .one)
        XCTAssertEqual(h.storage(0), .zero, "the delegate's own storage is untouched")
    }

    func testAuthorizationForAnotherChainIsSkipped() throws {
        var h = ExecutionHarness(code: Op.push(1) + Op.push(0) + Op.sstore)
        let authority = ExecutionHarness.otherKey.address
        let auth = Authorization.signed(chainId: UInt256(5), address: ExecutionHarness.contract, nonce: 0, key: ExecutionHarness.otherKey)
        _ = try h.run(fork: .prague, to: authority, authorizations: [auth])
        XCTAssertNil(h.world.account(authority)?.hasCode == true ? h.world.account(authority) : nil)
        XCTAssertEqual(h.storage(0, of: authority), .zero)
    }
}
