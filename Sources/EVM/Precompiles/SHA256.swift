import Crypto
import Primitives

/// 0x02 SHA256: the SHA-256 digest of the input; 60 gas plus 12 per 32-byte word.
public struct SHA256Precompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Hashes `input` with swift-crypto's SHA-256.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        let cost = 60 + 12 * ((UInt64(input.count) + 31) / 32)
        return charge(cost, gasLimit: gasLimit) { Array(Crypto.SHA256.hash(data: input)) }
    }
}
