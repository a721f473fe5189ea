import Foundation
import Primitives

/// The KZG trusted setup of the Ethereum ceremony (EIP-4844), shipped as the package resource
/// `trusted_setup.json` and parsed once, lazily and thread-safely (Swift `static let`), on first use.
/// Verification needs only [s]G2; the 4096 Lagrange-basis G1 points are decompressed separately, only
/// when commitments or proofs are computed. The file (go-kzg-4844 layout) lists them in natural order
/// of the roots of unity; they are permuted here into the bit-reversed order the consensus specs use.
public enum TrustedSetup {
    /// The blob width: 4096 field elements.
    public static let fieldElementsPerBlob = 4096

    struct File: Decodable {
        let g1_lagrange: [String]
        let g2_monomial: [String]
    }

    static let file: File = {
        guard let url = Bundle.module.url(forResource: "trusted_setup", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(File.self, from: data) else {
            fatalError("KZG trusted setup resource missing or malformed")
        }
        return file
    }()

    /// [s]G2, the second G2 point of the monomial setup.
    public static let g2S: G2Affine = {
        guard file.g2_monomial.count >= 2, let bytes = try? Hex.decode(file.g2_monomial[1]),
              let p = G2Affine(compressed: bytes[...]), p.isInSubgroup else {
            fatalError("KZG trusted setup: bad g2_monomial[1]")
        }
        return p
    }()

    /// Miller-loop lines of −G2 and [s]G2, the two fixed G2 points of every KZG check.
    static let preparedNegG2 = G2Prepared(G2Affine.generator.negated)
    static let preparedG2S = G2Prepared(g2S)

    /// The Lagrange-basis points [L_i(s)]G1 in bit-reversed order (decompressed on first use).
    public static let g1Lagrange: [G1Affine] = {
        guard file.g1_lagrange.count == fieldElementsPerBlob else { fatalError("KZG trusted setup: bad g1_lagrange") }
        let natural = file.g1_lagrange.map { hex in
            guard let bytes = try? Hex.decode(hex), let p = G1Affine(compressed: bytes[...]) else {
                fatalError("KZG trusted setup: bad g1_lagrange point")
            }
            return p
        }
        return bitReversalPermutation(natural)
    }()
}

/// bit_reversal_permutation of a power-of-two-length list.
func bitReversalPermutation<T>(_ xs: [T]) -> [T] {
    let n = xs.count, bits = n.trailingZeroBitCount
    precondition(n == 1 << bits)
    return (0..<n).map { i in
        var rev = 0
        for b in 0..<bits where i & (1 << b) != 0 { rev |= 1 << (bits - 1 - b) }
        return xs[rev]
    }
}
