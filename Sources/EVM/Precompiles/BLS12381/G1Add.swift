import Curves
import Primitives

/// BLS12_G1ADD (0x0b, EIP-2537): adds two G1 points (no subgroup check).
public struct BLS12381G1AddPrecompile: Precompile {
    public init() {}

    /// Charges the EIP-2537 price, then runs the operation (any malformed input fails and consumes all gas).
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(BLS12381Pricing.g1AddGas, gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            try BLS12381Pricing.output { () throws(EIP2537Error) -> [UInt8] in try EIP2537.g1Add(input) }
        }
    }
}
