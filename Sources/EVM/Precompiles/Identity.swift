import Primitives

/// 0x04 IDENTITY: returns its input unchanged; 15 gas plus 3 per 32-byte word.
public struct IdentityPrecompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Copies `input` to the output.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        let cost = 15 + 3 * ((UInt64(input.count) + 31) / 32)
        return charge(cost, gasLimit: gasLimit) { input }
    }
}
