import Ethereum
import Foundation
import Primitives
import State
import Storage
import XCTest

/// Every stored thing reads back as committed: headers, bodies, transactions with senders and
/// locations, receipts with their logs, withdrawals, ommers, metadata, the head.
final class BlockRoundTripTests: XCTestCase {
    func testBlocksTransactionsAndReceiptsRoundTrip() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        XCTAssertNil(try db.head())
        var chain = ChainBuilder(seed: 1)
        var commits: [BlockCommit] = []
        for i in 0..<12 {
            let commit = chain.nextBlock(txCount: i == 0 ? 0 : nil, withdrawals: i % 2 == 0)
            try db.commit(commit)
            chain.accept(commit)
            commits.append(commit)
        }
        XCTAssertEqual(try db.head(), ChainHead(number: 11, hash: commits[11].block.hash))

        for commit in commits {
            let block = commit.block
            let number = block.header.number
            XCTAssertEqual(try db.block(number: number), block)
            XCTAssertEqual(try db.block(hash: block.hash), block)
            XCTAssertEqual(try db.header(number: number), block.header)
            XCTAssertEqual(try db.header(hash: block.hash), block.header)
            XCTAssertEqual(try db.blockHash(number: number), block.hash)
            XCTAssertEqual(try db.blockNumber(hash: block.hash), number)

            let stored = try db.transactions(blockNumber: number)
            XCTAssertEqual(stored.map(\.transaction), block.transactions)
            let receipts = try db.receipts(blockNumber: number)
            XCTAssertEqual(receipts.count, block.transactions.count)
            var logIndex = 0
            for (i, tx) in block.transactions.enumerated() {
                let location = TransactionLocation(blockNumber: number, blockHash: block.hash, index: i)
                XCTAssertEqual(stored[i], StoredTransaction(transaction: tx, hash: tx.hash, sender: commit.senders[i], location: location))
                XCTAssertEqual(try db.transaction(hash: tx.hash), stored[i])
                XCTAssertEqual(try db.transactionLocation(hash: tx.hash), location)

                let expected = commit.receipts[i]
                let receipt = try XCTUnwrap(db.receipt(transactionHash: tx.hash))
                XCTAssertEqual(receipt, receipts[i])
                XCTAssertEqual(receipt.details, expected)
                XCTAssertEqual(receipt.details.receipt.envelope, expected.receipt.envelope)
                XCTAssertEqual(receipt.transactionHash, tx.hash)
                XCTAssertEqual(receipt.location, location)
                XCTAssertEqual(receipt.from, commit.senders[i])
                XCTAssertEqual(receipt.to, tx.to)
                XCTAssertEqual(receipt.logs.map(\.log), expected.receipt.logs)
                for log in receipt.logs {
                    XCTAssertEqual(log.logIndex, logIndex)
                    XCTAssertEqual(log.blockNumber, number)
                    XCTAssertEqual(log.blockHash, block.hash)
                    XCTAssertEqual(log.blockTimestamp, block.header.timestamp)
                    XCTAssertEqual(log.transactionHash, tx.hash)
                    XCTAssertEqual(log.transactionIndex, i)
                    XCTAssertFalse(log.removed)
                    logIndex += 1
                }
            }
            XCTAssertEqual(Block.receiptsRoot(receipts.map(\.details.receipt)), Block.receiptsRoot(commit.receipts.map(\.receipt)))
        }
        XCTAssertNil(try db.block(number: 12))
        XCTAssertNil(try db.header(hash: Hash(UInt256(12345))))
        XCTAssertNil(try db.transaction(hash: Hash(UInt256(12345))))
        XCTAssertNil(try db.receipt(transactionHash: Hash(UInt256(12345))))
        XCTAssertEqual(try db.receipts(blockNumber: 99), [])
    }

    func testOmmersAndEmptyWithdrawalsRoundTrip() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        var chain = ChainBuilder(seed: 2)
        var commit = chain.nextBlock(txCount: 1, withdrawals: true)
        commit.block.ommers = [Header(number: 7, extraData: [1, 2, 3])]
        commit.block.withdrawals = []
        try db.commit(commit)
        XCTAssertEqual(try db.block(number: 0), commit.block)
        XCTAssertEqual(try db.block(number: 0)?.withdrawals, [])
    }

    /// The hash index is partitioned by ranges of 2^16 block numbers: lookups find blocks on both
    /// sides of a range boundary, and miss cleanly.
    func testHashLookupsAcrossIndexRanges() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        var chain = ChainBuilder(seed: 4)
        chain.head = Header(number: 65_529)  // the first stored block is 65,530
        var hashes: [(UInt64, Hash)] = []
        for _ in 0..<12 {
            let commit = chain.nextBlock(txCount: 0)
            try db.commit(commit)
            chain.accept(commit)
            hashes.append((commit.block.header.number, commit.block.hash))
        }
        XCTAssertEqual(hashes.last?.0, 65_541)
        for (number, hash) in hashes {
            XCTAssertEqual(try db.blockNumber(hash: hash), number)
            XCTAssertEqual(try db.header(hash: hash)?.number, number)
        }
        XCTAssertNil(try db.blockNumber(hash: Hash(UInt256(12345))))
        XCTAssertNil(try ChainDatabase(.ephemeral).blockNumber(hash: hashes[0].1))  // no blocks at all
    }

    func testMetadataRoundTrip() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        XCTAssertNil(try db.meta("chainConfig"))
        try db.setMeta("chainConfig", Array(#"{"chainId":31337}"#.utf8))
        try db.setMeta("genesis", [])
        XCTAssertEqual(try db.meta("chainConfig"), Array(#"{"chainId":31337}"#.utf8))
        XCTAssertEqual(try db.meta("genesis"), [])
        try db.setMeta("chainConfig", [9])
        XCTAssertEqual(try db.meta("chainConfig"), [9])
    }

    func testCommitRejectsBlocksThatDoNotExtendTheHead() throws {
        let db = try ChainDatabase(.ephemeral)
        defer { db.close() }
        var chain = ChainBuilder(seed: 3)
        let genesis = chain.nextBlock()
        try db.commit(genesis)
        chain.accept(genesis)
        var gap = chain.nextBlock()
        gap.block.header.number = 5
        XCTAssertThrowsError(try db.commit(gap)) { error in
            guard case .notNextBlock = error as? StorageError else { return XCTFail("\(error)") }
        }
        var wrongParent = chain.nextBlock()
        wrongParent.block.header.parentHash = Hash(UInt256(1))
        XCTAssertThrowsError(try db.commit(wrongParent))
        var mismatched = chain.nextBlock(txCount: 2)
        mismatched.senders.removeLast()
        XCTAssertThrowsError(try db.commit(mismatched)) { error in
            guard case .malformedCommit = error as? StorageError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try db.head()?.number, 0)
    }

    func testLocationsCreateReopenAndClean() throws {
        let ephemeral = try ChainDatabase(.ephemeral)
        XCTAssertTrue(FileManager.default.fileExists(atPath: ephemeral.path))
        ephemeral.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: ephemeral.path))

        let dir = TemporaryDirectory()
        let dataDir = (dir.path as NSString).appendingPathComponent("nested/data")
        var chain = ChainBuilder(seed: 4)
        let genesis = chain.nextBlock()
        do {
            let db = try ChainDatabase(.directory(dataDir))
            XCTAssertEqual(db.path, (dataDir as NSString).appendingPathComponent(ChainDatabase.fileName))
            try db.commit(genesis)
            try db.setMeta("genesis", [1, 2, 3])
            db.close()
        }
        let reopened = try ChainDatabase(.directory(dataDir))
        defer { reopened.close() }
        XCTAssertEqual(try reopened.head()?.hash, genesis.block.hash)
        XCTAssertEqual(try reopened.meta("genesis"), [1, 2, 3])
        XCTAssertEqual(try reopened.block(number: 0), genesis.block)
    }

    func testOperationsAfterCloseThrow() throws {
        let db = try ChainDatabase(.ephemeral)
        db.close()
        XCTAssertThrowsError(try db.head()) { XCTAssertEqual($0 as? StorageError, .closed) }
        XCTAssertThrowsError(try db.setMeta("k", [1])) { XCTAssertEqual($0 as? StorageError, .closed) }
        db.close()
    }
}
