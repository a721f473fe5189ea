import Ethereum
import LanesTestSupport
import Primitives
import State
import Storage
import XCTest

/// `logs(_:)` against a brute-force filter over the same random logs, plus geth's matching edge
/// cases and the range and result caps with their error text.
final class LogQueryTests: XCTestCase {
    /// A chain of random blocks and every log in it, flattened in geth order.
    private func makeChain(seed: UInt64, blocks: Int) throws -> (ChainDatabase, [IndexedLog], ChainBuilder) {
        let db = try ChainDatabase(.ephemeral, options: .init(logLimits: LogQueryLimits(maxBlockRange: nil, maxResults: nil)))
        var chain = ChainBuilder(seed: seed)
        var all: [IndexedLog] = []
        for _ in 0..<blocks {
            let commit = chain.nextBlock(txCount: chain.int(0...8), stateChanges: StateChangesFixture.empty)
            try db.commit(commit)
            chain.accept(commit)
            var logIndex = 0
            for (i, receipt) in commit.receipts.enumerated() {
                for log in receipt.receipt.logs {
                    all.append(IndexedLog(address: log.address, topics: log.topics, data: log.data,
                                          blockNumber: commit.block.header.number, blockHash: commit.block.hash,
                                          blockTimestamp: commit.block.header.timestamp,
                                          transactionHash: commit.block.transactions[i].hash, transactionIndex: i, logIndex: logIndex))
                    logIndex += 1
                }
            }
        }
        return (db, all, chain)
    }

    /// geth's filterLogs, written independently of `LogFilter.matches`.
    private func bruteForce(_ logs: [IndexedLog], _ f: LogFilter) -> [IndexedLog] {
        logs.filter { log in
            guard log.blockNumber >= f.fromBlock && log.blockNumber <= f.toBlock else { return false }
            if !f.addresses.isEmpty && !f.addresses.contains(log.address) { return false }
            if f.topics.count > log.topics.count { return false }
            for i in 0..<f.topics.count {
                if let alternatives = f.topics[i], !alternatives.isEmpty, !alternatives.contains(log.topics[i]) { return false }
            }
            return true
        }
    }

    func testRandomFiltersMatchBruteForce() throws {
        let (db, all, chain) = try makeChain(seed: 42, blocks: 120)
        defer { db.close() }
        XCTAssertGreaterThan(all.count, 500)
        var rng = SplitMix64(seed: 7)
        let addresses = chain.hotAddresses + chain.coldAddresses + [Address(low: 0xBAD)]
        let topicValues = chain.eventTopics + (1...6).map { Hash(UInt256(UInt64($0))) } + [Hash(UInt256(0xBAD))]
        var nonEmpty = 0
        for _ in 0..<400 {
            let a = UInt64.random(in: 0...125, using: &rng)
            let b = UInt64.random(in: 0...125, using: &rng)
            var filter = LogFilter(fromBlock: min(a, b), toBlock: max(a, b))
            filter.addresses = (0..<Int.random(in: 0...3, using: &rng)).map { _ in addresses.randomElement(using: &rng)! }
            filter.topics = (0..<Int.random(in: 0...4, using: &rng)).map { _ -> [Hash]? in
                switch Int.random(in: 0...3, using: &rng) {
                case 0: return nil
                case 1: return []
                default: return (0..<Int.random(in: 1...3, using: &rng)).map { _ in topicValues.randomElement(using: &rng)! }
                }
            }
            let expected = bruteForce(all, filter)
            XCTAssertEqual(try db.logs(filter), expected, "\(filter)")
            if !expected.isEmpty { nonEmpty += 1 }
            for log in all.prefix(50) {
                XCTAssertEqual(filter.matches(log.log), !bruteForce([log], LogFilter(addresses: filter.addresses, topics: filter.topics)).isEmpty)
            }
        }
        // The property is only as good as its hits: most random filters must select something.
        XCTAssertGreaterThan(nonEmpty, 150)
    }

