import Ethereum
import Primitives
import State
import Storage
import XCTest

/// Dev-control edits between blocks (anvil_setBalance…) are steps of their own in the undo log:
/// a rewind can return to any point between blocks, and to a block with its later edits kept.
final class StateEditTests: XCTestCase {
    func testRewindToEveryPointBetweenBlocksAndEdits() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        var chain = ChainBuilder(seed: 21)
        var roots: [StatePoint: Hash] = [:]
        for block in 0..<12 {
            let commit = chain.nextBlock()
            try db.commit(commit)
            chain.accept(commit)
            roots[StatePoint(block: UInt64(block))] = chain.reference.stateRoot()
            XCTAssertEqual(try db.statePoint(), StatePoint(block: UInt64(block)))
            // Up to three edits on top of the block, each random changes like a block's.
            for edit in 0..<(block % 4) {
                let changes = chain.randomStateChanges()
                let point = try db.applyEdit(changes)
                XCTAssertEqual(point, StatePoint(block: UInt64(block), edit: UInt64(edit + 1)))
                chain.reference.apply(changes)
                roots[point] = chain.reference.stateRoot()
            }
        }
        var loaded = try db.loadState()
        XCTAssertEqual(loaded.stateRoot(), chain.reference.stateRoot())
        // Back through every point, newest first.
        for point in roots.keys.sorted(by: >) {
            try db.rewind(to: point)
            var state = try db.loadState()
            XCTAssertEqual(state.stateRoot(), roots[point], "rewind to \(point)")
            XCTAssertEqual(try db.head()?.number, point.block)
            XCTAssertEqual(try db.statePoint(), point)
        }
    }

    func testRewindToABlockKeepsItsEditsAndEditsContinueAfter() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        var chain = ChainBuilder(seed: 22)
        for _ in 0..<3 {
            let commit = chain.nextBlock()
            try db.commit(commit)
            chain.accept(commit)
        }
        let edit = chain.randomStateChanges()
        XCTAssertEqual(try db.applyEdit(edit), StatePoint(block: 2, edit: 1))
        chain.reference.apply(edit)
        let edited = chain.reference.stateRoot()
        var saved = chain
        for _ in 0..<4 {
            let commit = saved.nextBlock()
            try db.commit(commit)
            saved.accept(commit)
        }
        try db.rewind(toBlock: 2)
        var state = try db.loadState()
        XCTAssertEqual(state.stateRoot(), edited)
        XCTAssertEqual(try db.statePoint(), StatePoint(block: 2, edit: 1))
        XCTAssertEqual(try db.applyEdit(StateChanges()), StatePoint(block: 2, edit: 2))
    }
}
