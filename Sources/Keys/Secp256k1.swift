import CSecp256k1
import Primitives

/// The secp256k1 group order n and n/2 (EIP-2 bounds `s` by n/2 for transaction signatures).
public enum Secp256k1 {
    /// The group order n.
    public static let order = UInt256(0xBFD2_5E8C_D036_4141, 0xBAAE_DCE6_AF48_A03B, 0xFFFF_FFFF_FFFF_FFFE, 0xFFFF_FFFF_FFFF_FFFF)
    /// ⌊n / 2⌋.
    public static let halfOrder = UInt256(0xDFE9_2F46_681B_20A0, 0x5D57_6E73_57A4_501D, 0xFFFF_FFFF_FFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF)

    /// One context for the whole process. libsecp256k1 contexts are safe to share across threads
    /// for every call that takes a `const secp256k1_context *`, which is all Lanes uses after creation.
    // SAFETY: created once, never mutated afterwards (no randomize/destroy), so concurrent const use is safe.
    nonisolated(unsafe) static let context: OpaquePointer = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
}

/// Why a key or signature operation failed.
public enum KeyError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidPrivateKey
    case invalidSignature
    case highS
    case invalidRecoveryId
    case recoveryFailed
    case invalidDerivationPath(String)
    case derivationFailed

    public var description: String {
        switch self {
        case .invalidPrivateKey: return "invalid private key"
        case .invalidSignature: return "invalid signature values (r, s must be in 1..n-1)"
        case .highS: return "invalid signature: s above n/2 (EIP-2)"
        case .invalidRecoveryId: return "invalid signature recovery id"
        case .recoveryFailed: return "public key recovery failed"
        case .invalidDerivationPath(let p): return "invalid derivation path \(p)"
        case .derivationFailed: return "key derivation produced an invalid key"
        }
    }
}

/// A recoverable ECDSA signature: r, s and the y-parity of the nonce point (0 or 1).
public struct Signature: Hashable, Sendable {
    public var r: UInt256
    public var s: UInt256
    public var yParity: UInt8

    public init(r: UInt256, s: UInt256, yParity: UInt8) {
        self.r = r; self.s = s; self.yParity = yParity
    }

    /// Checks the value ranges: 0 < r < n, 0 < s < n, and with `lowS` (Homestead onwards) s ≤ n/2.
    public func validate(lowS: Bool) throws(KeyError) {
        guard yParity <= 1 else { throw .invalidRecoveryId }
        guard !r.isZero, !s.isZero, r < Secp256k1.order, s < Secp256k1.order else { throw .invalidSignature }
        if lowS && s > Secp256k1.halfOrder { throw .highS }
    }

    /// Recovers the signer's address of `hash`. Checks value ranges but not low-s (callers decide by fork).
    public func recoverAddress(hash: Hash) throws(KeyError) -> Address {
        try validate(lowS: false)
        var compact = [UInt8](repeating: 0, count: 64)
        var digest = [UInt8](repeating: 0, count: 32)
        compact.withUnsafeMutableBytes { r.writeBigEndian(to: $0.baseAddress!); s.writeBigEndian(to: $0.baseAddress! + 32) }
        digest.withUnsafeMutableBytes { hash.write(to: $0.baseAddress!) }
        var sig = secp256k1_ecdsa_recoverable_signature()
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(Secp256k1.context, &sig, compact, Int32(yParity)) == 1 else {
            throw .invalidSignature
        }
        guard secp256k1_ecdsa_recover(Secp256k1.context, &pubkey, &sig, digest) == 1 else { throw .recoveryFailed }
        return PublicKey(pubkey).address
    }
}

/// An uncompressed secp256k1 public key.
public struct PublicKey: Sendable {
    /// 64 bytes: X ‖ Y (without the 0x04 prefix).
    public let raw: [UInt8]

    init(_ key: secp256k1_pubkey) {
        var key = key
        var out = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = secp256k1_ec_pubkey_serialize(Secp256k1.context, &out, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        raw = Array(out[1...])
    }

    /// The Ethereum address: the last 20 bytes of keccak256(X ‖ Y).
    public var address: Address { Address(hashSuffix: Keccak256.hash(raw)) }

    /// SEC1 compressed form (33 bytes), as BIP-32 hashes it.
    public var compressed: [UInt8] {
        [raw[63] & 1 == 0 ? 0x02 : 0x03] + raw[0..<32]
    }
}

/// A secp256k1 private key.
public struct PrivateKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32 secret bytes.
    public let bytes: [UInt8]

    /// From 32 bytes; throws unless 0 < key < n.
    public init(_ bytes: some Collection<UInt8>) throws(KeyError) {
        let b = Array(bytes)
        guard b.count == 32, secp256k1_ec_seckey_verify(Secp256k1.context, b) == 1 else { throw .invalidPrivateKey }
        self.bytes = b
    }

    /// From 0x-prefixed (or bare) hex.
    public init(hex: String) throws(KeyError) {
        guard let b = try? Hex.decode(hex) else { throw .invalidPrivateKey }
        try self.init(b)
    }

    /// The public key.
    public var publicKey: PublicKey {
        var pubkey = secp256k1_pubkey()
        _ = secp256k1_ec_pubkey_create(Secp256k1.context, &pubkey, bytes)
        return PublicKey(pubkey)
    }

    /// The account address of this key.
    public var address: Address { publicKey.address }

    /// Signs a 32-byte digest (RFC 6979 deterministic nonce, low-s as libsecp256k1 always produces).
    public func sign(hash: Hash) -> Signature {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBytes { hash.write(to: $0.baseAddress!) }
        var sig = secp256k1_ecdsa_recoverable_signature()
        let ok = secp256k1_ecdsa_sign_recoverable(Secp256k1.context, &sig, digest, bytes, nil, nil)
        precondition(ok == 1, "signing with a verified private key cannot fail")
        var compact = [UInt8](repeating: 0, count: 64)
        var recid: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(Secp256k1.context, &compact, &recid, &sig)
        return Signature(r: UInt256(bigEndian: compact[0..<32])!, s: UInt256(bigEndian: compact[32..<64])!, yParity: UInt8(recid))
    }

    /// (self + tweak) mod n, as BIP-32 child derivation needs; throws if the tweak is ≥ n or the sum is zero.
    func adding(tweak: some Collection<UInt8>) throws(KeyError) -> PrivateKey {
        var key = bytes
        let t = Array(tweak)
        guard secp256k1_ec_seckey_tweak_add(Secp256k1.context, &key, t) == 1 else { throw .derivationFailed }
        return try PrivateKey(key)
    }

    /// Hex of the secret (dev accounts print it in the banner).
    public var description: String { Hex.encode(bytes) }
}
