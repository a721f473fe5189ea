import LanesTestSupport
import Curves
import Primitives
import XCTest

private typealias Fp = BN254.Fp
private typealias Fp2 = BN254.Fp2
private typealias Fp6 = BN254.Fp6
private typealias Fp12 = BN254.Fp12
private typealias G1Affine = BN254.G1Affine
private typealias G2Affine = BN254.G2Affine
private typealias JacobianPoint = BN254.JacobianPoint

/// A deterministic generator (SplitMix64) so failures reproduce.
private struct TestRandom {
    var source: SplitMix64
    init(state: UInt64) { source = SplitMix64(seed: state) }
    mutating func next() -> UInt64 { source.next() }
    mutating func uint256() -> UInt256 { UInt256(next(), next(), next(), next()) }
    mutating func fp() -> Fp { Fp(uint256() % Fp.modulus)! }
    mutating func fp2() -> Fp2 { Fp2(fp(), fp()) }
    mutating func fp6() -> Fp6 { Fp6(fp2(), fp2(), fp2()) }
    mutating func fp12() -> Fp12 { Fp12(fp6(), fp6()) }
    mutating func scalar() -> UInt256 { uint256() % BN254.order }
}

final class BN254FieldTests: XCTestCase {
    func testFpMatchesIntegerArithmetic() {
        var rng = TestRandom(state: 1)
        let p = Fp.modulus
        for _ in 0..<500 {
            let a = rng.uint256() % p, b = rng.uint256() % p
            let x = Fp(a)!, y = Fp(b)!
            XCTAssertEqual(x.value, a)
            XCTAssertEqual((x * y).value, UInt256.mulMod(a, b, p))
            XCTAssertEqual((x + y).value, UInt256.addMod(a, b, p))
            XCTAssertEqual((x - y + y), x)
            XCTAssertEqual((-x + x), .zero)
            if !x.isZero { XCTAssertEqual(x * x.inverse, .one) }
        }
        XCTAssertNil(Fp(p))
        XCTAssertEqual(Fp(p &- UInt256.one)!.value, p &- UInt256.one)
        XCTAssertEqual(Fp.zero.inverse, .zero)
        XCTAssertEqual(Fp.one.inverse, .one)
    }

    func testFpSquareRoot() {
        var rng = TestRandom(state: 2)
        for _ in 0..<20 {
            let a = rng.fp()
            let root = a.squared.squareRoot
            XCTAssertNotNil(root)
            XCTAssertEqual(root!.squared, a.squared)
        }
    }

    func testExtensionFieldLaws() {
        var rng = TestRandom(state: 3)
        for _ in 0..<20 {
            let a = rng.fp2(), b = rng.fp2(), c = rng.fp2()
            XCTAssertEqual(a * b, b * a)
            XCTAssertEqual((a * b) * c, a * (b * c))
            XCTAssertEqual(a * (b + c), a * b + a * c)
            XCTAssertEqual(a.squared, a * a)
            XCTAssertEqual(a * a.inverse, .one)
            XCTAssertEqual(a.timesXi, a * Fp2(Fp(small: 9), Fp(small: 1)))

            let d = rng.fp6(), e = rng.fp6(), f = rng.fp6()
            XCTAssertEqual(d * e, e * d)
            XCTAssertEqual((d * e) * f, d * (e * f))
            XCTAssertEqual(d * (e + f), d * e + d * f)
            XCTAssertEqual(d.squared, d * d)
            XCTAssertEqual(d * d.inverse, .one)
            XCTAssertEqual(d.timesV, d * Fp6(.zero, .one, .zero))

            let g = rng.fp12(), h = rng.fp12(), k = rng.fp12()
            XCTAssertEqual(g * h, h * g)
            XCTAssertEqual((g * h) * k, g * (h * k))
            XCTAssertEqual(g.squared, g * g)
            XCTAssertEqual(g * g.inverse, .one)
        }
    }

    func testCyclotomicSquaringMatchesSquaring() {
        var rng = TestRandom(state: 9)
        for _ in 0..<5 {
            let f = rng.fp12()
            // The easy part of the final exponentiation maps into the cyclotomic subgroup.
            var g = f.conjugate * f.inverse
            g = g.frobenius(2) * g
            XCTAssertEqual(g.cyclotomicSquared, g.squared)
        }
    }

    func testFrobeniusIsThePthPower() {
        var rng = TestRandom(state: 4)
        let g = rng.fp12()
        XCTAssertEqual(g.frobenius(1), g.power(Fp.modulus))
        XCTAssertEqual(g.frobenius(1).frobenius(1), g.frobenius(2))
        XCTAssertEqual(g.frobenius(2).frobenius(1), g.frobenius(3))
        XCTAssertEqual(g.frobenius(3).frobenius(3), g.conjugate)
        let d = rng.fp6()
        XCTAssertEqual(Fp12(d, .zero).frobenius(1), Fp12(d, .zero).power(Fp.modulus))
    }
}

