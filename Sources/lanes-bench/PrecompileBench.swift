import EVM
import Foundation
import Primitives

/// `lanes-bench precompiles [FIXTURES_DIR]`: each precompile on the inputs of its fixture vectors,
/// reported as ns per call and Mgas/s (the gas the precompile charges over the time it takes).
enum PrecompileBench {
    static func run(arguments: [String]) -> [String: Any] {
        let fixtures = arguments.first ?? ProcessInfo.processInfo.environment["LANES_FIXTURES"] ?? "../shared/fixtures"
        var results: [String: Any] = [:]
        for c in PrecompileCatalog.standardBenchmarkCases() + PrecompileBench.laterCases() {
            let inputs = loadInputs(fixtures + "/precompiles/" + c.fixture)
            guard !inputs.isEmpty else { continue }
            var totalGas: UInt64 = 0
            var calls = 0
            let ns = measure(seconds: 0.3) {
                for input in inputs {
                    if case .success(let out) = c.precompile.run(input: input, gasLimit: .max, fork: c.fork) {
                        totalGas &+= out.gasUsed
                    }
                    calls += 1
                }
            }
            let gasPerRound = inputs.reduce(UInt64(0)) { acc, input in
                if case .success(let out) = c.precompile.run(input: input, gasLimit: .max, fork: c.fork) { return acc + out.gasUsed }
                return acc
            }
            let nsPerCall = ns / Double(inputs.count)
            results[c.name] = ["ns_per_call": nsPerCall, "mgas_per_s": Double(gasPerRound) / ns * 1000, "vectors": inputs.count]
        }
        return results
    }

    /// Inputs of a fixture file (`[{Input, …}]`, hex without 0x).
    static func loadInputs(_ path: String) -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: path),
              let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return list.compactMap { ($0["Input"] as? String).flatMap { try? Hex.decode($0) } }
    }

    /// The BLS12-381 and KZG cases.
    static func laterCases() -> [(name: String, fixture: String, precompile: any Precompile, fork: Fork)] {
        BLSPrecompileCatalog.benchmarkCases()
    }
}
