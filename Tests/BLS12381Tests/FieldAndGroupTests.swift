import LanesTestSupport
import XCTest
import Curves

/// Field, group and pairing laws of BLS12-381.
final class FieldAndGroupTests: XCTestCase {
    /// A deterministic pseudo-random generator (SplitMix64) so failures reproduce.
    struct Rng {
        var source: SplitMix64
        init(state: UInt64) { source = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { source.next() }
        mutating func fp() -> Fp { Fp(canonical: (next(), next(), next(), next(), next(), next() & 0x0fff_ffff_ffff_ffff))! }
        mutating func fp2() -> Fp2 { Fp2(fp(), fp()) }
        mutating func scalar() -> [UInt64] { [next(), next(), next(), next() & 0x3fff_ffff_ffff_ffff] }
    }

    func testFpLaws() {
        var rng = Rng(state: 1)
        for _ in 0..<50 {
            let a = rng.fp(), b = rng.fp(), c = rng.fp()
            XCTAssertEqual(a * (b + c), a * b + a * c)
            XCTAssertEqual((a * b) * c, a * (b * c))
            XCTAssertEqual(a - a, .zero)
            XCTAssertEqual(a.squared(), a * a)
            XCTAssertEqual((a + b).squared(), a.squared() + (a * b).doubled + b.squared())
            XCTAssertEqual(a + (-a), .zero)
            if !a.isZero { XCTAssertEqual(a * a.inverse(), .one); XCTAssertEqual(a.inverse(), a.inverseByExponentiation()) }
            XCTAssertEqual(a.squared().sqrt().map { $0.squared() }, a.squared())
        }
        XCTAssertEqual(Fp(2) * Fp(3), Fp(6))
        // Extremes: p − 1 squared is 1; (p − 1)·(p − 1) through both paths.
        let minusOne = -Fp.one
        XCTAssertEqual(minusOne.squared(), .one)
        XCTAssertEqual(minusOne * minusOne, .one)
        XCTAssertEqual(Fp2(minusOne, minusOne) * Fp2(minusOne, minusOne), Fp2(.zero, Fp(2)))
        XCTAssertEqual(Fp(5).canonical.0, 5)
    }

    func testFp2Fp6Fp12Laws() {
        var rng = Rng(state: 2)
        for _ in 0..<10 {
            let a = rng.fp2(), b = rng.fp2(), c = rng.fp2()
            XCTAssertEqual(a * (b + c), a * b + a * c)
            XCTAssertEqual(a.squared(), a * a)
            XCTAssertEqual(a * a.inverse(), .one)
            let s = a.squared()
            XCTAssertEqual(s.sqrt()?.squared(), s)
            let x = Fp6(a, b, c), y = Fp6(c, a, b)
            XCTAssertEqual(x.squared(), x * x)
            XCTAssertEqual(x * x.inverse(), .one)
            let f = Fp12(x, y), g = Fp12(y, x)
            XCTAssertEqual(f.squared(), f * f)
            XCTAssertEqual(f * f.inverse(), .one)
            XCTAssertEqual((f * g).frobenius, f.frobenius * g.frobenius)
            var fp12 = f
            for _ in 0..<12 { fp12 = fp12.frobenius }
            XCTAssertEqual(fp12, f)
        }
    }

    func testGroupLaws() {
        let g1 = G1Affine.generator, g2 = G2Affine.generator
        XCTAssertTrue(g1.isOnCurve); XCTAssertTrue(g2.isOnCurve)
        XCTAssertTrue(g1.isInSubgroup); XCTAssertTrue(g2.isInSubgroup)
        let a = g1.multiplied(by: [5]), b = g1.multiplied(by: [3]) + g1.multiplied(by: [2])
        XCTAssertTrue(a.isEqual(to: b))
        XCTAssertTrue(g1.jacobian.doubled().isEqual(to: g1.multiplied(by: [2])))
        XCTAssertTrue((g1.jacobian + g1.negated.jacobian).isInfinity)
        let r: [UInt64] = [0xffff_ffff_0000_0001, 0x53bd_a402_fffe_5bfe, 0x3339_d808_09a1_d805, 0x73ed_a753_299d_7d48]
        XCTAssertTrue(g1.multiplied(by: r).isInfinity)
        XCTAssertTrue(g2.multiplied(by: r).isInfinity)
        let c = g2.multiplied(by: [7]).affine
        XCTAssertTrue(c.isOnCurve && c.isInSubgroup)
        XCTAssertTrue(g2.multiplied(by: [7]).isEqual(to: g2.multiplied(by: [4]) + g2.multiplied(by: [3])))
        // A point on E1 outside G1 (x = 0 ... search a small x with a root).
        var x = Fp(1)
        while (x.squared() * x + Fp(4)).sqrt() == nil { x = x + .one }
        let p = G1Affine(x: x, y: (x.squared() * x + Fp(4)).sqrt()!)
        XCTAssertTrue(p.isOnCurve); XCTAssertFalse(p.isInSubgroup)
    }

    func testCompressedRoundTrip() {
        for k: UInt64 in [1, 2, 12345] {
            let p = G1Affine.generator.multiplied(by: [k]).affine
            XCTAssertEqual(G1Affine(compressed: p.compressedBytes[...]), p)
        }
        XCTAssertEqual(G1Affine(compressed: G1Affine.infinity.compressedBytes[...]), .infinity)
    }

    func testPairingBilinearity() {
        let g1 = G1Affine.generator, g2 = G2Affine.generator
        let e = pairing(g1, g2)
        XCTAssertNotEqual(e, .one)
        let a: UInt64 = 12, b: UInt64 = 34
        let lhs = pairing(g1.multiplied(by: [a]).affine, g2.multiplied(by: [b]).affine)
        let rhs = pairing(g1.multiplied(by: [a * b]).affine, g2)
        XCTAssertEqual(lhs, rhs)
        XCTAssertTrue(pairingCheck([(g1.multiplied(by: [a]).affine, g2.multiplied(by: [b]).affine),
                                    (g1.multiplied(by: [a * b]).affine.negated, g2)]))
        XCTAssertFalse(pairingCheck([(g1, g2), (g1, g2)]))
        // e(g1, g2)^r = 1
        var acc = Fp12.one
        let r: [UInt64] = [0xffff_ffff_0000_0001, 0x53bd_a402_fffe_5bfe, 0x3339_d808_09a1_d805, 0x73ed_a753_299d_7d48]
        for limb in r.reversed() { for bit in (0..<64).reversed() { acc = acc.squared(); if (limb >> UInt64(bit)) & 1 == 1 { acc = acc * e } } }
        XCTAssertEqual(acc, .one)
    }
}