final class BN254CurveTests: XCTestCase {
    func testG1GroupLaws() {
        var rng = TestRandom(state: 5)
        let g = BN254.g1Generator
        XCTAssertTrue(g.isOnCurve)
        XCTAssertTrue(JacobianPoint(g).multiplied(by: BN254.order).isInfinity)
        for _ in 0..<5 {
            let a = rng.scalar(), b = rng.scalar()
            let pa = JacobianPoint(g).multiplied(by: a).affine
            let pb = JacobianPoint(g).multiplied(by: b).affine
            XCTAssertTrue(pa.isOnCurve)
            XCTAssertEqual(pa + pb, JacobianPoint(g).multiplied(by: UInt256.addMod(a, b, BN254.order)).affine)
            XCTAssertEqual((JacobianPoint(pa) + JacobianPoint(pb)).affine, pa + pb)
            XCTAssertEqual(JacobianPoint(pa).multiplied(by: b).affine, JacobianPoint(pb).multiplied(by: a).affine)
            XCTAssertEqual(pa + pa, JacobianPoint(pa).doubled.affine)
            XCTAssertEqual((JacobianPoint(pa) + JacobianPoint(pa)).affine, pa + pa)
            XCTAssertEqual(pa + pa.negated, .infinity)
        }
    }

    /// The GLV multiplication agrees with plain double-and-add, including scalars ≥ r.
    func testGLVMultiplicationMatchesPlain() {
        var rng = TestRandom(state: 10)
        let g = BN254.g1Generator
        let p = JacobianPoint(g).multiplied(by: rng.scalar()).affine
        var scalars: [UInt256] = [.zero, .one, UInt256(2), UInt256(15), UInt256(16), BN254.order, BN254.order &- .one,
                                  BN254.order &+ .one, .max, UInt256(0, 0, 0, 1 << 63)]
        for _ in 0..<20 { scalars.append(rng.uint256()) }
        for k in scalars {
            for point in [g, p] {
                XCTAssertEqual(BN254.multiplyG1(point, by: k).affine, JacobianPoint(point).multiplied(by: k).affine, "k = \(k)")
            }
            let d = BN254.glvDecompose(k)
            XCTAssertLessThanOrEqual(d.k1.bitWidth, 128)
            XCTAssertLessThanOrEqual(d.k2.bitWidth, 128)
        }
        XCTAssertTrue(BN254.multiplyG1(.infinity, by: UInt256(5)).isInfinity)
    }

    func testG2GeneratorAndSubgroupCheck() {
        let q = BN254.g2Generator
        XCTAssertTrue(q.isOnCurve)
        XCTAssertTrue(BN254.isInG2Subgroup(q))
        XCTAssertTrue(BN254.isInG2Subgroup(JacobianPoint(q).multiplied(by: UInt256(12345)).affine))
        // (1, y) lies on the twist but not in the order-r subgroup.
        let y = Fp2(Fp(try! UInt256(hex: "2869111d5381f072f8e2728fdb825a51aadd70e52c9830e9ab4b871c0531f1bb"))!,
                    Fp(try! UInt256(hex: "0d1271953ed9ea0836846e70a1934187998c7f790cb4d7511b7f8da82de048a4"))!)
        let outsider = G2Affine(x: Fp2.one, y: y)
        XCTAssertTrue(outsider.isOnCurve)
        XCTAssertFalse(BN254.isInG2Subgroup(outsider))
        XCTAssertFalse(BN254.isInG2SubgroupByOrder(outsider))
    }

    /// The endomorphism membership test agrees with [r]Q = O on subgroup points, on random twist
    /// points (almost surely outside G2), and on those plus a subgroup point.
    func testFastSubgroupCheckMatchesOrderCheck() {
        var rng = TestRandom(state: 8)
        let g = JacobianPoint(BN254.g2Generator)
        for _ in 0..<4 {
            let q = g.multiplied(by: rng.scalar()).affine
            XCTAssertTrue(BN254.isInG2Subgroup(q))
            XCTAssertTrue(BN254.isInG2SubgroupByOrder(q))
        }
        func fp(_ h: String) -> Fp { Fp(try! UInt256(hex: h))! }
        for c in Self.twistPoints {
            let t = G2Affine(x: Fp2(fp(c.0), fp(c.1)), y: Fp2(fp(c.2), fp(c.3)))
            XCTAssertTrue(t.isOnCurve)
            XCTAssertEqual(BN254.isInG2Subgroup(t), BN254.isInG2SubgroupByOrder(t))
            XCTAssertFalse(BN254.isInG2Subgroup(t))
            let mixed = (JacobianPoint(t) + g).affine
            XCTAssertEqual(BN254.isInG2Subgroup(mixed), BN254.isInG2SubgroupByOrder(mixed))
            // Clearing the cofactor lands in G2 (cofactor = 2p − r).
            let cofactor = Fp.modulus &+ Fp.modulus &- BN254.order
            let cleared = JacobianPoint(t).multiplied(by: cofactor).affine
            XCTAssertTrue(BN254.isInG2Subgroup(cleared))
            XCTAssertTrue(BN254.isInG2SubgroupByOrder(cleared))
        }
    }

