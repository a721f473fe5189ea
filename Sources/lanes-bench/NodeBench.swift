import Dispatch
import Ethereum
import Foundation
import Keys
import Primitives
import State
import Storage

/// `lanes-bench node`: the Storage log index at scale.
///
/// Commits `--blocks` blocks (default 10,000) of `--txs` transactions (default 100), one log each,
/// to a fresh database (ephemeral, or `--path FILE` for the durable on-disk mode), then reports:
///   - eth_getLogs latency, median of `--runs` runs, for one address + one topic over the full
///     range and over a 1,000-block range (a cold contract with its Transfer event, and a hot
///     contract with one user in topic1, which the index probe must not scan by address;
///     `--commit-only` skips them);
///   - the commit cost per 1,000 transactions (header, transactions, receipts, logs and their
///     indexes, in one SQL transaction per block), and the same with per-transaction state changes.
///
/// Log distribution: 4 hot contracts emit 60% of logs, 10,000 cold contracts the rest; topic0 is
/// one of 4 event signatures (Transfer 60%, Approval 20%, Swap 10%, Sync 10%); topic1 and topic2
/// are accounts from a pool of 100,000; data is one 32-byte word. A seeded generator makes runs
/// reproducible.
enum NodeBench {

    static let hot = (1...4).map { Address(low: 0xC0DE_0000 + UInt64($0)) }
    static func cold(_ i: Int) -> Address { Address(low: 0xC01D_0000_0000 + UInt64(i)) }
    static let coldCount = 10_000
    static func account(_ i: Int) -> Hash { Hash(UInt256(0xACC0_0000_0000 + UInt64(i))) }
    static let accountCount = 100_000
    static let transfer = Keccak256.hash(Array("Transfer(address,address,uint256)".utf8))
    static let events = [transfer, Keccak256.hash(Array("Approval(address,address,uint256)".utf8)),
                         Keccak256.hash(Array("Swap(address,uint256,uint256,uint256,uint256,address)".utf8)),
                         Keccak256.hash(Array("Sync(uint112,uint112)".utf8))]

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    /// CPU time of the calling thread: on a machine shared with other jobs, wall time includes
    /// waiting for a core, so commit cost is reported both ways.
    static func cpuNow() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
    static func ms(_ ns: UInt64) -> Double { Double(ns) / 1e6 }
    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

