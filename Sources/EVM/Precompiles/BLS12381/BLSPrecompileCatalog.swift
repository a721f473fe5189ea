import Primitives

/// The BLS12-381 (EIP-2537) and KZG point-evaluation (EIP-4844) precompiles with the fixture whose
/// inputs a benchmark runs through each (`lanes-bench precompiles`).
public enum BLSPrecompileCatalog {
    /// One entry per precompile; the fixture path is relative to the fixtures root.
    public static func benchmarkCases() -> [(name: String, fixture: String, precompile: any Precompile, fork: Fork)] {
        [
            ("PointEvaluation", "precompiles/pointEvaluation.json", PointEvaluationPrecompile(), .osaka),
            ("BLS12381G1Add", "precompiles/blsG1Add.json", BLS12381G1AddPrecompile(), .osaka),
            ("BLS12381G1Mul", "precompiles/blsG1Mul.json", BLS12381G1MSMPrecompile(), .osaka),
            ("BLS12381G1MSM", "precompiles/blsG1MultiExp.json", BLS12381G1MSMPrecompile(), .osaka),
            ("BLS12381G2Add", "precompiles/blsG2Add.json", BLS12381G2AddPrecompile(), .osaka),
            ("BLS12381G2Mul", "precompiles/blsG2Mul.json", BLS12381G2MSMPrecompile(), .osaka),
            ("BLS12381G2MSM", "precompiles/blsG2MultiExp.json", BLS12381G2MSMPrecompile(), .osaka),
            ("BLS12381PairingCheck", "precompiles/blsPairing.json", BLS12381PairingCheckPrecompile(), .osaka),
            ("BLS12381MapFpToG1", "precompiles/blsMapG1.json", BLS12381MapFpToG1Precompile(), .osaka),
            ("BLS12381MapFp2ToG2", "precompiles/blsMapG2.json", BLS12381MapFp2ToG2Precompile(), .osaka),
        ]
    }
}
