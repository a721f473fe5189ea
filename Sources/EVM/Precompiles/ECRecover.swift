import Keys
import Primitives

/// 0x01 ECRECOVER: the address that signed a 32-byte hash, left-padded to 32 bytes; 3000 gas.
///
/// Input is read as four 32-byte words (hash, v, r, s), zero-padded or truncated to 128 bytes.
/// `v` must be exactly 27 or 28 as a full word; r and s must lie in 1..n-1 (no low-s rule: that
/// is a transaction rule, EIP-2). Any invalid signature yields empty output, not a failure, and
/// still costs the full 3000 gas.
public struct ECRecoverPrecompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Recovers the signer, or returns empty output when the signature is invalid.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(3000, gasLimit: gasLimit) { recover(input) }
    }

    private func recover(_ input: [UInt8]) -> [UInt8] {
        var words = [UInt8](repeating: 0, count: 128)
        let n = min(input.count, 128)
        words.withUnsafeMutableBytes { dst in
            input.withUnsafeBytes { src in
                // SAFETY: `n` ≤ both buffers' sizes (128 and input.count).
                if n > 0 { dst.baseAddress!.copyMemory(from: src.baseAddress!, byteCount: n) }
            }
        }
        let (hash, v, r, s) = words.withUnsafeBytes { p in
            // SAFETY: `words` holds exactly 128 bytes, four 32-byte words.
            (UInt256(bigEndianWord: p.baseAddress!), UInt256(bigEndianWord: p.baseAddress! + 32),
             UInt256(bigEndianWord: p.baseAddress! + 64), UInt256(bigEndianWord: p.baseAddress! + 96))
        }
        guard v == UInt256(27) || v == UInt256(28) else { return [] }
        let signature = Signature(r: r, s: s, yParity: UInt8(v.w0 - 27))
        guard let address = try? signature.recoverAddress(hash: Hash(hash)) else { return [] }
        return [UInt8](repeating: 0, count: 12) + address.bytes
    }
}
