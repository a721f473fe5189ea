import Curves
import Primitives

/// BLS12_G2ADD (0x0d, EIP-2537): adds two G2 points (no subgroup check).
public struct BLS12381G2AddPrecompile: Precompile {
    public init() {}

    /// Charges the EIP-2537 price, then runs the operation (any malformed input fails and consumes all gas).
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(BLS12381Pricing.g2AddGas, gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            try BLS12381Pricing.output { () throws(EIP2537Error) -> [UInt8] in try EIP2537.g2Add(input) }
        }
    }
}