    func testGethTopicSemantics() throws {
        let (db, all, chain) = try makeChain(seed: 5, blocks: 40)
        defer { db.close() }
        // A trailing wildcard still requires that many topics.
        let twoPositions = try db.logs(LogFilter(topics: [nil, nil]))
        XCTAssertEqual(twoPositions, all.filter { $0.topics.count >= 2 })
        XCTAssertFalse(twoPositions.isEmpty)
        // No criteria: every log, in block then log-index order.
        XCTAssertEqual(try db.logs(LogFilter()), all)
        // OR across addresses and across alternatives in one position.
        let hot = Array(chain.hotAddresses.prefix(2))
        let f = LogFilter(addresses: hot, topics: [[chain.eventTopics[0], chain.eventTopics[1]]])
        XCTAssertEqual(try db.logs(f), all.filter { hot.contains($0.address) && !$0.topics.isEmpty && chain.eventTopics.prefix(2).contains($0.topics[0]) })
        // A block-hash query covers that block only.
        let someLog = try XCTUnwrap(all.first { $0.blockNumber == 17 })
        XCTAssertEqual(try db.logs(LogFilter(blockHash: someLog.blockHash)), all.filter { $0.blockNumber == 17 })
        XCTAssertThrowsError(try db.logs(LogFilter(blockHash: Hash(UInt256(1))))) {
            XCTAssertEqual(($0 as? StorageError)?.description, "unknown block")
        }
        // A range beyond the head is clamped; one starting beyond it is empty.
        XCTAssertEqual(try db.logs(LogFilter(fromBlock: 30, toBlock: 1_000_000)), all.filter { $0.blockNumber >= 30 })
        XCTAssertEqual(try db.logs(LogFilter(fromBlock: 41, toBlock: 50)), [])
        XCTAssertThrowsError(try db.logs(LogFilter(fromBlock: 5, toBlock: 4))) {
            XCTAssertEqual(($0 as? StorageError)?.description, "invalid block range params")
        }
        XCTAssertThrowsError(try db.logs(LogFilter(topics: [nil, nil, nil, nil, nil]))) {
            XCTAssertEqual(($0 as? StorageError)?.description, "exceed max topics")
        }
        // Large OR lists take the uncached statement path.
        let many = (0..<50).map { Address(low: UInt64(0xD0_0000 + $0)) }
        XCTAssertEqual(try db.logs(LogFilter(addresses: many)), all.filter { many.contains($0.address) })
    }

    func testResultAndRangeCaps() throws {
        let (db, all, chain) = try makeChain(seed: 9, blocks: 60)
        defer { db.close() }
        let hot = chain.hotAddresses[0]
        let hotCount = all.filter { $0.address == hot }.count
        XCTAssertGreaterThan(hotCount, 20)

        let tight = LogQueryLimits(maxBlockRange: nil, maxResults: hotCount - 1)
        XCTAssertThrowsError(try db.logs(LogFilter(addresses: [hot]), limits: tight)) { error in
            XCTAssertEqual(error as? StorageError, .tooManyResults(limit: hotCount - 1))
            XCTAssertEqual("\(error)", "query returned more than \(hotCount - 1) results")
        }
        let exact = LogQueryLimits(maxBlockRange: nil, maxResults: hotCount)
        XCTAssertEqual(try db.logs(LogFilter(addresses: [hot]), limits: exact).count, hotCount)
        XCTAssertEqual(StorageError.tooManyResults(limit: 10_000).description, "query returned more than 10000 results")
        XCTAssertEqual(LogQueryLimits().maxResults, 10_000)

        let ranged = LogQueryLimits(maxBlockRange: 10, maxResults: nil)
        XCTAssertEqual(try db.logs(LogFilter(fromBlock: 10, toBlock: 19), limits: ranged), all.filter { (10...19).contains($0.blockNumber) })
        XCTAssertThrowsError(try db.logs(LogFilter(fromBlock: 10, toBlock: 20), limits: ranged)) { error in
            XCTAssertEqual(error as? StorageError, .blockRangeTooLarge(limit: 10))
            XCTAssertEqual("\(error)", "exceed maximum block range: 10")
        }
        // The range is measured after clamping to the head (59).
        XCTAssertNoThrow(try db.logs(LogFilter(fromBlock: 55, toBlock: 1_000), limits: ranged))
    }
}

enum StateChangesFixture {
    static let empty = StateChanges()
}
