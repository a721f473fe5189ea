import Crypto
import Foundation
import Primitives

/// 0x100 P256VERIFY (EIP-7951, Osaka): verifies an ECDSA signature over secp256r1 (P-256);
/// 6900 gas.
///
/// Input is exactly 160 bytes: the message hash h, r, s and the public key (qx, qy). The hash is
/// used as given (never re-hashed); r and s must lie in 1..n-1 with no low-s rule; the key must
/// be an affine point on the curve with coordinates below p. Success returns the 32-byte word 1;
/// every failure, including a wrong input length, returns empty output and still costs the gas.
///
/// swift-crypto's BoringSSL backend does exactly these checks: `ECDSA_do_verify` accepts any
/// r, s in 1..n-1 (high s included) over a caller-supplied digest (passed through `P256RawDigest`
/// so nothing is re-hashed), and parsing the uncompressed X9.63 key rejects coordinates ≥ p and
/// points off the curve (the point at infinity has no affine encoding). The fixture vectors
/// (`p256Verify.json`) cover these edge cases.
public struct P256VerifyPrecompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Gas per call (EIP-7951 final).
    public static let gas: UInt64 = 6900

    /// Verifies the signature; returns 0x…01 on success, empty output otherwise.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(Self.gas, gasLimit: gasLimit) {
            guard input.count == 160, verify(input) else { return [] }
            var out = [UInt8](repeating: 0, count: 32)
            out[31] = 1
            return out
        }
    }

    private func verify(_ input: [UInt8]) -> Bool {
        var key = [UInt8](repeating: 0x04, count: 65)
        key.replaceSubrange(1..<65, with: input[96..<160])
        guard let publicKey = try? P256.Signing.PublicKey(x963Representation: key),
              let signature = try? P256.Signing.ECDSASignature(rawRepresentation: input[32..<96])
        else { return false }
        return publicKey.isValidSignature(signature, for: P256RawDigest(bytes: Array(input[0..<32])))
    }
}

/// A 32-byte message hash handed to ECDSA verification as is.
private struct P256RawDigest: Digest {
    let bytes: [UInt8]

    static var byteCount: Int { 32 }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }

    var description: String { "P256RawDigest(\(Hex.encode(bytes)))" }
}
