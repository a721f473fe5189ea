/// A 256-bit unsigned integer, the EVM's word: four 64-bit limbs, least significant first.
///
/// Plain value type with no heap storage; arithmetic wraps modulo 2^256 as the EVM requires
/// (operators `&+ &- &*`; `+ - *` trap on overflow like Swift's integers would not, so they are
/// not provided). Signed operations read the value as two's complement.
@frozen
public struct UInt256: Hashable, Sendable {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// Limbs least significant first.
    @inlinable @inline(__always)
    public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    @inlinable @inline(__always)
    public init(_ value: UInt64) { self.init(value, 0, 0, 0) }

    @inlinable @inline(__always)
    public init(_ value: Int) {
        precondition(value >= 0, "UInt256 from a negative Int")
        self.init(UInt64(value), 0, 0, 0)
    }

    public static let zero = UInt256(0, 0, 0, 0)
    public static let one = UInt256(1, 0, 0, 0)
    public static let max = UInt256(.max, .max, .max, .max)

    @inlinable public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// True when the value fits in 64 bits.
    @inlinable public var fitsUInt64: Bool { (w1 | w2 | w3) == 0 }

    /// The value as UInt64 if it fits.
    @inlinable public var uint64: UInt64? { fitsUInt64 ? w0 : nil }

    /// The value as Int when it fits in Int (non-negative); nil otherwise.
    @inlinable public var int: Int? { fitsUInt64 && w0 <= UInt64(Int.max) ? Int(w0) : nil }

    /// The value clamped to UInt64.max (for gas and memory sizes, where huge means "too much").
    @inlinable public var clampedUInt64: UInt64 { fitsUInt64 ? w0 : .max }

    /// Limb access by index 0...3 (least significant first).
    @inlinable
    public subscript(limb i: Int) -> UInt64 {
        get {
            switch i { case 0: return w0; case 1: return w1; case 2: return w2; default: return w3 }
        }
        set {
            switch i { case 0: w0 = newValue; case 1: w1 = newValue; case 2: w2 = newValue; default: w3 = newValue }
        }
    }

    /// Bit 255, the sign in two's complement.
    @inlinable public var isNegative: Bool { w3 >> 63 == 1 }

    /// Number of significant bits (0 for zero).
    @inlinable public var bitWidth: Int { 256 - leadingZeroBitCount }

    /// Count of leading zero bits (256 for zero): the EVM's CLZ (EIP-7939).
    @inlinable
    public var leadingZeroBitCount: Int {
        if w3 != 0 { return w3.leadingZeroBitCount }
        if w2 != 0 { return 64 + w2.leadingZeroBitCount }
        if w1 != 0 { return 128 + w1.leadingZeroBitCount }
        return 192 + w0.leadingZeroBitCount
    }

    /// Number of significant bytes (0 for zero).
    @inlinable public var byteCount: Int { (bitWidth + 7) / 8 }
}

// MARK: - Comparison

extension UInt256: Comparable {
    @inlinable @inline(__always)
    public static func < (a: UInt256, b: UInt256) -> Bool {
        if a.w3 != b.w3 { return a.w3 < b.w3 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        return a.w0 < b.w0
    }

    /// Signed (two's complement) less-than: SLT. Always inlined: with a second copy of the opcode
    /// bodies in the EVM (the traced loop) the optimiser otherwise kept one SLT/SGT call out of
    /// line in the plain loop (~3 % on arith_loop).
    @inlinable @inline(__always)
    public static func signedLess(_ a: UInt256, _ b: UInt256) -> Bool {
        let an = a.isNegative, bn = b.isNegative
        if an != bn { return an }
        return a < b
    }
}

// MARK: - Addition, subtraction, negation

extension UInt256 {
    /// Sum and whether it overflowed 2^256.
    @inlinable @inline(__always)
    public func addingReportingOverflow(_ b: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, c0) = w0.addingReportingOverflow(b.w0)
        var (r1, c1) = w1.addingReportingOverflow(b.w1)
        var c: Bool
        (r1, c) = r1.addingReportingOverflow(c0 ? 1 : 0); c1 = c1 || c
        var (r2, c2) = w2.addingReportingOverflow(b.w2)
        (r2, c) = r2.addingReportingOverflow(c1 ? 1 : 0); c2 = c2 || c
        var (r3, c3) = w3.addingReportingOverflow(b.w3)
        (r3, c) = r3.addingReportingOverflow(c2 ? 1 : 0); c3 = c3 || c
        return (UInt256(r0, r1, r2, r3), c3)
    }

