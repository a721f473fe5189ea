import Keys
import Primitives

extension Transaction {
    /// The digest the sender signs: keccak256 of the unsigned fields (with EIP-155's
    /// [chainId, 0, 0] for replay-protected legacy transactions, and the type byte for typed ones).
    public var signingHash: Hash {
        var w = RLPWriter(reservingCapacity: 128 + data.count)
        if type != .legacy { w.bytes.append(type.rawValue) }
        encodeFields(to: &w, signed: false, legacySigningChainId: type == .legacy ? chainId : nil)
        return Keccak256.hash(w.bytes)
    }

    /// Signs in place with `key` (the chain id must already be set for replay protection).
    public mutating func sign(with key: PrivateKey) {
        signature = key.sign(hash: signingHash)
    }

    /// A signed copy.
    public func signed(with key: PrivateKey) -> Transaction {
        var copy = self
        copy.sign(with: key)
        return copy
    }

    /// Recovers the sender. With `lowS` (every fork from Homestead) a signature with s > n/2 is rejected (EIP-2).
    public func recoverSender(lowS: Bool = true) throws(InvalidTransaction) -> Address {
        do {
            try signature.validate(lowS: lowS || type != .legacy)
            return try signature.recoverAddress(hash: signingHash)
        } catch .recoveryFailed {
            throw .senderRecoveryFailed
        } catch {
            throw .invalidSignatureValues
        }
    }
}

extension Authorization {
    /// The account that signed this authorization, or nil when the signature is invalid
    /// (EIP-7702 skips such tuples instead of failing the transaction). Requires s ≤ n/2.
    public var authority: Address? {
        let sig = Signature(r: r, s: s, yParity: yParity)
        guard (try? sig.validate(lowS: true)) != nil else { return nil }
        return try? sig.recoverAddress(hash: signingHash)
    }

    /// Signs an authorization for `address` with `key`.
    public static func signed(chainId: UInt256, address: Address, nonce: UInt64, key: PrivateKey) -> Authorization {
        var a = Authorization(chainId: chainId, address: address, nonce: nonce, yParity: 0, r: .zero, s: .zero)
        let sig = key.sign(hash: a.signingHash)
        a.yParity = sig.yParity; a.r = sig.r; a.s = sig.s
        return a
    }
}
