import Primitives
import XCTest

/// Prints the primitives micro-benchmarks when LANES_PRIMITIVES_BENCH=1 (they take ~2 s, so `make test` skips them).
final class BenchmarkSmokeTests: XCTestCase {
    func testBenchmarks() throws {
        guard ProcessInfo.processInfo.environment["LANES_PRIMITIVES_BENCH"] == "1" else {
            throw XCTSkip("set LANES_PRIMITIVES_BENCH=1 to run the primitives micro-benchmarks")
        }
        for (name, ns) in PrimitivesBenchmarks.run() {
            print("bench \(name): \(String(format: "%.1f", ns)) ns/op")
            XCTAssertGreaterThan(ns, 0)
        }
    }
}
