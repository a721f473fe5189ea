// Word-level helpers for the Montgomery arithmetic in FpArithmetic.swift / FrArithmetic.swift.
// Each is a handful of instructions and always inlined; none allocates.

/// a + b + carry → (sum, carry out ∈ {0, 1}); carry must be 0 or 1.
/// Written on UInt128 so that LLVM emits add-with-carry chains.
@inlinable @inline(__always)
func adc(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let t = UInt128(a) &+ UInt128(b) &+ UInt128(carry)
    return (UInt64(truncatingIfNeeded: t), UInt64(truncatingIfNeeded: t >> 64))
}

/// a − b − borrow → (difference, borrow out ∈ {0, 1}); borrow must be 0 or 1.
@inlinable @inline(__always)
func sbb(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
    let t = UInt128(a) &- UInt128(b) &- UInt128(borrow)
    return (UInt64(truncatingIfNeeded: t), UInt64(truncatingIfNeeded: t >> 64) & 1)
}

/// High word of a·b + c.
@inlinable @inline(__always)
func madd0(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
    let t = UInt128(a) &* UInt128(b) &+ UInt128(c)
    return UInt64(truncatingIfNeeded: t >> 64)
}

/// a·b + c → (high, low).
@inlinable @inline(__always)
func madd1(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> (UInt64, UInt64) {
    let t = UInt128(a) &* UInt128(b) &+ UInt128(c)
    return (UInt64(truncatingIfNeeded: t >> 64), UInt64(truncatingIfNeeded: t))
}

/// a·b + c + d → (high, low); cannot overflow 128 bits.
@inlinable @inline(__always)
func madd2(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (UInt64, UInt64) {
    let t = UInt128(a) &* UInt128(b) &+ UInt128(c) &+ UInt128(d)
    return (UInt64(truncatingIfNeeded: t >> 64), UInt64(truncatingIfNeeded: t))
}

/// Reads 8 big-endian bytes at `offset` of `bytes`.
@inline(__always)
func readWordBE(_ bytes: ArraySlice<UInt8>, _ offset: Int) -> UInt64 {
    var v: UInt64 = 0
    let base = bytes.startIndex + offset
    for i in 0..<8 { v = (v << 8) | UInt64(bytes[base + i]) }
    return v
}

/// Appends `v` as 8 big-endian bytes.
@inline(__always)
func appendWordBE(_ v: UInt64, to out: inout [UInt8]) {
    for i in (0..<8).reversed() { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
}
