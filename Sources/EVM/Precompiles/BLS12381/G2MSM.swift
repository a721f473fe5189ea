import Curves
import Primitives

/// BLS12_G2MSM (0x0e, EIP-2537): multi-scalar multiplication in G2 with the discount table; one pair is a scalar multiplication.
public struct BLS12381G2MSMPrecompile: Precompile {
    public init() {}

    /// Charges the EIP-2537 price, then runs the operation (any malformed input fails and consumes all gas).
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(BLS12381Pricing.msmGas(pairs: input.count / EIP2537.g2PairSize, mulCost: BLS12381Pricing.g2MulGas, discount: BLS12381Pricing.g2Discount), gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            try BLS12381Pricing.output { () throws(EIP2537Error) -> [UInt8] in try EIP2537.g2MSM(input) }
        }
    }
}
