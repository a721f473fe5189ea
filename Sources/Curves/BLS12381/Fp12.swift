// F_p12 = F_p6[w] / (w² − v): the target group GT lives here.

/// An element c0 + c1·w of F_p12.
public struct Fp12: Sendable, Hashable {
    public var c0: Fp6, c1: Fp6

    @inlinable @inline(__always)
    public init(_ c0: Fp6, _ c1: Fp6) { self.c0 = c0; self.c1 = c1 }

    /// One.
    public static let one = Fp12(.one, .zero)

    @inlinable
    public static func * (a: Fp12, b: Fp12) -> Fp12 {
        let aa = a.c0 * b.c0, bb = a.c1 * b.c1
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - aa - bb
        return Fp12(bb.timesV + aa, c1)
    }

    /// Complex-method squaring: 2 F_p6 multiplications.
    @inlinable
    public func squared() -> Fp12 {
        let ab = c0 * c1
        let c0n = (c0 + c1) * (c0 + c1.timesV) - ab - ab.timesV
        return Fp12(c0n, ab + ab)
    }

    /// Conjugate c0 − c1·w (x^(p⁶); the inverse in the cyclotomic subgroup).
    @inlinable public var conjugate: Fp12 { Fp12(c0, -c1) }

    /// Inverse; zero maps to zero.
    public func inverse() -> Fp12 {
        let t = (c0.squared() - c1.squared().timesV).inverse()
        return Fp12(c0 * t, -(c1 * t))
    }

    /// Frobenius map x → x^p.
    public var frobenius: Fp12 {
        Fp12(c0.frobenius, c1.frobenius.scaled(by: BLSConstants.frobW))
    }

    /// Product with the sparse element b0 + b1·v + b4·v·w (a line evaluation).
    @inlinable
    func mulBy014(_ b0: Fp2, _ b1: Fp2, _ b4: Fp2) -> Fp12 {
        let aa = c0.mulBy01(b0, b1)
        let bb = c1.mulBy1(b4)
        let o = b1 + b4
        let t = (c1 + c0).mulBy01(b0, o) - aa - bb
        return Fp12(bb.timesV + aa, t)
    }

    /// Squaring in the cyclotomic subgroup (Granger–Scott, eprint 2009/565).
    /// The portable version: `cyclotomicSquared()` (FpDispatch.swift) uses the assembly when the CPU has it.
    func cyclotomicSquaredPortable() -> Fp12 {
        @inline(__always) func fp4Square(_ a: Fp2, _ b: Fp2) -> (Fp2, Fp2) {
            let t0 = a.squared(), t1 = b.squared()
            return (t1.timesNonResidue + t0, (a + b).squared() - t0 - t1)
        }
        var z0 = c0.c0, z4 = c0.c1, z3 = c0.c2, z2 = c1.c0, z1 = c1.c1, z5 = c1.c2
        var (t0, t1) = fp4Square(z0, z1)
        z0 = t0 - z0; z0 = z0 + z0 + t0
        z1 = t1 + z1; z1 = z1 + z1 + t1
        (t0, t1) = fp4Square(z2, z3)
        let (t2, t3) = fp4Square(z4, z5)
        z4 = t0 - z4; z4 = z4 + z4 + t0
        z5 = t1 + z5; z5 = z5 + z5 + t1
        t0 = t3.timesNonResidue
        z2 = t0 + z2; z2 = z2 + z2 + t0
        z3 = t2 - z3; z3 = z3 + z3 + t2
        return Fp12(Fp6(z0, z4, z3), Fp6(z2, z1, z5))
    }

    /// self^|x| followed by conjugation, i.e. self^x for the (negative) BLS parameter x, in the cyclotomic subgroup.
    func cyclotomicPowX() -> Fp12 {
        let x: UInt64 = 0xd201_0000_0001_0000
        var acc = Fp12.one
        var found = false
        var bit = 63
        while bit >= 0 {
            let set = (x >> UInt64(bit)) & 1 == 1
            if found { acc = acc.cyclotomicSquared() } else { found = set }
            if set { acc = acc * self }
            bit -= 1
        }
        return acc.conjugate
    }

    /// The final exponentiation f^(3(p¹²−1)/r) (the factor 3 is coprime to r, so GT membership and
    /// pairing checks are unchanged). Easy part f^((p⁶−1)(p²+1)); hard part from Hayashida–Hayasaka–Teruya
    /// (eprint 2020/875): 3Φ₁₂(p)/r = (x−1)²(x+p)(x²+p²−1) + 3.
    public func finalExponentiation() -> Fp12 {
        var f = conjugate * inverse()
        f = f.frobenius.frobenius * f
        var a = f.cyclotomicPowX() * f.conjugate          // f^(x−1)
        a = a.cyclotomicPowX() * a.conjugate              // f^((x−1)²)
        let b = a.cyclotomicPowX() * a.frobenius           // ^(x+p)
        let c = b.cyclotomicPowX().cyclotomicPowX() * b.frobenius.frobenius * b.conjugate // ^(x²+p²−1)
        return c * f.cyclotomicSquared() * f
    }
}
