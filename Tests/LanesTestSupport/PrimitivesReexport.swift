/// Test suites that seed randomized tests use `SplitMix64`, which lives in Primitives (benchmarks
/// and generated workloads share it).
@_exported import Primitives
