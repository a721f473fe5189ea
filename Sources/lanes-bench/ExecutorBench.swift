import Execution
import Foundation
import State
import Workloads

/// `lanes-bench executor`: each workload is one block over an in-memory state, executed by the
/// sequential executor and by Block-STM at several thread counts in the same process, in turn run
/// after run; medians of several runs, speedups the median of the ratios of runs taken together.
enum ExecutorBench {
    struct Options {
        var executor: String?  // nil: both
        var threads: [Int] = [1, 2, 4]
        var workloads = ExecutorWorkloads.names
        var transactions = 10_000
        var runs = 5
        var json = false
        /// Block-STM without its sequential fallbacks (to measure where they should kick in).
        var forced = false
    }

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw BenchError.usage("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--executor":
                let v = try value()
                guard v == "sequential" || v == "parallel" else { throw BenchError.usage("--executor sequential|parallel") }
                o.executor = v
            case "--threads": o.threads = try value().split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            case "--workload":
                let names = try value().split(separator: ",").map(String.init)
                for n in names where !ExecutorWorkloads.names.contains(n) { throw BenchError.usage("unknown workload \(n); one of \(ExecutorWorkloads.names.joined(separator: ", "))") }
                o.workloads = names
            case "--txs": o.transactions = max(1, Int(try value()) ?? 10_000)
            case "--runs": o.runs = max(1, Int(try value()) ?? 5)
            case "--json": o.json = true
            case "--forced": o.forced = true
            default: throw BenchError.usage("unknown option \(args[i])")
            }
            i += 1
        }
        if o.threads.isEmpty { o.threads = [1, 2, 4] }
        return o
    }

    enum BenchError: Error, CustomStringConvertible {
        case usage(String)
        var description: String {
            switch self { case .usage(let m): return "\(m)\nusage: lanes-bench executor [--executor sequential|parallel] [--threads N[,M…]] [--workload NAME[,…]] [--txs N] [--runs R] [--forced] [--json]" }
        }
    }

    static func run(arguments: [String]) throws {
        let o = try parse(arguments)
        var reports: [[String: Any]] = []
        for name in o.workloads {
            let block = ExecutorWorkloads.make(name, transactions: o.transactions)!
            var report: [String: Any] = ["name": name, "txs": block.transactions.count]
            // The executors under test, sequential first; each run below executes all of them in
            // turn, so a drift of the machine's speed (a shared VM drifts by a third within
            // minutes) hits them alike and the speedup is a median of same-moment ratios.
            var contenders: [(key: String, run: () -> BlockExecutionOutput)] = []
            if o.executor != "parallel" {
                // On a long-lived big-stack thread, as the parallel executor's workers are (a thread
                // per block would charge sequential execution for thread creation).
                let executor = SequentialExecutor(), thread = ExecutionThread()
                contenders.append(("sequential", { thread.run { executor.execute(block.transactions, context: block.context, parent: block.parent, stopOnInvalid: false) } }))
            }
            if o.executor != "sequential" {
                for threads in o.threads {
                    let executor = ParallelExecutor(configuration: o.forced ? .forced(threads: threads) : .init(threads: threads))
                    contenders.append((String(threads), { executor.execute(block.transactions, context: block.context, parent: block.parent, stopOnInvalid: false) }))
                }
            }
            let measured = measure(runs: o.runs, contenders.map(\.run)) { check($0, block) }
            var gas: UInt64 = 0
            var times: [String: [Double]] = [:]
            for (i, contender) in contenders.enumerated() {
                gas = measured[i].gas
                times[contender.key] = measured[i].times
            }
            var mgas: [String: Double] = [:]
            if let s = times["sequential"] {
                report["sequential_ms"] = round3(median(s))
                mgas["sequential"] = round3(Double(gas) / 1e6 / (median(s) / 1e3))
            }
            if o.executor != "sequential" {
                var parallelMs: [String: Double] = [:], speedup: [String: Double] = [:]
                var reexecutions: [String: Int] = [:], aborts: [String: Int] = [:], validations: [String: Int] = [:], modes: [String: String] = [:]
                var phases: [String: [String: Double]] = [:]
                for (i, contender) in contenders.enumerated() where contender.key != "sequential" {
                    let key = contender.key, ms = median(measured[i].times)
                    parallelMs[key] = round3(ms)
                    mgas[key] = round3(Double(gas) / 1e6 / (ms / 1e3))
                    if let s = times["sequential"] {
                        speedup[key] = round3(median(zip(s, measured[i].times).map { $0 / $1 }))
                    }
                    let stats = measured[i].stats ?? ParallelStats()
                    reexecutions[key] = stats.reexecutions
                    aborts[key] = stats.validationAborts
                    validations[key] = stats.validations
                    modes[key] = stats.mode.rawValue
                    phases[key] = measured[i].phases
                }
                report["parallel_ms"] = parallelMs
                if times["sequential"] != nil { report["speedup"] = speedup }
                report["reexecutions"] = reexecutions
                report["aborts"] = aborts
                report["validations"] = validations
                report["mode"] = modes
                report["phase_ms"] = phases
            }
            report["mgas_per_s"] = mgas
            report["gas"] = gas
            // What one block grows resident memory by: the largest growth of any executor's warm-up.
            report["rss_growth_mb"] = round3(Double(measured.map(\.rssGrowth).max() ?? 0) / 1_048_576)
            reports.append(report)
            if !o.json { printRow(report, threads: o.threads) }
        }
        let result: [String: Any] = ["benchmark": "executor", "machine": Machine.describe(), "runs": o.runs, "workloads": reports]
        if o.json { printJSON(result) }
    }

    /// What `measure` found for one executor: its wall times in milliseconds (run by run), the
    /// median of each Block-STM phase, what its warm-up run grew resident memory by, and the gas
    /// and statistics of its last run.
    struct Measured {
        var times: [Double] = []
        var phases: [String: Double] = [:]
        var rssGrowth = 0
        var gas: UInt64 = 0
        var stats: ParallelStats?
    }

    /// Runs every body once on its own to warm up (measuring its resident-memory growth; `check`
    /// sees that output), then `runs` rounds of each body in turn, timing each run. Outputs are
    /// freed after the timing (freeing a block's receipts and records is the caller's business,
    /// not the executor's) and before the next body runs.
    static func measure(runs: Int, _ bodies: [() -> BlockExecutionOutput], check: (BlockExecutionOutput) -> Void) -> [Measured] {
        var results = bodies.map { _ in Measured() }
        for (i, body) in bodies.enumerated() {
            Memory.resetPeak()
            let before = Memory.residentBytes()
            let output = body()
            ParallelExecutor.waitForReclaim()
            results[i].rssGrowth = Memory.peakResidentBytes() - before
            check(output)
        }
        var phaseTimes = bodies.map { _ in [String: [Double]]() }
        for _ in 0..<runs {
            for (i, body) in bodies.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                let output = body()
                results[i].times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                // A Block-STM run's tables are freed in the background once the block is out:
                // not part of the block's time, and not left to slow the next one.
                ParallelExecutor.waitForReclaim()
                if let s = output.parallelStats {
                    phaseTimes[i]["execution", default: []].append(Double(s.executionNanos) / 1e6)
                    phaseTimes[i]["commit_after_run", default: []].append(Double(s.commitNanos) / 1e6)
                    phaseTimes[i]["committed_in_run", default: []].append(Double(s.committedInRun))
                }
                results[i].gas = output.gasUsed
                results[i].stats = output.parallelStats
            }
        }
        for i in results.indices { results[i].phases = phaseTimes[i].mapValues { round3(median($0)) } }
        return results
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// A benchmark whose transactions fail measures nothing: stop loudly.
    static func check(_ output: BlockExecutionOutput, _ block: BlockWorkload) {
        guard output.invalid.isEmpty, output.results.allSatisfy(\.succeeded), output.included.count == block.transactions.count else {
            FileHandle.standardError.write(Data("error: workload \(block.name) did not execute cleanly (\(output.invalid.count) invalid)\n".utf8))
            exit(1)
        }
    }

    static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

    static func printRow(_ r: [String: Any], threads: [Int]) {
        var line = String(describing: r["name"]!).padding(toLength: 12, withPad: " ", startingAt: 0)
        line += " txs \(r["txs"]!)"
        if let s = r["sequential_ms"] { line += "  seq \(s) ms" }
        let p = r["parallel_ms"] as? [String: Double] ?? [:], sp = r["speedup"] as? [String: Double] ?? [:]
        let re = r["reexecutions"] as? [String: Int] ?? [:]
        for t in threads.map(String.init) where p[t] != nil {
            line += "  | \(t)t \(p[t]!) ms"
            if let s = sp[t] { line += " ×\(s)" }
            line += " re \(re[t] ?? 0)"
            if let ph = (r["phase_ms"] as? [String: [String: Double]])?[t], let e = ph["execution"], let c = ph["commit_after_run"], let n = ph["committed_in_run"] {
                line += " (run \(e) commit \(c), \(Int(n)) in run)"
            }
        }
        line += "  rss +\(r["rss_growth_mb"]!) MB"
        print(line)
    }
}