    static func run(arguments: [String]) throws -> [String: Any] {
        if arguments.contains("--devchain") { return try DevChainBench.run(arguments: arguments) }
        func value(_ flag: String) -> String? { arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } }
        let blocks = value("--blocks").flatMap(Int.init) ?? 10_000
        let txsPerBlock = value("--txs").flatMap(Int.init) ?? 100
        let runs = value("--runs").flatMap(Int.init) ?? 9
        let stateBlocks = value("--state-blocks").flatMap(Int.init) ?? 200
        let path = value("--path")
        let commitOnly = arguments.contains("--commit-only")
        if let path {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let db = try ChainDatabase(path.map { .file($0) } ?? .ephemeral)
        defer {
            db.close()
            if let path { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        }

        var rng = SplitMix64(seed: 0x1A2E5)
        var parent = Hash.zero
        var indexNanos: [UInt64] = []
        var indexCPUNanos: [UInt64] = []
        var stateNanos: [UInt64] = []
        var nonce: UInt64 = 0
        // Which cold contract and which hot-contract user the queries look for (both exist in the data).
        let coldTarget = cold(4_242)
        let userTarget = account(31_337)
        var expectedCold = 0, expectedUser = 0

        func makeBlock(_ number: Int, withState: Bool) -> BlockCommit {
            var txs: [Transaction] = []
            var receipts: [ReceiptDetails] = []
            var senders: [Address] = []
            var changes = StateChanges()
            txs.reserveCapacity(txsPerBlock)
            for i in 0..<txsPerBlock {
                let roll = Int.random(in: 0..<100, using: &rng)
                var contract = roll < 60 ? hot[roll % 4] : cold(Int.random(in: 0..<coldCount, using: &rng))
                let e = Int.random(in: 0..<10, using: &rng)
                let event = events[e < 6 ? 0 : e < 8 ? 1 : e == 8 ? 2 : 3]
                var from = account(Int.random(in: 0..<accountCount, using: &rng))
                // Plant known matches so the selective queries return a stable, non-empty set.
                if number % 97 == 0 && i == 0 { contract = coldTarget }
                if number % 89 == 0 && i == 1 { contract = hot[0]; from = userTarget }
                if contract == coldTarget && event == transfer { expectedCold += 1 }
                if contract == hot[0] && from == userTarget { expectedUser += 1 }
                let log = Log(address: contract, topics: [event, from, account(Int.random(in: 0..<accountCount, using: &rng))],
                              data: UInt256(rng.next()).bigEndianBytes)
                nonce += 1
                let tx = Transaction(type: .dynamicFee, chainId: 31337, nonce: nonce, maxPriorityFeePerGas: UInt256(1),
                                     maxFeePerGas: UInt256(2_000_000_000), gasLimit: 60_000, to: contract, value: .zero,
                                     data: [0xA9, 0x05, 0x9C, 0xBB] + UInt256(rng.next()).bigEndianBytes,
                                     signature: Signature(r: UInt256(rng.next() | 1), s: UInt256(rng.next() | 1), yParity: 0))
                txs.append(tx)
                let sender = Address(truncating: from.uint256)
                senders.append(sender)
                receipts.append(ReceiptDetails(receipt: Receipt(type: .dynamicFee, outcome: .status(true),
                                                                cumulativeGasUsed: UInt64(i + 1) * 51_000, logs: [log]),
                                               gasUsed: 51_000, effectiveGasPrice: UInt256(1_000_000_007)))
                if withState {
                    // A token transfer: the sender's nonce and balance, the token's two balance slots.
                    changes.accounts[sender] = StateChanges.AccountChange(account: Account(nonce: nonce, balance: UInt256(rng.next())))
                    var token = changes.accounts[contract] ?? StateChanges.AccountChange(account: Account(nonce: 1, codeHash: Hash(UInt256(7))))
                    token.storage[from.uint256] = UInt256(rng.next())
                    token.storage[UInt256(rng.next())] = UInt256(rng.next())
                    changes.accounts[contract] = token
                }
            }
            let header = Header(parentHash: parent, number: UInt64(number), gasLimit: 30_000_000,
                                gasUsed: UInt64(txsPerBlock) * 51_000, timestamp: 1_700_000_000 + UInt64(number) * 12,
                                baseFeePerGas: UInt256(1_000_000_000))
            return BlockCommit(block: Block(header: header, transactions: txs, withdrawals: []), senders: senders,
                               receipts: receipts, stateChanges: changes)
        }

        let indexStart = now()
        for number in 0..<blocks {
            let commit = makeBlock(number, withState: false)
            let t0 = now(), c0 = cpuNow()
            try db.commit(commit)
            indexNanos.append(now() - t0)
            indexCPUNanos.append(cpuNow() - c0)
            parent = commit.block.hash
        }
        let indexWall = now() - indexStart

        func query(_ filter: LogFilter) throws -> (ms: Double, count: Int) {
            if commitOnly { return (0, 0) }
            _ = try db.logs(filter)  // warm the statement cache and pages
            var times: [Double] = []
            var count = 0
            for _ in 0..<runs {
                let t0 = now()
                count = try db.logs(filter).count
                times.append(ms(now() - t0))
            }
            return (median(times), count)
        }
        let last = UInt64(blocks - 1)
        let mid = UInt64(blocks / 2)
        let coldFull = try query(LogFilter(fromBlock: 0, toBlock: last, addresses: [coldTarget], topics: [[transfer]]))
        let coldRange = try query(LogFilter(fromBlock: mid, toBlock: min(last, mid + 999), addresses: [coldTarget], topics: [[transfer]]))
        let userFull = try query(LogFilter(fromBlock: 0, toBlock: last, addresses: [hot[0]], topics: [nil, [userTarget]]))
        let userRange = try query(LogFilter(fromBlock: mid, toBlock: min(last, mid + 999), addresses: [hot[0]], topics: [nil, [userTarget]]))
        guard commitOnly || (coldFull.count == expectedCold && userFull.count == expectedUser) else {
            throw BenchError.wrongResults("cold \(coldFull.count) of \(expectedCold), user \(userFull.count) of \(expectedUser)")
        }
        // The hot contract's Transfer events over the full range exceed the default 10,000 cap.
        var capMessage = ""
        let capStart = now()
        if !commitOnly { do { _ = try db.logs(LogFilter(fromBlock: 0, toBlock: last, addresses: [hot[0]], topics: [[transfer]])) } catch { capMessage = "\(error)" } }
        let capMs = ms(now() - capStart)

        for number in blocks..<(blocks + stateBlocks) {
            let commit = makeBlock(number, withState: true)
            let t0 = now()
            try db.commit(commit)
            stateNanos.append(now() - t0)
            parent = commit.block.hash
        }

        let txs = Double(blocks * txsPerBlock)
        let perBlock = indexNanos.map(ms)
        let perThousand = 1000.0 / Double(txsPerBlock)
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: db.path)[.size] as? Int) ?? nil
        var results: [String: Any] = [
            "database": path == nil ? "ephemeral" : "file",
            "blocks": blocks,
            "transactionsPerBlock": txsPerBlock,
            "logs": blocks * txsPerBlock,
            "runs": runs,
            "getLogs.fullRange.coldAddress+topic0.ms": round3(coldFull.ms),
            "getLogs.fullRange.coldAddress+topic0.results": coldFull.count,
            "getLogs.1000Blocks.coldAddress+topic0.ms": round3(coldRange.ms),
            "getLogs.1000Blocks.coldAddress+topic0.results": coldRange.count,
            "getLogs.fullRange.hotAddress+topic1.ms": round3(userFull.ms),
            "getLogs.fullRange.hotAddress+topic1.results": userFull.count,
            "getLogs.1000Blocks.hotAddress+topic1.ms": round3(userRange.ms),
            "getLogs.1000Blocks.hotAddress+topic1.results": userRange.count,
            "getLogs.fullRange.hotAddress+topic0.capError": capMessage,
            "getLogs.fullRange.hotAddress+topic0.capError.ms": round3(capMs),
            "commit.indexOnly.msPer1000Tx.mean": round3(perBlock.reduce(0, +) / Double(blocks) * perThousand),
            "commit.indexOnly.msPer1000Tx.median": round3(median(perBlock) * perThousand),
            "commit.indexOnly.cpuMsPer1000Tx.median": round3(median(indexCPUNanos.map(ms)) * perThousand),
            "commit.indexOnly.msPerBlock.p99": round3(perBlock.sorted()[Int(Double(perBlock.count - 1) * 0.99)]),
            "commit.indexOnly.wallSeconds": round3(Double(indexWall) / 1e9),
            "commit.indexOnly.txPerSecond": round3(txs / (Double(indexNanos.reduce(0, +)) / 1e9)),
        ]
        if !stateNanos.isEmpty {
            results["commit.withState.msPer1000Tx.median"] = round3(median(stateNanos.map(ms)) * perThousand)
            results["commit.withState.blocks"] = stateNanos.count
        }
        if let fileBytes { results["databaseBytes"] = fileBytes }
        return results
    }

    enum BenchError: Error { case wrongResults(String) }
}
