import LanesTestSupport
import XCTest
import Curves

/// The MULX/ADX assembly (CBLSField) against the portable Swift arithmetic: the same products on random
/// and edge-case operands, and whole computations (pairing, hash-to-curve inputs) on the fallback path.
final class FieldBackendTests: XCTestCase {
    /// Restores the load-time choice after each test (tests flip the process-wide switch).
    override func tearDown() {
        BLSFieldBackend.setAssemblyEnabled(true)
        super.tearDown()
    }

    /// The detection picked the assembly exactly when the CPU supports it.
    func testDispatchFollowsCPUSupport() {
        XCTAssertEqual(BLSFieldBackend.assemblyEnabled, BLSFieldBackend.assemblySupported)
        #if arch(x86_64)
        if !BLSFieldBackend.assemblySupported { print("note: CPU lacks BMI2/ADX; only the portable path is tested") }
        #else
        XCTAssertFalse(BLSFieldBackend.assemblySupported)
        #endif
        BLSFieldBackend.setAssemblyEnabled(false)
        XCTAssertFalse(BLSFieldBackend.assemblyEnabled)
        BLSFieldBackend.setAssemblyEnabled(true)
        XCTAssertEqual(BLSFieldBackend.assemblyEnabled, BLSFieldBackend.assemblySupported)
    }

    /// An element whose Montgomery limbs are exactly `limbs` (< p): canonical·R⁻¹ read back in Montgomery form.
    static func raw(_ limbs: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) -> Fp {
        // R⁻¹ mod p has Montgomery limbs (1, 0, …, 0), so the product's Montgomery limbs are `limbs`.
        let rInverse = Fp(canonical: (0xf4d3_8259_380b_4820, 0x7fe1_1274_d898_fafb, 0x343e_a979_1495_6dc8,
                                      0x1797_ab14_58a8_8de9, 0xed5e_6427_3c4f_538b, 0x14fe_c701_e8fb_0ce9))!
        return Fp(canonical: limbs)! * rInverse
    }

