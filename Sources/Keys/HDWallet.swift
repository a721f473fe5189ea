import Crypto
import _CryptoExtras
import Foundation
import Primitives

/// BIP-39 seeds and BIP-32 hierarchical derivation, enough to reproduce the dev accounts that
/// Anvil and Hardhat derive from a mnemonic (`m/44'/60'/0'/0/i`).
public enum HDWallet {
    /// The mnemonic Anvil, Hardhat and Foundry use by default.
    public static let defaultMnemonic = "test test test test test test test test test test test junk"
    /// The default derivation path prefix; account i is `\(defaultPathPrefix)/i`.
    public static let defaultPathPrefix = "m/44'/60'/0'/0"

    /// BIP-39 seed: PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + passphrase, 2048 rounds, 64 bytes),
    /// both strings NFKD-normalised.
    public static func seed(mnemonic: String, passphrase: String = "") -> [UInt8] {
        let words = mnemonic.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        let password = Array(words.decomposedStringWithCompatibilityMapping.utf8)
        let salt = Array(("mnemonic" + passphrase).decomposedStringWithCompatibilityMapping.utf8)
        let key = try! KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha512,
                                                      outputByteCount: 64, unsafeUncheckedRounds: 2048)
        return key.withUnsafeBytes { Array($0) }
    }

    /// One step of a derivation path: an index, hardened (') or not.
    public struct PathComponent: Equatable, Sendable {
        public var index: UInt32
        public var hardened: Bool
    }

    /// Parses `m/44'/60'/0'/0/0` (also accepts `h` for hardened).
    public static func parsePath(_ path: String) throws(KeyError) -> [PathComponent] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.first == "m" else { throw .invalidDerivationPath(path) }
        parts.removeFirst()
        var out: [PathComponent] = []
        for p in parts {
            var s = Substring(p)
            var hardened = false
            if s.hasSuffix("'") || s.hasSuffix("h") || s.hasSuffix("H") { hardened = true; s = s.dropLast() }
            guard let i = UInt32(s), i < 0x8000_0000 else { throw .invalidDerivationPath(path) }
            out.append(PathComponent(index: i, hardened: hardened))
        }
        return out
    }

    /// Derives the private key at `path` from a BIP-39 seed (BIP-32 CKDpriv).
    public static func derive(seed: [UInt8], path: String) throws(KeyError) -> PrivateKey {
        let master = Array(HMAC<SHA512>.authenticationCode(for: seed, using: SymmetricKey(data: Array("Bitcoin seed".utf8))))
        var key = try PrivateKey(master[0..<32])
        var chainCode = Array(master[32..<64])
        for component in try parsePath(path) {
            var data: [UInt8]
            let index = component.index | (component.hardened ? 0x8000_0000 : 0)
            if component.hardened {
                data = [0] + key.bytes
            } else {
                data = key.publicKey.compressed
            }
            data += [UInt8(index >> 24), UInt8(truncatingIfNeeded: index >> 16), UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index)]
            let i = Array(HMAC<SHA512>.authenticationCode(for: data, using: SymmetricKey(data: chainCode)))
            key = try key.adding(tweak: i[0..<32])
            chainCode = Array(i[32..<64])
        }
        return key
    }

    /// The first `count` dev account keys for a mnemonic at `pathPrefix/i`.
    public static func accounts(mnemonic: String = defaultMnemonic, passphrase: String = "",
                                pathPrefix: String = defaultPathPrefix, count: Int) throws(KeyError) -> [PrivateKey] {
        let s = seed(mnemonic: mnemonic, passphrase: passphrase)
        var keys: [PrivateKey] = []
        for i in 0..<count { keys.append(try derive(seed: s, path: "\(pathPrefix)/\(i)")) }
        return keys
    }
}
