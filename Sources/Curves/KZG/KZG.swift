import Crypto
import Primitives

/// KZG commitments over BLS12-381 as EIP-4844 and the consensus specs (deneb/polynomial-commitments.md)
/// define them: the point-evaluation check behind precompile 0x0a and the blob-proof check for v0
/// blob transactions.
///
/// verify_kzg_proof checks e(C − [y]G1, G2) = e(π, [s − z]G2), evaluated here as the equivalent
/// e(C − [y]G1 + [z]π, −G2) · e(π, [s]G2) = 1 so that both G2 points are fixed (lines precomputed once)
/// and the scalar multiplications stay in G1.
public enum KZG {
    /// r, the BLS12-381 scalar field modulus, big-endian (BLS_MODULUS).
    public static let blsModulusBytes: [UInt8] = [
        0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
        0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
    ]
    /// Bytes in a blob.
    public static let bytesPerBlob = 32 * TrustedSetup.fieldElementsPerBlob
    static let versionedHashVersion: UInt8 = 0x01
    static let fiatShamirDomain = Array("FSBLOBVERIFY_V1_".utf8)

    /// kzg_to_versioned_hash: 0x01 ‖ SHA-256(commitment)[1...].
    public static func versionedHash(commitment: [UInt8]) -> [UInt8] {
        var h = Array(SHA256.hash(data: commitment))
        h[0] = versionedHashVersion
        return h
    }

    /// Decodes and validates a G1 commitment or proof (compressed, on the curve, in G1).
    static func decodeG1(_ bytes: ArraySlice<UInt8>) -> G1Affine? {
        guard bytes.count == 48, let p = G1Affine(compressed: bytes), p.isInSubgroup else { return nil }
        return p
    }

    /// verify_kzg_proof: true when `proof` shows that the polynomial committed to by `commitment` takes
    /// the value `y` at `z` (48-byte compressed points, 32-byte big-endian field elements < r).
    public static func verifyKZGProof(commitment: ArraySlice<UInt8>, z: ArraySlice<UInt8>, y: ArraySlice<UInt8>, proof: ArraySlice<UInt8>) -> Bool {
        guard z.count == 32, y.count == 32, let zf = Fr(bytes32: z), let yf = Fr(bytes32: y),
              let c = decodeG1(commitment), let pi = decodeG1(proof) else { return false }
        return verify(commitment: c, z: zf, y: yf, proof: pi)
    }

    /// verify_kzg_proof_impl on decoded values.
    static func verify(commitment c: G1Affine, z: Fr, y: Fr, proof pi: G1Affine) -> Bool {
        let lhs = (generatorTimes(-y) + glvTimes(pi, z)).adding(c).affine
        return pairingCheck(prepared: [(lhs, TrustedSetup.preparedNegG2), (pi, TrustedSetup.preparedG2S)])
    }

    /// [j·16^i]G1 for i in 0..<64, j in 1...15 (affine), built on first use: a fixed-base comb.
    static let generatorTable: [G1Affine] = {
        var points: [G1Jacobian] = []
        points.reserveCapacity(64 * 15)
        var base = G1Affine.generator.jacobian
        for _ in 0..<64 {
            var acc = base
            for _ in 1...15 { points.append(acc); acc = acc + base }
            base = acc
        }
        return batchAffine(points)
    }()

    /// [k]G1 with the fixed-base table: 64 mixed additions, no doublings.
    static func generatorTimes(_ k: Fr) -> G1Jacobian {
        let s = k.scalarLimbs
        let table = generatorTable
        var acc = G1Jacobian.infinity
        for i in 0..<64 {
            let d = scalarBits(s, from: 4 * i, count: 4)
            if d != 0 { acc = acc.adding(table[i * 15 + d - 1]) }
        }
        return acc
    }

