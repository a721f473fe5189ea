import Primitives
import XCTest

/// EIP-6780 (Cancun): SELFDESTRUCT only deletes an account created in the same transaction;
/// otherwise it just sends the balance away.
final class EIP6780SelfdestructTests: XCTestCase {
    static let beneficiary = Address(low: 0xB0B)
    static let code = Op.push(beneficiary) + Op.selfdestruct

    func testCancunKeepsExistingAccount() throws {
        var h = ExecutionHarness(code: Self.code)
        _ = try h.run(fork: .cancun, value: UInt256(5))
        XCTAssertNotNil(h.world.account(ExecutionHarness.contract))
        XCTAssertEqual(h.world.account(ExecutionHarness.contract)?.balance, .zero)
        XCTAssertEqual(h.world.account(Self.beneficiary)?.balance, UInt256(5))
    }

    func testShanghaiDeletesIt() throws {
        var h = ExecutionHarness(code: Self.code)
        _ = try h.run(fork: .shanghai, value: UInt256(5))
        XCTAssertNil(h.world.account(ExecutionHarness.contract))
        XCTAssertEqual(h.world.account(Self.beneficiary)?.balance, UInt256(5))
    }

    func testCreatedAndDestroyedInOneTransactionIsGone() throws {
        // Init code that self-destructs immediately: the new account must not survive.
        var h = ExecutionHarness(code: Op.stop)
        let r = try h.run(fork: .cancun, to: nil, data: Self.code)
        XCTAssertTrue(r.succeeded)
        let created = EVMAddress.create(ExecutionHarness.senderKey.address, nonce: 0)
        XCTAssertNil(h.world.account(created))
    }
}

import EVM
import Execution
enum EVMAddress {
    static func create(_ sender: Address, nonce: UInt64) -> Address { EVM<JournaledState>.createAddress(sender, nonce: nonce) }
}