    /// Edge operands: 0, 1, p − 1 (canonical and as raw Montgomery limbs), values just below p and
    /// below 2^381, all-ones low limbs, single high bits.
    static func edgeCases() -> [Fp] {
        let q: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0xb9fe_ffff_ffff_aaab, 0x1eab_fffe_b153_ffff, 0x6730_d2a0_f6b0_f624,
             0x6477_4b84_f385_12bf, 0x4b1b_a7b6_434b_acd7, 0x1a01_11ea_397f_e69a)
        var limbs: [(UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)] = [
            (0, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0), (2, 0, 0, 0, 0, 0),
            (q.0 - 1, q.1, q.2, q.3, q.4, q.5), (q.0 - 2, q.1, q.2, q.3, q.4, q.5),
            (0, 0, 0, 0, 0, q.5), (.max, .max, .max, .max, .max, q.5 - 1),
            (.max, 0, .max, 0, .max, 0), (0, 0, 0, 0, 0, 1 << 60), (.max, .max, .max, .max, .max, 0x0fff_ffff_ffff_ffff),
            (1 << 63, 1 << 63, 1 << 63, 1 << 63, 1 << 63, 1 << 60),
        ]
        for k in 1...6 { limbs.append((q.0 &- UInt64(k) * 0x1_0000, q.1, q.2, q.3, q.4, q.5)) }
        return limbs.map { Fp(canonical: $0)! } + limbs.map { raw($0) } + [.zero, .one, -Fp.one]
    }

    /// Runs `body` on the portable path, then on the assembly path, and returns both results.
    func bothPaths<T>(_ body: () -> T) -> (portable: T, assembly: T) {
        BLSFieldBackend.setAssemblyEnabled(false)
        let portable = body()
        BLSFieldBackend.setAssemblyEnabled(true)
        return (portable, body())
    }

    func testFpMultiplyAndSquareMatchPortable() {
        BLSFieldBackend.setAssemblyEnabled(false)
        var rng = FieldAndGroupTests.Rng(state: 0xa5a5)
        var operands = FieldBackendTests.edgeCases()
        for _ in 0..<4000 { operands.append(rng.fp()) }
        // A pseudo-random pairing of the operands plus every pair of edge cases.
        let edges = FieldBackendTests.edgeCases()
        var pairs: [(Fp, Fp)] = []
        for a in edges { for b in edges { pairs.append((a, b)) } }
        for i in 0..<operands.count { pairs.append((operands[i], operands[(i * 7919 + 13) % operands.count])) }
        let r = bothPaths { pairs.map { ($0.0 * $0.1, $0.0.squared(), $0.1.squared()) } }
        for (i, (p, a)) in zip(r.portable, r.assembly).enumerated() {
            XCTAssertEqual(p.0, a.0, "product \(i)")
            XCTAssertEqual(p.1, a.1, "square \(i)")
            XCTAssertEqual(p.2, a.2, "square \(i)")
        }
    }

    func testFpInverseMatchesPortable() {
        BLSFieldBackend.setAssemblyEnabled(false)
        var rng = FieldAndGroupTests.Rng(state: 0x1f1f)
        var operands = FieldBackendTests.edgeCases()
        for _ in 0..<500 { operands.append(rng.fp()) }
        let r = bothPaths { operands.map { $0.inverse() } }
        XCTAssertEqual(r.portable, r.assembly)
        for (a, inv) in zip(operands, r.assembly) { XCTAssertEqual(a * inv, a.isZero ? .zero : .one) }
    }

    func testFp2MultiplyAndSquareMatchPortable() {
        BLSFieldBackend.setAssemblyEnabled(false)
        var rng = FieldAndGroupTests.Rng(state: 0x5a5a)
        let edges = FieldBackendTests.edgeCases()
        var operands: [Fp2] = []
        for a in edges { for b in edges.prefix(8) { operands.append(Fp2(a, b)) } }
        for _ in 0..<3000 { operands.append(rng.fp2()) }
        let r = bothPaths { (0..<operands.count).map { i -> (Fp2, Fp2) in
            let a = operands[i], b = operands[(i * 104_729 + 1) % operands.count]
            return (a * b, a.squared())
        } }
        for (i, (p, a)) in zip(r.portable, r.assembly).enumerated() {
            XCTAssertEqual(p.0, a.0, "product \(i)")
            XCTAssertEqual(p.1, a.1, "square \(i)")
        }
    }

    /// F_p6 products and F_p12 arithmetic built on them; the final exponentiation of arbitrary F_p12
    /// elements runs the cyclotomic squaring (assembly cbls_fp12_cyclotomic_sqr vs the Swift formulas).
    func testFp6AndCyclotomicMatchPortable() {
        BLSFieldBackend.setAssemblyEnabled(false)
        var rng = FieldAndGroupTests.Rng(state: 0x6c6c)
        let edges = FieldBackendTests.edgeCases()
        var fp6s: [Fp6] = []
        for i in 0..<edges.count { fp6s.append(Fp6(Fp2(edges[i], edges[(i + 1) % edges.count]), Fp2(edges[(i + 5) % edges.count], .zero), Fp2(-Fp.one, edges[i]))) }
        for _ in 0..<300 { fp6s.append(Fp6(rng.fp2(), rng.fp2(), rng.fp2())) }
        let products = bothPaths { (0..<fp6s.count).map { fp6s[$0] * fp6s[($0 * 31 + 7) % fp6s.count] } }
        XCTAssertEqual(products.portable, products.assembly)
        let fp12s = (0..<8).map { Fp12(fp6s[fp6s.count - 1 - $0], fp6s[fp6s.count - 9 - $0]) }
        let exps = bothPaths { fp12s.map { ($0.finalExponentiation(), $0 * $0.squared()) } }
        for (p, a) in zip(exps.portable, exps.assembly) {
            XCTAssertEqual(p.0, a.0)
            XCTAssertEqual(p.1, a.1)
        }
    }

    /// Whole computations on the fallback path: a pairing check and a Miller loop + final exponentiation
    /// give the same answers as on the assembly path.
    func testPairingOnBothPaths() {
        let g1 = G1Affine.generator, g2 = G2Affine.generator
        let a: UInt64 = 123_456_789, b: UInt64 = 987_654_321
        let r = bothPaths { () -> (Bool, Bool, Fp12) in
            let pa = g1.multiplied(by: [a]).affine, qb = g2.multiplied(by: [b]).affine
            let ok = pairingCheck([(pa, qb), (g1.multiplied(by: [a &* b]).affine.negated, g2)])
            let bad = pairingCheck([(pa, qb), (g1, g2)])
            return (ok, bad, pairing(pa, qb))
        }
        XCTAssertTrue(r.portable.0); XCTAssertTrue(r.assembly.0)
        XCTAssertFalse(r.portable.1); XCTAssertFalse(r.assembly.1)
        XCTAssertEqual(r.portable.2, r.assembly.2)
    }
}
