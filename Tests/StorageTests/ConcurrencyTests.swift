import Dispatch
import Ethereum
import Primitives
import State
import Storage
import Synchronization
import XCTest

/// Readers on other threads run while the writer commits, and always see whole blocks.
final class ConcurrencyTests: XCTestCase {
    func testReadersSeeWholeBlocksWhileWriterCommits() throws {
        let dir = TemporaryDirectory()
        let db = try ChainDatabase(.file(dir.databasePath), options: .init(logLimits: LogQueryLimits(maxResults: nil)))
        defer { db.close() }
        var chain = ChainBuilder(seed: 31)
        let genesis = chain.nextBlock(txCount: 5)
        try db.commit(genesis)
        chain.accept(genesis)

        let done = Atomic<Bool>(false)
        let reads = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) {
                while !done.load(ordering: .acquiring) {
                    do {
                        guard let head = try db.head() else { continue }
                        // Every committed block is complete: its receipts match its transactions,
                        // and its logs are all indexed.
                        let block = try db.block(number: head.number)
                        let receipts = try db.receipts(blockNumber: head.number)
                        let logs = try db.logs(LogFilter(fromBlock: head.number, toBlock: head.number))
                        if block?.transactions.count != receipts.count {
                            failures.withLock { $0.append("block \(head.number): \(receipts.count) receipts") }
                        }
                        let logCount = receipts.reduce(0) { $0 + $1.logs.count }
                        if logs.count < logCount { failures.withLock { $0.append("block \(head.number): \(logs.count) of \(logCount) logs") } }
                        reads.add(1, ordering: .relaxed)
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
        }
        for _ in 0..<150 {
            let commit = chain.nextBlock(txCount: 8)
            try db.commit(commit)
            chain.accept(commit)
        }
        done.store(true, ordering: .releasing)
        group.wait()
        XCTAssertEqual(failures.withLock { $0 }, [])
        XCTAssertGreaterThan(reads.load(ordering: .relaxed), 0)
        XCTAssertEqual(try db.head()?.number, 150)
    }
}
