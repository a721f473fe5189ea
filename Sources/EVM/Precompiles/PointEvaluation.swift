import Curves
import Primitives

/// POINT_EVALUATION (0x0a, EIP-4844, Cancun): checks that a KZG commitment, whose versioned hash is
/// given, opens to `y` at `z`. Input: versioned_hash ‖ z ‖ y ‖ commitment ‖ proof (192 bytes).
/// Output: FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two 32-byte words. Price: 50 000 gas.
public struct PointEvaluationPrecompile: Precompile {
    /// The EIP-4844 price.
    static let gas: UInt64 = 50_000

    /// FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS.
    static let successOutput: [UInt8] = {
        var out = [UInt8](repeating: 0, count: 32)
        out[30] = UInt8(TrustedSetup.fieldElementsPerBlob >> 8)
        out[31] = UInt8(TrustedSetup.fieldElementsPerBlob & 0xff)
        return out + KZG.blsModulusBytes
    }()

    public init() {}

    /// Verifies the versioned hash and the KZG proof; any mismatch fails and consumes all gas.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(Self.gas, gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            guard input.count == 192 else { throw .invalidInput("invalid input length") }
            let commitment = Array(input[96..<144])
            guard KZG.versionedHash(commitment: commitment)[...] == input[0..<32] else {
                throw .invalidInput("mismatched versioned hash")
            }
            guard KZG.verifyKZGProof(commitment: commitment[...], z: input[32..<64], y: input[64..<96], proof: input[144..<192]) else {
                throw .invalidInput("error verifying kzg proof")
            }
            return Self.successOutput
        }
    }
}