    /// λ = x² − 1, the eigenvalue of φ(x, y) = (β²x, y) on G1 (λ² + λ + 1 ≡ 0 mod r).
    static let glvLambda = UInt256(0x0000_0000_ffff_ffff, 0xac45_a401_0001_a402, 0, 0)

    /// [k]P for P in G1 by GLV: k = k₀ + k₁·λ with k₀, k₁ < 2^128, then [k₀]P + [k₁]φ(P) interleaved.
    static func glvTimes(_ p: G1Affine, _ k: Fr) -> G1Jacobian {
        if p.isInfinity { return .infinity }
        let c = k.scalarLimbs
        let (q, r) = UInt256(c.0, c.1, c.2, c.3).quotientAndRemainder(dividingBy: glvLambda)
        let phi = G1Affine(x: p.x * BLSConstants.beta2, y: p.y)
        return straus([p, phi], [(r.w0, r.w1, 0, 0), (q.w0, q.w1, 0, 0)], maxBits: 128)
    }

    /// verify_blob_kzg_proof (v0 blob transactions): Fiat–Shamir challenge from blob and commitment,
    /// evaluation of the blob polynomial at it, then verify_kzg_proof.
    public static func verifyBlobKZGProof(blob: [UInt8], commitment: [UInt8], proof: [UInt8]) -> Bool {
        guard blob.count == bytesPerBlob, let poly = blobToPolynomial(blob),
              let c = decodeG1(commitment[...]), let pi = decodeG1(proof[...]) else { return false }
        let z = challenge(blob: blob, commitment: commitment)
        let y = evaluate(poly, at: z)
        return verify(commitment: c, z: z, y: y, proof: pi)
    }

    /// blob_to_kzg_commitment: Σ blobᵢ·[Lᵢ(s)]G1 (48-byte compressed), nil for a malformed blob.
    public static func blobToCommitment(_ blob: [UInt8]) -> [UInt8]? {
        guard blob.count == bytesPerBlob, let poly = blobToPolynomial(blob) else { return nil }
        return commit(poly).compressedBytes
    }

    /// compute_blob_kzg_proof: the proof for the blob's evaluation at its Fiat–Shamir challenge.
    public static func computeBlobKZGProof(blob: [UInt8], commitment: [UInt8]) -> [UInt8]? {
        guard blob.count == bytesPerBlob, let poly = blobToPolynomial(blob), decodeG1(commitment[...]) != nil else { return nil }
        let z = challenge(blob: blob, commitment: commitment)
        return computeProof(poly, at: z).proof.compressedBytes
    }

    /// compute_kzg_proof: (proof, y) for the blob polynomial at z (32-byte big-endian field element).
    public static func computeKZGProof(blob: [UInt8], z: [UInt8]) -> (proof: [UInt8], y: [UInt8])? {
        guard blob.count == bytesPerBlob, z.count == 32, let poly = blobToPolynomial(blob), let zf = Fr(bytes32: z[...]) else { return nil }
        let (proof, y) = computeProof(poly, at: zf)
        return (proof.compressedBytes, y.bytes32)
    }

    // MARK: - Polynomials in evaluation form

    static func blobToPolynomial(_ blob: [UInt8]) -> [Fr]? {
        var poly = [Fr]()
        poly.reserveCapacity(TrustedSetup.fieldElementsPerBlob)
        for i in 0..<TrustedSetup.fieldElementsPerBlob {
            guard let v = Fr(bytes32: blob[(32 * i)..<(32 * i + 32)]) else { return nil }
            poly.append(v)
        }
        return poly
    }

    /// compute_challenge: hash_to_bls_field(domain ‖ 4096 as 16 bytes ‖ blob ‖ commitment).
    static func challenge(blob: [UInt8], commitment: [UInt8]) -> Fr {
        var hasher = SHA256()
        hasher.update(data: fiatShamirDomain)
        var degree = [UInt8](repeating: 0, count: 16)
        degree[14] = UInt8(TrustedSetup.fieldElementsPerBlob >> 8); degree[15] = UInt8(TrustedSetup.fieldElementsPerBlob & 0xff)
        hasher.update(data: degree)
        hasher.update(data: blob)
        hasher.update(data: commitment)
        return Fr(reducing: Array(hasher.finalize())[...])
    }

