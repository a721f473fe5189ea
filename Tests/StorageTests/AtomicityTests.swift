import Ethereum
import Primitives
import State
import Storage
import XCTest

/// A commit that fails part-way leaves nothing of its block behind: head, blocks, transactions,
/// logs and state are those of the previous block.
final class AtomicityTests: XCTestCase {
    private func snapshot(_ db: ChainDatabase) throws -> (ChainHead?, Hash, Int) {
        var state = try db.loadState()
        return (try db.head(), state.stateRoot(), try db.logs(LogFilter(), limits: LogQueryLimits(maxResults: nil)).count)
    }

    func testInjectedFaultBeforeCommitLeavesPreviousHead() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        var chain = ChainBuilder(seed: 21)
        for _ in 0..<5 {
            let commit = chain.nextBlock()
            try db.commit(commit)
            chain.accept(commit)
        }
        let before = try snapshot(db)
        let failing = chain.nextBlock(txCount: 6)
        db.injectFaultBeforeNextCommit()
        XCTAssertThrowsError(try db.commit(failing)) { XCTAssertEqual($0 as? StorageError, .injectedFault) }
        let after = try snapshot(db)
        XCTAssertEqual(after.0, before.0)
        XCTAssertEqual(after.1, before.1)
        XCTAssertEqual(after.2, before.2)
        XCTAssertNil(try db.block(number: 5))
        for tx in failing.block.transactions { XCTAssertNil(try db.transaction(hash: tx.hash)) }

        // The same block commits once the fault is gone.
        try db.commit(failing)
        chain.accept(failing)
        var state = try db.loadState()
        XCTAssertEqual(state.stateRoot(), chain.reference.stateRoot())
    }

    func testConstraintFailureMidBlockRollsBack() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        var chain = ChainBuilder(seed: 22)
        let first = chain.nextBlock(txCount: 3)
        try db.commit(first)
        chain.accept(first)
        let before = try snapshot(db)
        // The second transaction repeats one already stored: its INSERT fails after the header
        // and the first transaction of the new block were written.
        var dup = chain.nextBlock(txCount: 2)
        dup.block.transactions[1] = first.block.transactions[0]
        XCTAssertThrowsError(try db.commit(dup)) { error in
            guard case .sqlite = error as? StorageError else { return XCTFail("\(error)") }
        }
        let after = try snapshot(db)
        XCTAssertEqual(after.0, before.0)
        XCTAssertEqual(after.1, before.1)
        XCTAssertEqual(after.2, before.2)
        XCTAssertNil(try db.transaction(hash: dup.block.transactions[0].hash))
    }

    func testMultiBlockCommitIsAllOrNothing() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        var chain = ChainBuilder(seed: 23)
        var batch: [BlockCommit] = []
        for _ in 0..<4 {
            let commit = chain.nextBlock()
            batch.append(commit)
            chain.accept(commit)
        }
        var broken = batch
        broken[3].block.header.parentHash = .zero
        XCTAssertThrowsError(try db.commit(contentsOf: broken))
        XCTAssertNil(try db.head())
        try db.commit(contentsOf: batch)
        XCTAssertEqual(try db.head()?.hash, batch[3].block.hash)
        var state = try db.loadState()
        XCTAssertEqual(state.stateRoot(), chain.reference.stateRoot())
    }
}
