import Foundation
import Primitives
import Trie

/// `lanes-bench`: reproducible benchmark workloads with a JSON report on stdout.
///
///   lanes-bench primitives     Keccak, UInt256, RLP, transactions, secp256k1, trie
///   lanes-bench precompiles  each precompile on its fixture vectors (ns/call, Mgas/s)
///   lanes-bench evm          EVM bytecode workloads (Mgas/s); evm --workloads prints them for other EVMs
///   lanes-bench executor     sequential vs Block-STM on block workloads (see ExecutorBench)
///   lanes-bench fuzz-parallel random blocks, sequential vs Block-STM, until stopped
///   lanes-bench node         the Storage log index: eth_getLogs latency and commit cost over 1,000,000 logs
///   lanes-bench node --devchain  evm_snapshot/evm_revert on 100,000 accounts, anvil_mine of 1,000,000 blocks
///   lanes-bench http-serve …   the HTTP server with a fixed JSON body (for make bench-http and socket tests)
let arguments = Array(CommandLine.arguments.dropFirst())

func printJSON(_ object: Any) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

switch arguments.first {
case "primitives":
    var results: [String: Double] = [:]
    for r in PrimitivesBenchmarks.run() { results[r.name + ".ns"] = r.nanosecondsPerOp }
    for r in TransactionBenchmarks.run() { results[r.name + ".ns"] = r.nanosecondsPerOp }
    for (k, v) in TrieBenchmarks.run() { results[k] = v }
    printJSON(["benchmark": "primitives", "results": results])
case "precompiles":
    printJSON(["benchmark": "precompiles", "results": PrecompileBench.run(arguments: Array(arguments.dropFirst()))])
case "evm":
    // lanes-bench evm [--seconds S] [--filter NAME] | evm --workloads
    let rest = Array(arguments.dropFirst())
    if rest.contains("--workloads") {
        printJSON(EVMBenchmarks.describe())
    } else {
        let seconds = rest.firstIndex(of: "--seconds").flatMap { Double(rest[$0 + 1]) } ?? 1.0
        let filter = rest.firstIndex(of: "--filter").map { rest[$0 + 1] }
        printJSON(["benchmark": "evm", "results": EVMBenchmarks.run(seconds: seconds, filter: filter)])
    }
case "executor":
    do { try ExecutorBench.run(arguments: Array(arguments.dropFirst())) } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(2)
    }
case "fuzz-parallel":
    do { try ParallelFuzz.run(arguments: Array(arguments.dropFirst())) } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(2)
    }
case "node":
    // lanes-bench node [--blocks N] [--txs N] [--runs N] [--state-blocks N] [--path FILE]
    do {
        printJSON(["benchmark": "node", "results": try NodeBench.run(arguments: Array(arguments.dropFirst()))])
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
case "http-serve":
    do {
        try runHTTPServe(arguments: Array(arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
default:
    FileHandle.standardError.write(Data("usage: lanes-bench primitives | precompiles [FIXTURES] [--filter NAME] | evm [--seconds S] [--filter NAME] [--workloads] | executor [--executor sequential|parallel] [--threads N] [--workload NAME] [--txs N] [--json] | fuzz-parallel [--seconds S] [--out DIR] | node [--blocks N] [--txs N] [--runs N] [--path FILE] | node --devchain [--accounts N] [--mine-blocks N] | http-serve [--host H] [--port P]\n".utf8))
    exit(2)
}
