import Foundation
import Primitives
import Trie

/// `lanes-bench`: reproducible benchmark workloads with a JSON report on stdout.
///
///   lanes-bench primitives     Keccak, UInt256, RLP, transactions, secp256k1, trie
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
case "http-serve":
    do {
        try runHTTPServe(arguments: Array(arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
default:
    FileHandle.standardError.write(Data("usage: lanes-bench primitives | precompiles [FIXTURES] | http-serve [--host H] [--port P]\n".utf8))
    exit(2)
}