    /// Random points on the twist (x₀, x₁, y₀, y₁), generated with Python.
    static let twistPoints: [(String, String, String, String)] = [
        ("261060457906159644f9794cdd933160d2d5844307f062cec7b317d94d1fe09f", "1b52e6b6ebcd1f5ec9c18070b6d13089633a50eee0f9e038eb8f624fb804d820", "0999dc38a02cf5fffd0e3f9082d8118e5cce6346f8325599a067659b0ad31e45", "0718b339dccf29d80db8454fb0a09a7856c66f076d09468439098b63eea199f0"),
        ("1af418e24d100d8fdaf0105ba06c05a1c76abf436fa84dcaac0ae4e2f729b4c8", "1a15b91695c76ab488bafad959d5450592f3277b62c82185d55ec1a581daad10", "188c134ab1755c7c4bcb7e61e6c44e7e865e129ffa797029f20cd0857487702e", "1a1d18ed9d18e6925f7481506040b9896f9dfcd2e5d2968fd2ecb9f963307e76"),
        ("06a92d9091b1078e926baeafe79a27e68ab12c32f6f22f41538e504edc52bdca", "1117eb4a92d3043afcf249f3d4e441c3a20ab57c360c4979a7cf94d7b6bcb64f", "150a11c7229678d889781f2f25e2409d792adbf1fa464c9a539d9819256fe09f", "152e20cdce64274a584cc54bb9e574af8c4d5c85e9ac8e22353e144a6c155e7c"),
        ("1ef1cea0fd63ed5ba385ac4bda9bf98c7b6471e2103ef3c21fdaf62548f2f8ed", "0149bbdc26988f4fe5a8181b691406be110d7c25ccf3d0b35815a3d516a91f39", "029e72e82e9e4a984903ab821d9c47089d71b14b8bfa351662cbb4a0f7a0b82d", "208ecce0edfa80fa3144f03e5371201e862018258359229749e697793ed4bd6f"),
        ("08da5579f56ab44e5c35d7ed5057326c56fe09f7de26c45bfad9d3a90add12e3", "18b7629c852380c4deb135fa75dd67de6072c48f60b6cbb1dc98da8ae58b7c6a", "11592ee5d121645a7f82b333f74f28f0ad47fc3a52735a048345453fdf41b9ce", "083eec493f9d0897695d63b09bb209b1d59b1b7f96548f51cafc61739b524f92"),
        ("2dccbda5b866517ea260db3c6e6291d24573f54181cc8265cfbf40b8f0cc8de3", "13643d5485689935421b8cb9fa50ecd76ffc71e44d14075defba436b3cd5b001", "1106496810f0ffc6bbd83c7bfb67c499c28ecd462f2927651f834da066310525", "18ce00510f913e216cbdecef2abdfa93c55588497d7fcb025768db06433c3771"),
    ]
}

final class BN254PairingTests: XCTestCase {
    func testBilinearityAndNonDegeneracy() {
        var rng = TestRandom(state: 6)
        let p = BN254.g1Generator, q = BN254.g2Generator
        let e = BN254.pairing(p, q)
        XCTAssertNotEqual(e, .one)
        XCTAssertEqual(e.power(BN254.order), .one)
        let a = rng.scalar(), b = rng.scalar()
        let ab = UInt256.mulMod(a, b, BN254.order)
        let ap = JacobianPoint(p).multiplied(by: a).affine
        let bq = JacobianPoint(q).multiplied(by: b).affine
        XCTAssertEqual(BN254.pairing(ap, bq), e.power(ab))
        XCTAssertEqual(BN254.pairing(JacobianPoint(p).multiplied(by: ab).affine, q), e.power(ab))
        XCTAssertEqual(BN254.pairing(p, JacobianPoint(q).multiplied(by: ab).affine), e.power(ab))
        // e(aP, Q)·e(−P, aQ) = 1.
        let aq = JacobianPoint(q).multiplied(by: a).affine
        XCTAssertTrue(BN254.pairingCheck([(ap, q), (p.negated, aq)]))
        XCTAssertFalse(BN254.pairingCheck([(ap, q), (p, aq)]))
        XCTAssertTrue(BN254.pairingCheck([(.infinity, q), (p, .infinity)]))
    }
}