    /// Difference and whether it borrowed (a < b).
    @inlinable @inline(__always)
    public func subtractingReportingOverflow(_ b: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, b0) = w0.subtractingReportingOverflow(b.w0)
        var (r1, b1) = w1.subtractingReportingOverflow(b.w1)
        var o: Bool
        (r1, o) = r1.subtractingReportingOverflow(b0 ? 1 : 0); b1 = b1 || o
        var (r2, b2) = w2.subtractingReportingOverflow(b.w2)
        (r2, o) = r2.subtractingReportingOverflow(b1 ? 1 : 0); b2 = b2 || o
        var (r3, b3) = w3.subtractingReportingOverflow(b.w3)
        (r3, o) = r3.subtractingReportingOverflow(b2 ? 1 : 0); b3 = b3 || o
        return (UInt256(r0, r1, r2, r3), b3)
    }

    /// Wrapping addition (ADD).
    @inlinable @inline(__always)
    public static func &+ (a: UInt256, b: UInt256) -> UInt256 { a.addingReportingOverflow(b).partialValue }

    /// Wrapping subtraction (SUB).
    @inlinable @inline(__always)
    public static func &- (a: UInt256, b: UInt256) -> UInt256 { a.subtractingReportingOverflow(b).partialValue }

    @inlinable public static func &+= (a: inout UInt256, b: UInt256) { a = a &+ b }
    @inlinable public static func &-= (a: inout UInt256, b: UInt256) { a = a &- b }

    /// Two's complement negation (0 - x).
    @inlinable public var negated: UInt256 { UInt256.zero &- self }

    /// Absolute value of the two's complement reading.
    @inlinable public var magnitude: UInt256 { isNegative ? negated : self }
}

// MARK: - Multiplication

extension UInt256 {
    /// Wrapping multiplication (MUL): the low 256 bits of the product.
    @inlinable
    public static func &* (a: UInt256, b: UInt256) -> UInt256 {
        // Schoolbook over limbs, dropping every partial product at or above 2^256.
        var r0: UInt64 = 0, r1: UInt64 = 0, r2: UInt64 = 0, r3: UInt64 = 0
        // Row for a.w0
        var (hi, lo) = a.w0.multipliedFullWidth(by: b.w0)
        r0 = lo
        var carry = hi
        (hi, lo) = a.w0.multipliedFullWidth(by: b.w1)
        var (s, o) = lo.addingReportingOverflow(carry)
        r1 = s; carry = hi &+ (o ? 1 : 0)
        (hi, lo) = a.w0.multipliedFullWidth(by: b.w2)
        (s, o) = lo.addingReportingOverflow(carry)
        r2 = s; carry = hi &+ (o ? 1 : 0)
        r3 = a.w0 &* b.w3 &+ carry
        // Row for a.w1
        (hi, lo) = a.w1.multipliedFullWidth(by: b.w0)
        (s, o) = r1.addingReportingOverflow(lo)
        r1 = s; carry = hi &+ (o ? 1 : 0)
        (hi, lo) = a.w1.multipliedFullWidth(by: b.w1)
        (s, o) = lo.addingReportingOverflow(carry)
        var o2: Bool
        (s, o2) = r2.addingReportingOverflow(s)
        r2 = s; carry = hi &+ (o ? 1 : 0) &+ (o2 ? 1 : 0)
        r3 = r3 &+ a.w1 &* b.w2 &+ carry
        // Row for a.w2
        (hi, lo) = a.w2.multipliedFullWidth(by: b.w0)
        (s, o) = r2.addingReportingOverflow(lo)
        r2 = s; carry = hi &+ (o ? 1 : 0)
        r3 = r3 &+ a.w2 &* b.w1 &+ carry
        // Row for a.w3
        r3 = r3 &+ a.w3 &* b.w0
        return UInt256(r0, r1, r2, r3)
    }

    @inlinable public static func &*= (a: inout UInt256, b: UInt256) { a = a &* b }

    /// The full 512-bit product, as (high, low) halves.
    @inlinable
    public func multipliedFullWidth(by b: UInt256) -> (high: UInt256, low: UInt256) {
        var r: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &r) { raw in
            // SAFETY: r is 8 contiguous UInt64; indices stay in 0..<8.
            let out = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            for i in 0..<4 {
                var carry: UInt64 = 0
                let ai = self[limb: i]
                for j in 0..<4 {
                    let (hi, lo) = ai.multipliedFullWidth(by: b[limb: j])
                    let (s1, o1) = out[i + j].addingReportingOverflow(lo)
                    let (s2, o2) = s1.addingReportingOverflow(carry)
                    out[i + j] = s2
                    carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
                }
                out[i + 4] = carry
            }
        }
        return (UInt256(r.4, r.5, r.6, r.7), UInt256(r.0, r.1, r.2, r.3))
    }
}

