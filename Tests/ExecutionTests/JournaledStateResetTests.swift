import Execution
import Primitives
import State
import XCTest

/// A Block-STM worker runs transaction after transaction on one `JournaledState`, resetting it in
/// between and reusing the slot tables and dirty-slot sets the last transaction grew: nothing of
/// one transaction may show in the next.
final class JournaledStateResetTests: XCTestCase {
    let token = Address(low: 0x70CE)
    let pool = Address(low: 0x9001)

    func world() -> WorldState {
        var world = WorldState()
        world.setAccount(token, nonce: 1, balance: .zero, code: [0x00], storage: [UInt256(1): UInt256(11), UInt256(2): UInt256(22)])
        world.setAccount(pool, nonce: 1, balance: .zero, code: [0x00], storage: [UInt256(7): UInt256(77)])
        return world
    }

    func testResetForgetsSlotsAndReusedTablesStartEmpty() {
        let state = JournaledState(base: world())
        for round in 0..<3 {
            state.reset()
            // The first transaction of a round writes the token's slots (and a fresh one)…
            XCTAssertEqual(state.sload(token, UInt256(1)), UInt256(11), "round \(round): a slot written before the reset")
            state.sstore(token, UInt256(1), UInt256(100 + round))
            state.sstore(token, UInt256(3), UInt256(300 + round))
            XCTAssertEqual(state.changes().accounts[token]?.storage, [UInt256(1): UInt256(100 + round), UInt256(3): UInt256(300 + round)])
            state.reset()
            // …the next one reads another contract first (it gets one of the tables the token had),
            // then the token: both as the base has them, and only what it wrote is a change.
            XCTAssertEqual(state.sload(pool, UInt256(1)), .zero)
            XCTAssertEqual(state.sload(pool, UInt256(7)), UInt256(77))
            XCTAssertEqual(state.sload(token, UInt256(3)), .zero, "round \(round): the last transaction's new slot leaked")
            XCTAssertEqual(state.sload(token, UInt256(1)), UInt256(11), "round \(round): the last transaction's write leaked")
            state.sstore(pool, UInt256(7), UInt256(78))
            let changes = state.changes()
            XCTAssertEqual(Set(changes.accounts.keys), [pool], "round \(round)")
            XCTAssertEqual(changes.accounts[pool]?.storage, [UInt256(7): UInt256(78)])
        }
    }

    /// Across resets (a worker's code cache outlives them) each contract answers with its own code.
    func testCodeKeptAcrossResetsIsTheCalledContractsOwn() {
        var base = world()
        let other = Address(low: 0xC0DE)
        base.setAccount(other, nonce: 1, balance: .zero, code: [0x60, 0x01, 0x00], storage: [:])
        let state = JournaledState(base: base)
        for _ in 0..<3 {
            state.reset()
            XCTAssertEqual(state.code(token).bytes, [0x00])
            state.reset()
            XCTAssertEqual(state.code(other).bytes, [0x60, 0x01, 0x00])
            XCTAssertEqual(state.code(token).bytes, [0x00])
            XCTAssertEqual(state.code(pool).bytes, [0x00])
            XCTAssertEqual(state.code(Address(low: 0xDEAD)).bytes, [])
        }
    }
}
