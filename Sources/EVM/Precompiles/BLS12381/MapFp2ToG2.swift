import Curves
import Primitives

/// BLS12_MAP_FP2_TO_G2 (0x11, EIP-2537): maps an F_p2 element to G2 (RFC 9380 simplified SWU + 3-isogeny).
public struct BLS12381MapFp2ToG2Precompile: Precompile {
    public init() {}

    /// Charges the EIP-2537 price, then runs the operation (any malformed input fails and consumes all gas).
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(BLS12381Pricing.mapFp2ToG2Gas, gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            try BLS12381Pricing.output { () throws(EIP2537Error) -> [UInt8] in try EIP2537.mapFp2ToG2(input) }
        }
    }
}
