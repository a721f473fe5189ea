import Curves
import Primitives

/// BLS12_PAIRING_CHECK (0x0f, EIP-2537): returns 1 when the product of the pairings of the given pairs is the identity.
public struct BLS12381PairingCheckPrecompile: Precompile {
    public init() {}

    /// Charges the EIP-2537 price, then runs the operation (any malformed input fails and consumes all gas).
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(BLS12381Pricing.pairingBaseGas + BLS12381Pricing.pairingPerPairGas * UInt64(input.count / EIP2537.pairingPairSize), gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            try BLS12381Pricing.output { () throws(EIP2537Error) -> [UInt8] in try EIP2537.pairingCheck(input) }
        }
    }
}