/// `lanes-bench fuzz-parallel`: random blocks, sequential against Block-STM (forced) at 1, 2, 4
/// and 8 threads, until stopped (or `--seconds`); a disagreement is written to a file that
/// `LANES_REPLAY_BLOCK=FILE swift test --filter testReplayFailingBlock` replays.
enum ParallelFuzz {
    static func run(arguments: [String]) throws {
        var seconds = Double.infinity
        var directory = FileManager.default.currentDirectoryPath
        var seed = UInt64(DispatchTime.now().uptimeNanoseconds)
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--seconds": i += 1; seconds = Double(arguments[i]) ?? seconds
            case "--out": i += 1; directory = arguments[i]
            case "--seed": i += 1; seed = UInt64(arguments[i]) ?? seed
            default: throw ExecutorBench.BenchError.usage("usage: lanes-bench fuzz-parallel [--seconds S] [--out DIR] [--seed N]")
            }
            i += 1
        }
        let executors = [1, 2, 4, 8].map { ParallelExecutor(configuration: .forced(threads: $0)) }
        let sequential = SequentialExecutor()
        let start = Date()
        var blocks = 0, failures = 0
        print("fuzz-parallel: starting at seed \(seed); failing blocks go to \(directory)")
        while Date().timeIntervalSince(start) < seconds {
            let conflicting = seed % 3 == 0
            let block = RandomBlocks.make(seed: seed, conflicting: conflicting)
            let expected = outcome(sequential, block)
            for executor in executors {
                let got = outcome(executor, block)
                if got.root != expected.root || got.receipts != expected.receipts || got.gas != expected.gas || got.invalid != expected.invalid {
                    failures += 1
                    let path = try FailingBlock.write(seed: seed, conflicting: conflicting,
                                                      reason: "\(executor.configuration.threads) threads disagree", directory: directory)
                    print("FAIL seed \(seed) at \(executor.configuration.threads) threads → \(path)")
                    break
                }
            }
            blocks += 1
            if blocks % 100 == 0 { print("\(blocks) blocks, \(failures) failures") }
            seed &+= 1
        }
        print("\(blocks) blocks, \(failures) failures")
        if failures > 0 { exit(1) }
    }

    struct Outcome {
        var root: String, receipts: [[UInt8]], gas: UInt64, invalid: [String]
    }

    static func outcome(_ executor: any BlockExecutor, _ block: BlockWorkload) -> Outcome {
        let output = withLargeStack { executor.execute(block.transactions, context: block.context, parent: block.parent, stopOnInvalid: false) }
        var state = block.parent
        state.apply(output.changes)
        return Outcome(root: state.stateRoot().description, receipts: output.receipts.map(\.envelope), gas: output.gasUsed,
                       invalid: output.invalid.map { "\($0.index) \($0.error)" })
    }
}

/// Resident memory of this process, from /proc/self/status.
enum Memory {
    static func field(_ name: String) -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix(name) {
            return (Int(line.split(separator: " ").dropFirst().first(where: { Int($0) != nil }) ?? "0") ?? 0) * 1024
        }
        return 0
    }

    static func residentBytes() -> Int { field("VmRSS:") }
    /// Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs).
    static func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }
    static func peakResidentBytes() -> Int { field("VmHWM:") }
}

/// What the numbers were measured on.
enum Machine {
    static func describe() -> [String: Any] {
        var model = "unknown"
        if let s = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = s.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            model = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? model
        }
        return ["cpu": model, "cores": ProcessInfo.processInfo.activeProcessorCount,
                "memory_gb": Double(ProcessInfo.processInfo.physicalMemory / 1_048_576) / 1024]
    }
}
