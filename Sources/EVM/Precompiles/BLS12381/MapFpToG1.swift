import Curves
import Primitives

/// BLS12_MAP_FP_TO_G1 (0x10, EIP-2537): maps a field element to G1 (RFC 9380 simplified SWU + 11-isogeny).
public struct BLS12381MapFpToG1Precompile: Precompile {
    public init() {}

    /// Charges the EIP-2537 price, then runs the operation (any malformed input fails and consumes all gas).
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(BLS12381Pricing.mapFpToG1Gas, gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            try BLS12381Pricing.output { () throws(EIP2537Error) -> [UInt8] in try EIP2537.mapFpToG1(input) }
        }
    }
}