    /// The 4096th roots of unity ω^i (ω = 7^((r−1)/4096)), in bit-reversed order.
    static let rootsOfUnityBRP: [Fr] = {
        let n = TrustedSetup.fieldElementsPerBlob
        // (r − 1) / 4096 as little-endian limbs.
        let e: [UInt64] = [0xbfef_ffff_fff0_0000, 0x8055_3bda_402f_ffe5, 0xd483_339d_8080_9a1d, 0x0007_3eda_7532_99d7]
        let omega = Fr(7).power(e)
        var roots = [Fr](repeating: .one, count: n)
        for i in 1..<n { roots[i] = roots[i - 1] * omega }
        return bitReversalPermutation(roots)
    }()

    /// evaluate_polynomial_in_evaluation_form (barycentric formula over the bit-reversed domain).
    static func evaluate(_ poly: [Fr], at z: Fr) -> Fr {
        let roots = rootsOfUnityBRP
        let n = poly.count
        if let i = roots.firstIndex(of: z) { return poly[i] }
        var dens = [Fr](repeating: .zero, count: n)
        for i in 0..<n { dens[i] = z - roots[i] }
        let invs = batchInverse(dens)
        var sum = Fr.zero
        for i in 0..<n { sum = sum + poly[i] * roots[i] * invs[i] }
        var zn = z
        for _ in 0..<n.trailingZeroBitCount { zn = zn.squared() }
        return sum * (zn - .one) * Fr(UInt64(n)).inverse()
    }

    static func batchInverse(_ xs: [Fr]) -> [Fr] {
        var prefix = [Fr](repeating: .one, count: xs.count)
        var acc = Fr.one
        for i in xs.indices { prefix[i] = acc; acc = acc * xs[i] }
        var inv = acc.inverse()
        var out = [Fr](repeating: .zero, count: xs.count)
        for i in xs.indices.reversed() { out[i] = inv * prefix[i]; inv = inv * xs[i] }
        return out
    }

    static func commit(_ poly: [Fr]) -> G1Affine {
        multiScalarMul(TrustedSetup.g1Lagrange, poly.map { $0.scalarLimbs }).affine
    }

    /// compute_kzg_proof_impl for z outside the domain (a random challenge): quotient (pᵢ − y)/(ωᵢ − z).
    static func computeProof(_ poly: [Fr], at z: Fr) -> (proof: G1Affine, y: Fr) {
        let roots = rootsOfUnityBRP
        let y = evaluate(poly, at: z)
        if let m = roots.firstIndex(of: z) {
            // z in the domain: q_m = Σ_{i≠m} (pᵢ − y)·ωᵢ / (z·(z − ωᵢ)), qᵢ = (pᵢ − y)/(ωᵢ − z).
            var q = [Fr](repeating: .zero, count: poly.count)
            var dens = [Fr](repeating: .one, count: poly.count)
            for i in poly.indices where i != m { dens[i] = roots[i] - z }
            let invs = batchInverse(dens)
            let zInv = z.inverse()
            for i in poly.indices where i != m {
                q[i] = (poly[i] - y) * invs[i]
                q[m] = q[m] - (poly[i] - y) * invs[i] * roots[i] * zInv
            }
            return (commit(q), y)
        }
        var dens = [Fr](repeating: .zero, count: poly.count)
        for i in poly.indices { dens[i] = roots[i] - z }
        let invs = batchInverse(dens)
        var q = [Fr](repeating: .zero, count: poly.count)
        for i in poly.indices { q[i] = (poly[i] - y) * invs[i] }
        return (commit(q), y)
    }
}