// MARK: - Bitwise

extension UInt256 {
    @inlinable @inline(__always) public static func & (a: UInt256, b: UInt256) -> UInt256 { UInt256(a.w0 & b.w0, a.w1 & b.w1, a.w2 & b.w2, a.w3 & b.w3) }
    @inlinable @inline(__always) public static func | (a: UInt256, b: UInt256) -> UInt256 { UInt256(a.w0 | b.w0, a.w1 | b.w1, a.w2 | b.w2, a.w3 | b.w3) }
    @inlinable @inline(__always) public static func ^ (a: UInt256, b: UInt256) -> UInt256 { UInt256(a.w0 ^ b.w0, a.w1 ^ b.w1, a.w2 ^ b.w2, a.w3 ^ b.w3) }
    @inlinable @inline(__always) public static prefix func ~ (a: UInt256) -> UInt256 { UInt256(~a.w0, ~a.w1, ~a.w2, ~a.w3) }

    /// Left shift by any amount; 256 or more gives zero (SHL).
    @inlinable
    public static func << (a: UInt256, n: Int) -> UInt256 {
        if n <= 0 { return n == 0 ? a : n == .min ? .zero : a >> -n }
        if n >= 256 { return .zero }
        let limbs = n >> 6, bits = UInt64(n & 63)
        var r = UInt256.zero
        for i in stride(from: 3, through: limbs, by: -1) {
            var v = a[limb: i - limbs] << bits
            if bits != 0, i - limbs - 1 >= 0 { v |= a[limb: i - limbs - 1] >> (64 - bits) }
            r[limb: i] = v
        }
        return r
    }

    /// Logical right shift by any amount; 256 or more gives zero (SHR).
    @inlinable
    public static func >> (a: UInt256, n: Int) -> UInt256 {
        if n <= 0 { return n == 0 ? a : n == .min ? .zero : a << -n }
        if n >= 256 { return .zero }
        let limbs = n >> 6, bits = UInt64(n & 63)
        var r = UInt256.zero
        for i in 0..<(4 - limbs) {
            var v = a[limb: i + limbs] >> bits
            if bits != 0, i + limbs + 1 < 4 { v |= a[limb: i + limbs + 1] << (64 - bits) }
            r[limb: i] = v
        }
        return r
    }

    /// Arithmetic right shift (SAR): fills with the sign bit.
    @inlinable
    public func arithmeticShiftRight(_ n: Int) -> UInt256 {
        guard isNegative else { return self >> n }
        if n >= 256 { return .max }
        return ~((~self) >> n)
    }

    /// EVM shift semantics: shift amount as a full word (SHL/SHR/SAR take 256-bit amounts).
    @inlinable public func shiftedLeft(by amount: UInt256) -> UInt256 { amount.fitsUInt64 && amount.w0 < 256 ? self << Int(amount.w0) : .zero }
    @inlinable public func shiftedRight(by amount: UInt256) -> UInt256 { amount.fitsUInt64 && amount.w0 < 256 ? self >> Int(amount.w0) : .zero }
    @inlinable public func arithmeticShiftedRight(by amount: UInt256) -> UInt256 {
        amount.fitsUInt64 && amount.w0 < 256 ? arithmeticShiftRight(Int(amount.w0)) : (isNegative ? .max : .zero)
    }

    /// BYTE: the `index`-th byte counting from the most significant (0) to the least (31); 0 past 31.
    @inlinable
    public func byte(at index: UInt256) -> UInt256 {
        guard index.fitsUInt64, index.w0 < 32 else { return .zero }
        let i = Int(index.w0)
        let limb = self[limb: 3 - i / 8]
        return UInt256((limb >> UInt64(56 - (i % 8) * 8)) & 0xff)
    }

    /// SIGNEXTEND: extends the sign of byte `byteIndex` (0 = least significant) through the word.
    @inlinable
    public func signExtended(fromByte byteIndex: UInt256) -> UInt256 {
        guard byteIndex.fitsUInt64, byteIndex.w0 < 31 else { return self }
        let bit = Int(byteIndex.w0) * 8 + 7
        let mask = (UInt256.one << (bit + 1)) &- .one   // bits 0...bit
        let signSet = !((self >> bit) & .one).isZero
        return signSet ? (self | ~mask) : (self & mask)
    }
}

