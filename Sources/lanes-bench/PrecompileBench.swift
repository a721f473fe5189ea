import EVM
import Foundation
import Primitives

/// `lanes-bench precompiles [FIXTURES_DIR] [--filter NAME]`: each precompile on the inputs of its fixture vectors,
/// reported as ns per call and Mgas/s (the gas the precompile charges over the time it takes).
enum PrecompileBench {
    static func run(arguments: [String]) -> [String: Any] {
        var args = arguments
        var filter: String?
        if let i = args.firstIndex(of: "--filter"), i + 1 < args.count {
            filter = args[i + 1]
            args.removeSubrange(i...(i + 1))
        }
        let fixtures = args.first ?? ProcessInfo.processInfo.environment["LANES_FIXTURES"] ?? "../shared/fixtures"
        var results: [String: Any] = [:]
        for c in PrecompileCatalog.standardBenchmarkCases() + PrecompileBench.laterCases() {
            if let filter, !c.name.localizedCaseInsensitiveContains(filter) { continue }
            // Hashing precompiles have no vector file: they run on 32-byte, 128-byte and 1-KiB inputs.
            let path = c.fixture.hasPrefix("precompiles/") ? c.fixture : "precompiles/" + c.fixture
            let inputs = c.fixture.isEmpty ? syntheticInputs : loadInputs(fixtures + "/" + path)
            guard !inputs.isEmpty else { continue }
            // One round over the inputs: the gas charged (the sum also keeps the calls alive).
            func round() -> UInt64 {
                var gas: UInt64 = 0
                for input in inputs {
                    if case .success(let out) = c.precompile.run(input: input, gasLimit: .max, fork: c.fork) { gas &+= out.gasUsed }
                }
                return gas
            }
            let gasPerRound = round()
            var sink: UInt64 = 0
            let ns = measure(seconds: 0.3) { sink &+= round() }
            if sink == 1 { print("") }
            let nsPerCall = ns / Double(inputs.count)
            results[c.name] = ["ns_per_call": nsPerCall, "mgas_per_s": Double(gasPerRound) / ns * 1000, "vectors": inputs.count]
        }
        return results
    }

    static let syntheticInputs: [[UInt8]] = [32, 128, 1024].map { n in (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

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
