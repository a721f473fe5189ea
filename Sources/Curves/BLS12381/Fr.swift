// BLS12-381 scalar field F_r (the order of G1, G2, GT): what KZG needs on top of the generated
// Montgomery arithmetic in FrArithmetic.swift.

extension Fr {
    /// self^e for an exponent given as little-endian limbs.
    func power(_ e: [UInt64]) -> Fr {
        var acc = Fr.one
        for limb in e.reversed() {
            var bit = 63
            while bit >= 0 {
                acc = acc.squared()
                if (limb >> UInt64(bit)) & 1 == 1 { acc = acc * self }
                bit -= 1
            }
        }
        return acc
    }

    /// Multiplicative inverse (Fermat); zero maps to zero.
    public func inverse() -> Fr { power(BLSConstants.rMinus2) }

    /// Small integer constant.
    public init(_ v: UInt64) { self = Fr(canonical: (v, 0, 0, 0))! }

    /// Parses a 32-byte big-endian integer; nil if it is ≥ r (EIP-4844 `bytes_to_bls_field`).
    public init?(bytes32 b: ArraySlice<UInt8>) {
        precondition(b.count == 32)
        self.init(canonical: (readWordBE(b, 24), readWordBE(b, 16), readWordBE(b, 8), readWordBE(b, 0)))
    }

    /// Reduces any 32-byte big-endian integer modulo r (EIP-4844 `hash_to_bls_field`).
    public init(reducing b: ArraySlice<UInt8>) {
        var v = (readWordBE(b, 24), readWordBE(b, 16), readWordBE(b, 8), readWordBE(b, 0))
        // 2^256 < 3r: subtract r at most twice.
        for _ in 0..<2 {
            let raw = Fr(l0: v.0, l1: v.1, l2: v.2, l3: v.3)
            if raw.isCanonicalRaw { break }
            var br: UInt64 = 0
            (v.0, br) = sbb(v.0, Fr.q0, br); (v.1, br) = sbb(v.1, Fr.q1, br)
            (v.2, br) = sbb(v.2, Fr.q2, br); (v.3, br) = sbb(v.3, Fr.q3, br)
        }
        self = Fr(canonical: v)!
    }

    /// The 32-byte big-endian canonical encoding.
    public var bytes32: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        let c = canonical
        appendWordBE(c.3, to: &out); appendWordBE(c.2, to: &out); appendWordBE(c.1, to: &out); appendWordBE(c.0, to: &out)
        return out
    }

    /// The canonical value as a 256-bit scalar (limbs least significant first).
    public var scalarLimbs: (UInt64, UInt64, UInt64, UInt64) { canonical }
}
