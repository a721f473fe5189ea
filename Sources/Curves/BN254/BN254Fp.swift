import Primitives

extension BN254 {
    /// An element of the BN254 base field Fp, p = 0x30644e72…3c208c16d87cfd47, held in Montgomery
    /// form (x·2²⁵⁶ mod p) as four little-endian 64-bit limbs.
    ///
    /// Multiplication is the "no-carry" CIOS Montgomery product (Koç et al.; gnark's variant): p's top
    /// limb is below 2⁶³ − 1, so the running sum never needs a fifth limb and each round ends with a
    /// single `C + A`. Every value is kept fully reduced (< p), so equality is limb equality.
    public struct Fp: Hashable, Sendable {
        /// The limbs of x·R mod p, least significant first.
        public var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

        @inline(__always)
        init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
            self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3
        }

        static let p0: UInt64 = 0x3c20_8c16_d87c_fd47, p1: UInt64 = 0x9781_6a91_6871_ca8d
        static let p2: UInt64 = 0xb850_45b6_8181_585d, p3: UInt64 = 0x3064_4e72_e131_a029
        /// −p⁻¹ mod 2⁶⁴.
        static let inv: UInt64 = 0x87d2_0782_e486_6389

        /// The modulus p as an integer.
        public static let modulus = UInt256(p0, p1, p2, p3)
        /// R² mod p, to enter Montgomery form.
        static let r2 = Fp(0xf32c_fc5b_538a_fa89, 0xb5e7_1911_d445_01fb, 0x47ab_1eff_0a41_7ff6, 0x06d8_9f71_cab8_351f)
        /// R³ mod p, to bring a plain inverse of a Montgomery value back into Montgomery form.
        static let r3 = Fp(0xb1cd6dafda1530df, 0x62f210e6a7283db6, 0xef7f0b0c0ada0afb, 0x20fd6e902d592544)

        /// 0.
        public static let zero = Fp(0, 0, 0, 0)
        /// 1 (R mod p).
        public static let one = Fp(0xd35d_438d_c58f_0d9d, 0x0a78_eb28_f5c7_0b3d, 0x666e_a36f_7879_462c, 0x0e0a_77c1_9a07_df2f)

        /// The element with integer value `value`; nil unless value < p (EIP-196 rejects such coordinates).
        public init?(_ value: UInt256) {
            guard value < Fp.modulus else { return nil }
            self = Fp(value.w0, value.w1, value.w2, value.w3) * Fp.r2
        }

        /// The small integer `value`.
        public init(small value: UInt64) { self = Fp(value, 0, 0, 0) * Fp.r2 }

        /// The integer value in 0..<p.
        public var value: UInt256 {
            let x = self * Fp(1, 0, 0, 0)
            return UInt256(x.l0, x.l1, x.l2, x.l3)
        }