// MARK: - Division

extension UInt256 {
    /// Quotient and remainder; division by zero gives (0, 0) as in the EVM.
    @inlinable
    public func quotientAndRemainder(dividingBy d: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        if d.isZero { return (.zero, .zero) }
        if self < d { return (.zero, self) }
        if fitsUInt64 { return (UInt256(w0 / d.w0), UInt256(w0 % d.w0)) }  // d fits too since d <= self
        var q = UInt256.zero, r = UInt256.zero
        var u: (UInt64, UInt64, UInt64, UInt64, UInt64) = (w0, w1, w2, w3, 0)
        var v: (UInt64, UInt64, UInt64, UInt64) = (d.w0, d.w1, d.w2, d.w3)
        var quotient: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        let n = 4 - (d.leadingZeroBitCount / 64)
        withUnsafeMutableBytes(of: &u) { ub in
            withUnsafeMutableBytes(of: &v) { vb in
                withUnsafeMutableBytes(of: &quotient) { qb in
                    // SAFETY: homogeneous UInt64 tuples; divideLimbs reads 4 limbs of u plus one spare, n of v.
                    divideLimbs(
                        ub.baseAddress!.assumingMemoryBound(to: UInt64.self), count: 4,
                        by: vb.baseAddress!.assumingMemoryBound(to: UInt64.self), count: n,
                        quotient: qb.baseAddress!.assumingMemoryBound(to: UInt64.self))
                }
            }
        }
        q = UInt256(quotient.0, quotient.1, quotient.2, quotient.3)
        r = UInt256(u.0, u.1, u.2, u.3)
        return (q, r)
    }

    /// DIV (x / 0 = 0).
    @inlinable public static func / (a: UInt256, b: UInt256) -> UInt256 { a.quotientAndRemainder(dividingBy: b).quotient }

    /// MOD (x % 0 = 0).
    @inlinable public static func % (a: UInt256, b: UInt256) -> UInt256 { a.quotientAndRemainder(dividingBy: b).remainder }

    /// SDIV: truncating signed division; -2^255 / -1 = -2^255; x / 0 = 0.
    @inlinable
    public func signedDivided(by d: UInt256) -> UInt256 {
        if d.isZero { return .zero }
        let q = magnitude / d.magnitude
        return isNegative != d.isNegative ? q.negated : q
    }

    /// SMOD: remainder with the sign of the dividend; x % 0 = 0.
    @inlinable
    public func signedRemainder(dividingBy d: UInt256) -> UInt256 {
        if d.isZero { return .zero }
        let r = magnitude % d.magnitude
        return isNegative ? r.negated : r
    }

    /// ADDMOD: (a + b) mod m over the full 257-bit sum; m = 0 gives 0.
    @inlinable
    public static func addMod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        if m.isZero { return .zero }
        let (sum, carry) = a.addingReportingOverflow(b)
        if !carry { return sum % m }
        return reduce(high: UInt256(1), low: sum, modulo: m)
    }

    /// MULMOD: (a × b) mod m over the full 512-bit product; m = 0 gives 0.
    @inlinable
    public static func mulMod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        if m.isZero { return .zero }
        let (high, low) = a.multipliedFullWidth(by: b)
        if high.isZero { return low % m }
        return reduce(high: high, low: low, modulo: m)
    }

    /// (high·2^256 + low) mod m, for m ≠ 0.
    @inlinable
    static func reduce(high: UInt256, low: UInt256, modulo m: UInt256) -> UInt256 {
        var u: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (low.w0, low.w1, low.w2, low.w3, high.w0, high.w1, high.w2, high.w3, 0)
        var v: (UInt64, UInt64, UInt64, UInt64) = (m.w0, m.w1, m.w2, m.w3)
        var q: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
        let n = 4 - (m.leadingZeroBitCount / 64)
        let uCount = 8 - (high.leadingZeroBitCount / 64)
        withUnsafeMutableBytes(of: &u) { ub in
            withUnsafeMutableBytes(of: &v) { vb in
                withUnsafeMutableBytes(of: &q) { qb in
                    // SAFETY: homogeneous UInt64 tuples of 9, 4 and 9 limbs; uCount ≤ 8 leaves the spare limb.
                    divideLimbs(
                        ub.baseAddress!.assumingMemoryBound(to: UInt64.self), count: uCount,
                        by: vb.baseAddress!.assumingMemoryBound(to: UInt64.self), count: n,
                        quotient: qb.baseAddress!.assumingMemoryBound(to: UInt64.self))
                }
            }
        }
        return UInt256(u.0, u.1, u.2, u.3)
    }

    /// EXP: self^exponent mod 2^256 by square-and-multiply.
    @inlinable
    public func power(_ exponent: UInt256) -> UInt256 {
        var result = UInt256.one
        var base = self
        var e = exponent
        while !e.isZero {
            if e.w0 & 1 == 1 { result = result &* base }
            e = e >> 1
            if !e.isZero { base = base &* base }
        }
        return result
    }
}

