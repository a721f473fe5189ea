import Primitives

/// The precompiles this module implements, paired with the fixture file whose inputs exercise
/// them, for benchmarks (`lanes-bench precompiles`) and conformance runners.
public enum PrecompileCatalog {
    /// One entry per precompile and pricing regime: a name, the fixture file under
    /// `fixtures/precompiles/`, the implementation, and the fork whose gas schedule the fixture's `Gas` assumes.
    /// SHA256, RIPEMD160 and IDENTITY have no fixture file (empty `fixture`): benchmark them on
    /// synthetic inputs (e.g. 32, 128 and 1024 bytes). Skip fixture entries marked `NoBenchmark`.
    public static func standardBenchmarkCases() -> [(name: String, fixture: String, precompile: any Precompile, fork: Fork)] {
        [
            ("ecrecover", "ecRecover.json", ECRecoverPrecompile(), .osaka),
            ("sha256", "", SHA256Precompile(), .osaka),
            ("ripemd160", "", RIPEMD160Precompile(), .osaka),
            ("identity", "", IdentityPrecompile(), .osaka),
            ("modexp-eip198", "modexp.json", ModExpPrecompile(), .byzantium),
            ("modexp-eip2565", "modexp_eip2565.json", ModExpPrecompile(), .berlin),
            ("modexp-eip7883", "modexp_eip7883.json", ModExpPrecompile(), .osaka),
            ("bn256Add", "bn256Add.json", BN254AddPrecompile(), .osaka),
            ("bn256ScalarMul", "bn256ScalarMul.json", BN254ScalarMulPrecompile(), .osaka),
            ("bn256Pairing", "bn256Pairing.json", BN254PairingPrecompile(), .osaka),
            ("blake2F", "blake2F.json", Blake2FPrecompile(), .osaka),
            ("p256Verify", "p256Verify.json", P256VerifyPrecompile(), .osaka),
        ]
    }
}