        /// True for 0.
        @inline(__always) public var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }

        // MARK: Arithmetic

        /// a + b mod p. Both are below p < 2²⁵⁴, so the raw sum fits in four limbs.
        @inline(__always)
        public static func + (a: Fp, b: Fp) -> Fp {
            Fp.add4NoReduce(a, b).reducedOnce()
        }

        /// a − b mod p.
        @inline(__always)
        public static func - (a: Fp, b: Fp) -> Fp {
            let (r, borrow) = sub4(a.l0, a.l1, a.l2, a.l3, b.l0, b.l1, b.l2, b.l3)
            if !borrow { return r }
            return add4NoReduce(r, Fp(p0, p1, p2, p3))
        }

        /// −a mod p.
        @inline(__always)
        public static prefix func - (a: Fp) -> Fp { a.isZero ? a : sub4(p0, p1, p2, p3, a.l0, a.l1, a.l2, a.l3).0 }

        @inline(__always) public static func += (a: inout Fp, b: Fp) { a = a + b }
        @inline(__always) public static func -= (a: inout Fp, b: Fp) { a = a - b }
        @inline(__always) public static func *= (a: inout Fp, b: Fp) { a = a * b }

        /// 2a.
        @inline(__always) public var doubled: Fp { self + self }

        /// a².
        @inline(__always) public var squared: Fp { self * self }

        /// The Montgomery product a·b·R⁻¹ mod p, i.e. the field product of the represented values.
        @inline(__always)
        public static func * (a: Fp, b: Fp) -> Fp {
            // Round 0: t += a·b.l0; m makes the low limb vanish; t = (t + m·p) / 2⁶⁴.
            var (A, t0) = madd1(a.l0, b.l0, 0)
            var m = t0 &* Fp.inv
            var C = madd0(m, Fp.p0, t0)
            var t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
            (A, t1) = madd1(a.l1, b.l0, A)
            (C, t0) = madd2(m, Fp.p1, t1, C)
            (A, t2) = madd1(a.l2, b.l0, A)
            (C, t1) = madd2(m, Fp.p2, t2, C)
            (A, t3) = madd1(a.l3, b.l0, A)
            (C, t2) = madd2(m, Fp.p3, t3, C)
            t3 = C &+ A
            // Round 1: t += a·b.l1; m makes the low limb vanish; t = (t + m·p) / 2⁶⁴.
            (A, t0) = madd1(a.l0, b.l1, t0)
            m = t0 &* Fp.inv
            C = madd0(m, Fp.p0, t0)
            (A, t1) = madd2(a.l1, b.l1, t1, A)
            (C, t0) = madd2(m, Fp.p1, t1, C)
            (A, t2) = madd2(a.l2, b.l1, t2, A)
            (C, t1) = madd2(m, Fp.p2, t2, C)
            (A, t3) = madd2(a.l3, b.l1, t3, A)
            (C, t2) = madd2(m, Fp.p3, t3, C)
            t3 = C &+ A
            // Round 2: t += a·b.l2; m makes the low limb vanish; t = (t + m·p) / 2⁶⁴.
            (A, t0) = madd1(a.l0, b.l2, t0)
            m = t0 &* Fp.inv
            C = madd0(m, Fp.p0, t0)
            (A, t1) = madd2(a.l1, b.l2, t1, A)
            (C, t0) = madd2(m, Fp.p1, t1, C)
            (A, t2) = madd2(a.l2, b.l2, t2, A)
            (C, t1) = madd2(m, Fp.p2, t2, C)
            (A, t3) = madd2(a.l3, b.l2, t3, A)
            (C, t2) = madd2(m, Fp.p3, t3, C)
            t3 = C &+ A
            // Round 3: t += a·b.l3; m makes the low limb vanish; t = (t + m·p) / 2⁶⁴.
            (A, t0) = madd1(a.l0, b.l3, t0)
            m = t0 &* Fp.inv
            C = madd0(m, Fp.p0, t0)
            (A, t1) = madd2(a.l1, b.l3, t1, A)
            (C, t0) = madd2(m, Fp.p1, t1, C)
            (A, t2) = madd2(a.l2, b.l3, t2, A)
            (C, t1) = madd2(m, Fp.p2, t2, C)
            (A, t3) = madd2(a.l3, b.l3, t3, A)
            (C, t2) = madd2(m, Fp.p3, t3, C)
            t3 = C &+ A
            return Fp(t0, t1, t2, t3).reducedOnce()
        }

        /// Subtracts p once if the value is ≥ p (inputs to this are always < 2p).
        @inline(__always)
        func reducedOnce() -> Fp {
            let (r, borrow) = Fp.sub4(l0, l1, l2, l3, Fp.p0, Fp.p1, Fp.p2, Fp.p3)
            return borrow ? self : r
        }

        /// a − b on four limbs and whether it borrowed; the borrow chain runs through UInt128 so
        /// that LLVM emits sub/sbb.
        @inline(__always)
        static func sub4(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64,
                         _ b0: UInt64, _ b1: UInt64, _ b2: UInt64, _ b3: UInt64) -> (Fp, Bool) {
            let d0 = UInt128(a0) &- UInt128(b0)
            let d1 = UInt128(a1) &- UInt128(b1) &- (d0 >> 127)
            let d2 = UInt128(a2) &- UInt128(b2) &- (d1 >> 127)
            let d3 = UInt128(a3) &- UInt128(b3) &- (d2 >> 127)
            return (Fp(UInt64(truncatingIfNeeded: d0), UInt64(truncatingIfNeeded: d1),
                       UInt64(truncatingIfNeeded: d2), UInt64(truncatingIfNeeded: d3)), d3 >> 127 != 0)
        }

        /// a + b on four limbs, dropping any carry out of the top (callers ensure there is none).
        @inline(__always)
        static func add4NoReduce(_ a: Fp, _ b: Fp) -> Fp {
            let s0 = UInt128(a.l0) &+ UInt128(b.l0)
            let s1 = UInt128(a.l1) &+ UInt128(b.l1) &+ (s0 >> 64)
            let s2 = UInt128(a.l2) &+ UInt128(b.l2) &+ (s1 >> 64)
            let s3 = a.l3 &+ b.l3 &+ UInt64(truncatingIfNeeded: s2 >> 64)
            return Fp(UInt64(truncatingIfNeeded: s0), UInt64(truncatingIfNeeded: s1), UInt64(truncatingIfNeeded: s2), s3)
        }

        // MARK: Powers and inverse

        /// a^e for an integer exponent (square-and-multiply, most significant bit first).
        public func power(_ e: UInt256) -> Fp {
            var result = Fp.one
            var i = e.bitWidth - 1
            while i >= 0 {
                result = result.squared
                if (e[limb: i >> 6] >> UInt64(i & 63)) & 1 == 1 { result = result * self }
                i -= 1
            }
            return result
        }

        /// a⁻¹ (0 for 0), by the binary extended Euclidean algorithm on the Montgomery
        /// representative: it yields (aR)⁻¹, and a Montgomery product with R³ turns that into a⁻¹R.
        ///
        /// Invariants: x1·A ≡ u and x2·A ≡ v (mod p) for the raw value A; u and v stay odd after
        /// each step, and all their trailing zeros are removed at once, dividing x by 2ᵏ with one
        /// Montgomery-style correction (x + m·p, m = −x·p⁻¹ mod 2ᵏ) instead of k halvings.
        /// (Kaliski's almost-inverse, which needs no multiplication per step, measured 1.6× slower
        /// here: its extra branches mispredict more than the multiplications cost.)
        public var inverse: Fp {
            if isZero { return .zero }
            var u = self, v = Fp(Fp.p0, Fp.p1, Fp.p2, Fp.p3)
            var x1 = Fp(1, 0, 0, 0), x2 = Fp.zero
            Fp.makeOdd(&u, &x1)
            while u != v {
                let (d, borrow) = Fp.sub4(u.l0, u.l1, u.l2, u.l3, v.l0, v.l1, v.l2, v.l3)
                if !borrow {
                    u = d; x1 = x1 - x2
                    Fp.makeOdd(&u, &x1)
                } else {
                    v = Fp.sub4(v.l0, v.l1, v.l2, v.l3, u.l0, u.l1, u.l2, u.l3).0; x2 = x2 - x1
                    Fp.makeOdd(&v, &x2)
                }
            }
            return x1 * Fp.r3
        }

        /// Strips the trailing zero bits of a non-zero u, dividing x by the same power of two mod p.
        @inline(__always)
        static func makeOdd(_ u: inout Fp, _ x: inout Fp) {
            while u.l0 == 0 {
                u = Fp(u.l1, u.l2, u.l3, 0)
                x = x.dividedByPowerOfTwo(64)
            }
            let k = u.l0.trailingZeroBitCount
            if k == 0 { return }
            let s = UInt64(k)
            u = Fp(u.l0 >> s | u.l1 << (64 - s), u.l1 >> s | u.l2 << (64 - s), u.l2 >> s | u.l3 << (64 - s), u.l3 >> s)
            x = x.dividedByPowerOfTwo(k)
        }

        /// x / 2ᵏ mod p for a raw value x < p and 1 ≤ k ≤ 64: (x + m·p) / 2ᵏ with m ≡ −x·p⁻¹ (mod 2ᵏ),
        /// which is below p because m < 2ᵏ.
        @inline(__always)
        func dividedByPowerOfTwo(_ k: Int) -> Fp {
            let mask: UInt64 = k == 64 ? .max : (1 << UInt64(k)) - 1
            let m = UInt128((l0 &* Fp.inv) & mask)
            let s0 = m &* UInt128(Fp.p0) &+ UInt128(l0)
            let s1 = m &* UInt128(Fp.p1) &+ UInt128(l1) &+ (s0 >> 64)
            let s2 = m &* UInt128(Fp.p2) &+ UInt128(l2) &+ (s1 >> 64)
            let s3 = m &* UInt128(Fp.p3) &+ UInt128(l3) &+ (s2 >> 64)
            let w0 = UInt64(truncatingIfNeeded: s0), w1 = UInt64(truncatingIfNeeded: s1)
            let w2 = UInt64(truncatingIfNeeded: s2), w3 = UInt64(truncatingIfNeeded: s3)
            let w4 = UInt64(truncatingIfNeeded: s3 >> 64)
            if k == 64 { return Fp(w1, w2, w3, w4) }
            let r = UInt64(k)
            return Fp(w0 >> r | w1 << (64 - r), w1 >> r | w2 << (64 - r), w2 >> r | w3 << (64 - r), w3 >> r | w4 << (64 - r))
        }

        /// A square root if one exists (p ≡ 3 mod 4, so a^((p+1)/4)).
        public var squareRoot: Fp? {
            let r = power(Fp.sqrtExponent)
            return r.squared == self ? r : nil
        }

        static let sqrtExponent = UInt256(0x4f082305b61f3f52, 0x65e05aa45a1c72a3, 0x6e14116da0605617, 0x0c19139cb84c680a)

        // MARK: Bytes

        /// Reads a 32-byte big-endian integer at `pointer`; nil if it is ≥ p.
        public init?(bigEndianWord pointer: UnsafeRawPointer) {
            // SAFETY: callers guarantee 32 readable bytes.
            self.init(UInt256(bigEndianWord: pointer))
        }

        /// Writes the 32-byte big-endian integer value at `pointer`.
        public func writeBigEndian(to pointer: UnsafeMutableRawPointer) {
            // SAFETY: callers guarantee 32 writable bytes.
            value.writeBigEndian(to: pointer)
        }
    }

    /// a·b + c + d as (high, low); cannot overflow 128 bits. UInt128 lets LLVM emit mul/add/adc.
    @inline(__always)
    static func madd2(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (UInt64, UInt64) {
        let r = UInt128(a) &* UInt128(b) &+ UInt128(c) &+ UInt128(d)
        return (UInt64(truncatingIfNeeded: r >> 64), UInt64(truncatingIfNeeded: r))
    }

    /// a·b + c as (high, low).
    @inline(__always)
    static func madd1(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> (UInt64, UInt64) {
        let r = UInt128(a) &* UInt128(b) &+ UInt128(c)
        return (UInt64(truncatingIfNeeded: r >> 64), UInt64(truncatingIfNeeded: r))
    }

    /// The high word of a·b + c.
    @inline(__always)
    static func madd0(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        UInt64(truncatingIfNeeded: (UInt128(a) &* UInt128(b) &+ UInt128(c)) >> 64)
    }
}