/// Knuth's algorithm D (TAOCP 4.3.1) on 64-bit limbs, least significant first.
///
/// Divides `u` (`uCount` limbs, with one writable zero limb after them) by `v` (`n` limbs, the top
/// one non-zero). Writes the quotient (uCount - n + 1 limbs) into `quotient` and leaves the
/// remainder in `u[0..<n]`. `v` is normalised in place. No heap allocation.
@inlinable
func divideLimbs(_ u: UnsafeMutablePointer<UInt64>, count uCount: Int,
                 by v: UnsafeMutablePointer<UInt64>, count n: Int,
                 quotient q: UnsafeMutablePointer<UInt64>) {
    if n == 1 {
        // Short division by one limb.
        let d = v[0]
        var rem: UInt64 = 0
        for i in stride(from: uCount - 1, through: 0, by: -1) {
            (q[i], rem) = d.dividingFullWidth((rem, u[i]))
        }
        for i in 0..<uCount { u[i] = 0 }
        u[0] = rem
        return
    }
    let shift = UInt64(v[n - 1].leadingZeroBitCount)
    // Normalise: shift v so its top bit is set, and u by the same amount (u gains a limb).
    if shift != 0 {
        for i in stride(from: n - 1, to: 0, by: -1) { v[i] = (v[i] << shift) | (v[i - 1] >> (64 - shift)) }
        v[0] <<= shift
        u[uCount] = u[uCount - 1] >> (64 - shift)
        for i in stride(from: uCount - 1, to: 0, by: -1) { u[i] = (u[i] << shift) | (u[i - 1] >> (64 - shift)) }
        u[0] <<= shift
    } else {
        u[uCount] = 0
    }
    let vTop = v[n - 1], vNext = v[n - 2]
    for j in stride(from: uCount - n, through: 0, by: -1) {
        // Estimate the quotient digit from the top two limbs, then correct it (at most twice).
        var qhat: UInt64, rhat: UInt64, rhatOverflow = false
        if u[j + n] >= vTop {
            qhat = .max
            (rhat, rhatOverflow) = u[j + n - 1].addingReportingOverflow(vTop)
        } else {
            (qhat, rhat) = vTop.dividingFullWidth((u[j + n], u[j + n - 1]))
        }
        while !rhatOverflow {
            let p = qhat.multipliedFullWidth(by: vNext)
            if p.high > rhat || (p.high == rhat && p.low > u[j + n - 2]) {
                qhat &-= 1
                (rhat, rhatOverflow) = rhat.addingReportingOverflow(vTop)
            } else {
                break
            }
        }
        // u[j...j+n] -= qhat * v
        var borrow: UInt64 = 0, carry: UInt64 = 0
        for i in 0..<n {
            let p = qhat.multipliedFullWidth(by: v[i])
            let (plo, c1) = p.low.addingReportingOverflow(carry)
            carry = p.high &+ (c1 ? 1 : 0)
            let (t1, b1) = u[i + j].subtractingReportingOverflow(plo)
            let (t2, b2) = t1.subtractingReportingOverflow(borrow)
            u[i + j] = t2
            borrow = (b1 ? 1 : 0) &+ (b2 ? 1 : 0)
        }
        let (t1, b1) = u[j + n].subtractingReportingOverflow(carry)
        let (t2, b2) = t1.subtractingReportingOverflow(borrow)
        u[j + n] = t2
        if b1 || b2 {
            // qhat was one too large: add v back.
            qhat &-= 1
            var c: UInt64 = 0
            for i in 0..<n {
                let (s1, o1) = u[i + j].addingReportingOverflow(v[i])
                let (s2, o2) = s1.addingReportingOverflow(c)
                u[i + j] = s2
                c = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            u[j + n] = u[j + n] &+ c
        }
        q[j] = qhat
    }
    // Denormalise the remainder.
    if shift != 0 {
        for i in 0..<(n - 1) { u[i] = (u[i] >> shift) | (u[i + 1] << (64 - shift)) }
        u[n - 1] >>= shift
    }
    for i in n...uCount { u[i] = 0 }
}
