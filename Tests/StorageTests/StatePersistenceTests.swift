import Ethereum
import Primitives
import State
import Storage
import XCTest

/// The persisted state tables: reopening a file and loading its state gives the state root of an
/// in-memory WorldState that applied the same random changes; rewinding restores older roots.
final class StatePersistenceTests: XCTestCase {
    func testReopenAndLoadStateMatchesInMemoryState() throws {
        let dir = TemporaryDirectory()
        var chain = ChainBuilder(seed: 11)
        do {
            let db = try ChainDatabase(.file(dir.databasePath))
            for _ in 0..<40 {
                let commit = chain.nextBlock()
                try db.commit(commit)
                chain.accept(commit)
            }
            db.close()
        }
        let db = try ChainDatabase(.file(dir.databasePath))
        defer { db.close() }
        XCTAssertEqual(try db.head(), ChainHead(number: 39, hash: chain.head!.hash))
        var loaded = try db.loadState()
        XCTAssertEqual(loaded.stateRoot(), chain.reference.stateRoot())
        XCTAssertEqual(Set(loaded.addresses), Set(chain.reference.addresses))
        for address in chain.reference.addresses {
            XCTAssertEqual(loaded.account(address), chain.reference.account(address))
            XCTAssertEqual(loaded.storageEntries(address), chain.reference.storageEntries(address))
            if let account = loaded.account(address) { XCTAssertEqual(loaded.code(account.codeHash), chain.reference.code(account.codeHash)) }
        }
        XCTAssertEqual(loaded.blockHashes, chain.reference.blockHashes)

        // The reopened database keeps extending the chain.
        let next = chain.nextBlock()
        try db.commit(next)
        chain.accept(next)
        var again = try db.loadState()
        XCTAssertEqual(again.stateRoot(), chain.reference.stateRoot())
    }

    func testBlockHashesAreTheLast256() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        var chain = ChainBuilder(seed: 12)
        for _ in 0..<300 {
            let commit = chain.nextBlock(txCount: 0, withdrawals: false, stateChanges: StateChanges())
            try db.commit(commit)
            chain.accept(commit)
        }
        let hashes = try db.loadState().blockHashes
        XCTAssertEqual(hashes.count, 256)
        XCTAssertEqual(Set(hashes.keys), Set(44...299))
        XCTAssertEqual(hashes[299], chain.head!.hash)
    }

    func testRewindRestoresStateRootsAndRemovesBlocks() throws {
        let db = try ChainDatabase(.ephemeral, options: .init(logLimits: LogQueryLimits(maxResults: nil)))
        defer { db.close() }
        var chain = ChainBuilder(seed: 13)
        var roots: [Hash] = []
        var commits: [BlockCommit] = []
        var references: [WorldState] = []
        for _ in 0..<30 {
            let commit = chain.nextBlock()
            try db.commit(commit)
            chain.accept(commit)
            commits.append(commit)
            roots.append(chain.reference.stateRoot())
            references.append(chain.reference)
        }
        for target in [25, 25, 17, 3] {
            try db.rewind(toBlock: UInt64(target))
            XCTAssertEqual(try db.head(), ChainHead(number: UInt64(target), hash: commits[target].block.hash))
            var state = try db.loadState()
            XCTAssertEqual(state.stateRoot(), roots[target], "rewind to \(target)")
            XCTAssertNil(try db.block(number: UInt64(target + 1)))
            for removed in commits[(target + 1)...] {
                for tx in removed.block.transactions {
                    XCTAssertNil(try db.transactionLocation(hash: tx.hash))
                    XCTAssertNil(try db.receipt(transactionHash: tx.hash))
                }
                XCTAssertNil(try db.blockNumber(hash: removed.block.hash))
            }
            XCTAssertTrue(try db.logs(LogFilter()).allSatisfy { $0.blockNumber <= UInt64(target) })
            XCTAssertEqual(try db.block(number: UInt64(target)), commits[target].block)
        }
        XCTAssertThrowsError(try db.rewind(toBlock: 4)) { error in
            guard case .cannotRewind = error as? StorageError else { return XCTFail("\(error)") }
        }

        // A different chain grows from the rewound head, and its state follows.
        chain.reference = references[3]
        chain.head = commits[3].block.header
        for _ in 0..<5 {
            let commit = chain.nextBlock()
            try db.commit(commit)
            chain.accept(commit)
        }
        var state = try db.loadState()
        XCTAssertEqual(state.stateRoot(), chain.reference.stateRoot())
        try db.rewind(toBlock: 0)
        state = try db.loadState()
        XCTAssertEqual(state.stateRoot(), roots[0])
    }
}
