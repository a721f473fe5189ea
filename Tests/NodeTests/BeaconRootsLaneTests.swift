import Execution
import Node
import Primitives
import State
import Trie
import XCTest

/// The beacon-roots lane and the detached storage trie it relies on: the roots it hands out, the
/// trie copies it attaches and the state roots of a state that follows it must all be what the
/// state computes by itself.
final class BeaconRootsLaneTests: XCTestCase {
    let contract = SystemContracts.beaconRoots.address

    /// A state holding EIP-4788's contract with some of its ring written.
    func makeState() -> WorldState {
        var state = WorldState()
        var storage: [UInt256: UInt256] = [:]
        for timestamp in UInt64(1_000)..<1_100 { storage[UInt256(timestamp % 8_191)] = UInt256(timestamp) }
        state.setAccount(contract, nonce: 1, balance: .zero, code: SystemContracts.beaconRoots.code, storage: storage)
        state.setAccount(Address(hashSuffix: Keccak256.hash([7])), nonce: 3, balance: UInt256(9), code: [], storage: [:])
        _ = state.stateRoot()
        return state
    }

    /// The system call's writes for one block, as a state change.
    func changes(timestamp: UInt64, in state: WorldState) -> StateChanges {
        var change = StateChanges.AccountChange(account: state.account(contract))
        change.storage[UInt256(timestamp % 8_191)] = UInt256(timestamp)
        change.storage[UInt256(timestamp % 8_191 + 8_191)] = .zero
        var changes = StateChanges()
        changes.accounts[contract] = change
        return changes
    }

    func testLaneFollowsTheStateBlockByBlock() throws {
        var reference = makeState()
        var detached = reference
        XCTAssertTrue(BeaconRootsLane.applies(to: reference, fork: .prague))
        XCTAssertFalse(BeaconRootsLane.applies(to: reference, fork: .shanghai))
        let count = 3 * 512 + 17, first: UInt64 = 1_090, step: UInt64 = 3  // overwrites some written slots
        let lane = BeaconRootsLane(trie: reference.storageTrie(of: contract), firstIndex: 0, endIndex: count,
                                   firstTimestamp: first, step: step, snapshot: { $0 % 500 == 0 || $0 == count - 1 })
        var reader = BeaconRootsLane.Reader(lane)
        for i in 0..<count {
            let timestamp = first + UInt64(i) * step
            XCTAssertEqual(lane.timestamp(ofBlock: i), timestamp)
            reference.apply(changes(timestamp: timestamp, in: reference))
            let expected = reference.stateRoot()
            let (root, trie) = reader.take(i)
            XCTAssertEqual(root, reference.storageRoot(contract), "block \(i)")
            detached.detachStorageTrie(of: contract, root: root)
            detached.apply(changes(timestamp: timestamp, in: detached))
            XCTAssertTrue(detached.hasDetachedStorage)
            XCTAssertEqual(detached.stateRoot(), expected, "block \(i)")
            XCTAssertEqual(trie != nil, i % 500 == 0 || i == count - 1)
            if let trie {
                detached.attachStorageTrie(trie, of: contract)
                XCTAssertFalse(detached.hasDetachedStorage)
                XCTAssertEqual(detached.stateRoot(), expected)
                let slot = UInt256(timestamp % 8_191)
                XCTAssertEqual(detached.proof(contract, slots: [slot]).storage[0].proof, reference.proof(contract, slots: [slot]).storage[0].proof)
            }
        }
    }

    func testRebuiltTrieMatchesTheDetachedOne() {
        var reference = makeState()
        var detached = reference
        detached.detachStorageTrie(of: contract, root: .zero)  // a wrong root: the rebuild must not use it
        for timestamp in UInt64(2_000)..<2_050 {
            reference.apply(changes(timestamp: timestamp, in: reference))
            detached.apply(changes(timestamp: timestamp, in: detached))
        }
        detached.attachRebuiltStorageTrie(of: contract)
        XCTAssertFalse(detached.hasDetachedStorage)
        XCTAssertEqual(detached.stateRoot(), reference.stateRoot())
        XCTAssertEqual(detached.storageTrie(of: contract).computeRootHash(), reference.storageRoot(contract))
    }

    /// A cancelled lane stops with chunks nobody took, without trapping when it is freed.
    func testCancelledLaneStops() {
        let state = makeState()
        for taken in [0, 1, 600] {
            let lane = BeaconRootsLane(trie: state.storageTrie(of: contract), firstIndex: 0, endIndex: 100_000,
                                       firstTimestamp: 5_000, step: 1, snapshot: { _ in false })
            var reader = BeaconRootsLane.Reader(lane)
            for i in 0..<taken { _ = reader.take(i) }
            lane.cancel()
            lane.cancel()
        }
        Thread.sleep(forTimeInterval: 0.2)  // the lanes see the flag and exit
    }
}
