// G2: points of the sextic twist E2: y² = x³ + 4(1+u) over F_p2, and its order-r subgroup.

/// An affine point of E2(F_p2).
public typealias G2Affine = AffinePoint<Fp2>
/// A Jacobian point of E2(F_p2).
public typealias G2Jacobian = JacobianPoint<Fp2>

extension AffinePoint where F == Fp2 {
    /// The standard generator of G2.
    public static var generator: G2Affine { G2Affine(x: BLSConstants.g2x, y: BLSConstants.g2y) }

    /// EIP-2537 encoding: x.c0, x.c1, y.c0, y.c1 as 64-byte values; infinity as 256 zero bytes.
    public var eip2537Bytes: [UInt8] {
        if isInfinity { return [UInt8](repeating: 0, count: 256) }
        var out: [UInt8] = []
        out.reserveCapacity(256)
        for c in [x.c0, x.c1, y.c0, y.c1] {
            out.append(contentsOf: repeatElement(0, count: 16)); c.append48(to: &out)
        }
        return out
    }

    /// Subgroup membership: ψ(P) = [x]P (Scott, eprint 2021/1130 §4).
    public var isInSubgroup: Bool {
        if isInfinity { return true }
        let q = jacobian.multiplied(by: blsXAbs) // [|x|]P = −[x]P
        let psiP = G2Affine(x: x.conjugate * BLSConstants.psiX, y: y.conjugate * BLSConstants.psiY)
        return q.isEqual(to: psiP.negated)
    }
}

extension JacobianPoint where F == Fp2 {
    /// The untwist-Frobenius-twist endomorphism ψ.
    var psi: G2Jacobian {
        G2Jacobian(x: x.conjugate * BLSConstants.psiX, y: y.conjugate * BLSConstants.psiY, z: z.conjugate)
    }

    /// [x]P for the negative BLS parameter x.
    var timesBLSX: G2Jacobian { multiplied(by: blsXAbs).negated }

    /// Cofactor clearing with h_eff (Budroni–Pintore; RFC 9380 §G.3):
    /// [x² − x − 1]P + [x − 1]ψ(P) + ψ²(2P).
    public var clearingCofactor: G2Jacobian {
        let t1 = timesBLSX
        var t2 = psi
        var t3 = doubled().psi.psi
        t3 = t3 + t2.negated
        t2 = t1 + t2
        t2 = t2.timesBLSX
        t3 = t3 + t2
        t3 = t3 + t1.negated
        return t3 + negated
    }
}

extension AffinePoint where F == Fp2 {
    /// Decodes a 96-byte compressed (ZCash) point: flags in the top 3 bits, then x.c1 ‖ x.c0; checks the
    /// curve equation (not the subgroup).
    public init?(compressed b: ArraySlice<UInt8>) {
        guard b.count == 96 else { return nil }
        let s = b.startIndex
        let first = b[s]
        guard first & 0x80 != 0 else { return nil }
        let infinity = first & 0x40 != 0, sign = first & 0x20 != 0
        var xb = Array(b)
        xb[0] &= 0x1f
        if infinity {
            guard !sign, xb.allSatisfy({ $0 == 0 }) else { return nil }
            self = .infinity
            return
        }
        guard let c1 = Fp(bytes48: xb[0..<48]), let c0 = Fp(bytes48: xb[48..<96]) else { return nil }
        let x = Fp2(c0, c1)
        guard var y = (x.squared() * x + BLSConstants.b2).sqrt() else { return nil }
        let largest = y.c1.isZero ? y.c0.isLexLargest : y.c1.isLexLargest
        if largest != sign { y = -y }
        self.init(x: x, y: y)
    }
}
