import Primitives

// MODEXP (0x05): base^exp mod m on arbitrary-length big-endian integers.
//
// Input: three 32-byte lengths (base, exponent, modulus), then the three numbers, all read as if
// the input were right-padded with zeros forever. Declared lengths can be astronomically larger
// than the input, so nothing of declared size is allocated before gas is charged, and the
// exponent is never materialised at all: its bits are read straight from the input.
//
// Pricing: EIP-198 (Byzantium), EIP-2565 (Berlin), EIP-7883 (Osaka, with EIP-7823's 1024-byte cap
// on each length). All three use the "adjusted exponent length": the bit length of the first 32
// exponent bytes minus one, plus 8 (16 from Osaka) per exponent byte beyond 32.
//
// Arithmetic: numbers are little-endian UInt64 limb buffers sized to the modulus. An odd modulus
// uses Montgomery multiplication (FIOS); an even modulus q·2ᵏ (q odd) is split by the Chinese
// remainder theorem into a Montgomery exponentiation mod q and a truncated one mod 2ᵏ. Moduli
// below 2⁶⁴ (and such halves of the split) run in registers with 4-bit windows. Very short
// exponents (x², x³) skip Montgomery set-up and reduce a plain product by long division
// (Knuth's algorithm D), which is also how the base and R² mod m are reduced.

/// 0x05 MODEXP (EIP-198, repriced by EIP-2565 and EIP-7883, bounded by EIP-7823).
public struct ModExpPrecompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Computes base^exp mod m, left-padded to the declared modulus length.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        input.withUnsafeBytes { raw in
            let data = ModExpInput(raw)
            let baseLength = data.word(at: 0), expLength = data.word(at: 32), modLength = data.word(at: 64)
            if fork >= .osaka {
                let cap = UInt256(1024)
                guard baseLength <= cap, expLength <= cap, modLength <= cap else {
                    return .failure(.invalidInput("modexp: a length exceeds 1024 bytes (EIP-7823)"))
                }
            }
            let b = baseLength.clampedUInt64, e = expLength.clampedUInt64, m = modLength.clampedUInt64
            // The exponent's first (up to) 32 bytes, for pricing.
            let expOffset = 96 &+ b
            let headLength = Int(min(e, 32))
            // The word at the exponent's start, keeping only its first `headLength` bytes.
            let head = headLength == 0 ? UInt256.zero : data.word(at: expOffset) >> (8 * (32 - headLength))
            let cost = ModExpGas.cost(baseLength: b, expLength: e, modLength: m, expHead: head, fork: fork)
            guard cost <= gasLimit else { return .failure(.outOfGas) }
            if m == 0 { return .success(PrecompileOutput(gasUsed: cost, output: [])) }
            // With m > 0 every schedule prices max(b, m)², so paid gas bounds both sizes; the
            // exponent's size is bounded only linearly, which is why it is never allocated.
            let output = ModExpComputation.run(data: data, baseLength: b, expLength: e, modLength: m)
            return .success(PrecompileOutput(gasUsed: cost, output: output))
        }
    }
}

/// The input as an infinite byte string: bytes past the end read as zero.
struct ModExpInput {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The byte at `offset`, or 0 past the end.
    @inline(__always)
    func byte(at offset: UInt64) -> UInt8 {
        offset < UInt64(bytes.count) ? bytes[Int(offset)] : 0
    }

    /// The 32-byte big-endian word at `offset`.
    func word(at offset: UInt64) -> UInt256 {
        if offset <= UInt64(bytes.count), UInt64(bytes.count) - offset >= 32 {
            // SAFETY: the 32 bytes at offset lie inside the buffer (checked above).
            return UInt256(bigEndianWord: bytes.baseAddress! + Int(offset))
        }
        var w = UInt256.zero
        for i in 0..<32 { w = w << 8 | UInt256(UInt64(byte(at: offset &+ UInt64(i)))) }
        return w
    }
}

/// The three MODEXP gas schedules.
enum ModExpGas {
    /// Gas for the given lengths and exponent head (its first min(expLength, 32) bytes), saturating at UInt64.max.
    static func cost(baseLength b: UInt64, expLength e: UInt64, modLength m: UInt64, expHead: UInt256, fork: Fork) -> UInt64 {
        let maxLength = max(b, m)
        let headBits = UInt64(expHead.bitWidth)
        let perByte: UInt64 = fork >= .osaka ? 16 : 8
        var adjusted: UInt64 = e > 32 ? mulSat(perByte, e - 32) : 0
        if headBits > 0 { adjusted = addSat(adjusted, headBits - 1) }
        let iterations = max(adjusted, 1)

        if fork >= .osaka {
            // EIP-7883: complexity 16 up to 32 bytes, else 2·words²; no divisor; minimum 500.
            let words = maxLength / 8 + (maxLength % 8 == 0 ? 0 : 1)
            let complexity = maxLength <= 32 ? 16 : mulSat(2, mulSat(words, words))
            return max(500, mulSat(complexity, iterations))
        }
        if fork >= .berlin {
            // EIP-2565: complexity words²; divisor 3; minimum 200.
            let words = maxLength / 8 + (maxLength % 8 == 0 ? 0 : 1)
            let complexity = mulSat(words, words)
            let product = mulSat(complexity, iterations)
            return product == .max ? .max : max(200, product / 3)
        }
        // EIP-198: piecewise complexity on bytes; divisor 20; no minimum.
        let x = maxLength
        let complexity: UInt64
        if x <= 64 {
            complexity = x * x
        } else if x <= 1024 {
            complexity = x * x / 4 + 96 * x - 3072
        } else {
            let square = mulSat(x, x)
            complexity = square == .max ? .max : subSat(addSat(square / 16, mulSat(480, x)), 199_680)
        }
        // A saturated product stays saturated: dividing it would make an unaffordable call look affordable.
        let product = mulSat(complexity, iterations)
        return product == .max ? .max : product / 20
    }

    static func mulSat(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? .max : r
    }

    static func addSat(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? .max : r
    }

    static func subSat(_ a: UInt64, _ b: UInt64) -> UInt64 { a > b ? a - b : 0 }
}

/// The arithmetic of one MODEXP call, after gas has been paid.
enum ModExpComputation {
    /// base^exp mod m as `modLength` big-endian bytes.
    static func run(data: ModExpInput, baseLength: UInt64, expLength: UInt64, modLength: UInt64) -> [UInt8] {
        let modOffset = 96 &+ baseLength &+ expLength
        var out = [UInt8](repeating: 0, count: Int(modLength))
        let modulus = limbs(data, offset: modOffset, length: modLength)
        let n = modulus.count
        // m = 0 gives 0 (EIP-198); m = 1 gives 0 for every base and exponent.
        if n == 0 || (n == 1 && modulus[0] == 1) { return out }
        let base = limbs(data, offset: 96, length: baseLength)
        let exponent = ModExpExponent(data: data, offset: 96 &+ baseLength, length: expLength)

        var result = [UInt64](repeating: 0, count: n)
        result.withUnsafeMutableBufferPointer { r in
            modulus.withUnsafeBufferPointer { m in
                base.withUnsafeBufferPointer { b in
                    // SAFETY: every buffer lives for the duration of this closure; lengths are passed alongside.
                    power(result: r.baseAddress!, base: b.baseAddress!, baseCount: b.count,
                          exponent: exponent, modulus: m.baseAddress!, n: n)
                }
            }
        }
        // Big-endian, right-aligned in the declared modulus length.
        var i = 0
        while i < n * 8 && i < out.count {
            out[out.count - 1 - i] = UInt8(truncatingIfNeeded: result[i / 8] >> UInt64((i % 8) * 8))
            i += 1
        }
        return out
    }

    /// The big-endian number of `length` bytes at `offset` as little-endian limbs without
    /// leading zero limbs. Bytes past the input read as zero (they still shift the value left).
    static func limbs(_ data: ModExpInput, offset: UInt64, length: UInt64) -> [UInt64] {
        if length == 0 { return [] }
        let count = Int((length + 7) / 8)
        var out = [UInt64](repeating: 0, count: count)
        // Byte j from the end (j = 0 is least significant) sits at offset + length − 1 − j.
        let available = UInt64(data.bytes.count)
        let start = offset >= available ? length : 0  // every byte past the input is zero
        if start == 0 {
            for j in 0..<Int(length) {
                let position = offset &+ length &- 1 &- UInt64(j)
                let byte = data.byte(at: position)
                if byte != 0 { out[j / 8] |= UInt64(byte) << UInt64((j % 8) * 8) }
            }
        }
        while let last = out.last, last == 0 { out.removeLast() }
        return out
    }

    /// Dispatches to the cheapest method for this modulus and exponent.
    static func power(result: UnsafeMutablePointer<UInt64>, base: UnsafePointer<UInt64>, baseCount: Int,
                      exponent: ModExpExponent, modulus m: UnsafePointer<UInt64>, n: Int) {
        // Worst case (even modulus): about 14n limbs plus the base's reduction scratch.
        let arena = ModExpArena(capacity: 16 * n + baseCount + 32)
        defer { arena.free() }
        // b = base mod m.
        let b = arena.take(n)
        ModExpLimbs.remainder(b, base, baseCount, m, n, arena: arena)

        guard let first = exponent.firstSetBit else {
            // exp = 0: the result is 1 (m > 1 here).
            result.update(repeating: 0, count: n)
            result[0] = 1
            return
        }
        if n == 1 {
            result[0] = ModExpSingleLimb.power(b[0], exponent: exponent, from: first, modulus: m[0])
            return
        }
        let bits = exponent.bitCount - first
        if bits <= 2 || m[0] & 1 == 0 && bits <= 8 {
            // x, x², x³ and short exponents of even moduli: no set-up beats plain reduction.
            var domain = ModExpDivision(modulus: m, n: n)
            defer { domain.free() }
            exponentiate(&domain, base: b, exponent: exponent, from: first, into: result)
            return
        }
        if m[0] & 1 == 1 {
            var domain = ModExpMontgomery(modulus: m, n: n)
            defer { domain.free() }
            let bm = arena.take(n)
            domain.enter(bm, b)
            let acc = arena.take(n)
            exponentiate(&domain, base: bm, exponent: exponent, from: first, into: acc)
            domain.leave(result, acc)
            return
        }
        // Even modulus m = q·2ᵏ: combine b^e mod q and b^e mod 2ᵏ.
        var k = 0
        while m[k / 64] >> UInt64(k % 64) & 1 == 0 { k += 1 }
        let t = (k + 63) / 64  // limbs of 2ᵏ
        let q = arena.take(n)
        ModExpLimbs.shiftRight(q, m, n, by: k)
        var qn = n
        while qn > 0 && q[qn - 1] == 0 { qn -= 1 }

        // x2 = b^e mod 2ᵏ (computed mod 2^(64t), masked at the end).
        let x2 = arena.take(t)
        if t == 1 {
            // One limb: wrapping UInt64 products in registers.
            x2[0] = ModExpSingleLimb.windowedPower(base: b[0], one: 1, exponent: exponent, from: first, multiply: { $0 &* $1 })
        } else {
            var low = ModExpPowerOfTwo(n: t)
            defer { low.free() }
            let bLow = arena.take(t)
            for i in 0..<t { bLow[i] = i < n ? b[i] : 0 }
            exponentiate(&low, base: bLow, exponent: exponent, from: first, into: x2)
        }
        if k % 64 != 0 { x2[t - 1] &= (1 << UInt64(k % 64)) - 1 }

        if qn == 1 && q[0] == 1 {
            // m is a power of two.
            result.update(repeating: 0, count: n)
            for i in 0..<t { result[i] = x2[i] }
            return
        }

        // x1 = b^e mod q.
        let x1 = arena.take(n)
        x1.update(repeating: 0, count: n)
        let bq = arena.take(qn)
        ModExpLimbs.remainder(bq, b, n, q, qn, arena: arena)
        if qn == 1 {
            // An odd part below 2⁶⁴ (q > 1 here): single-limb Montgomery in registers.
            x1[0] = ModExpSingleLimb.power(bq[0], exponent: exponent, from: first, modulus: q[0])
        } else {
            var odd = ModExpMontgomery(modulus: q, n: qn)
            defer { odd.free() }
            let bm = arena.take(qn), acc = arena.take(qn)
            odd.enter(bm, bq)
            exponentiate(&odd, base: bm, exponent: exponent, from: first, into: acc)
            odd.leave(x1, acc)
        }

        // h = (x2 − x1)·q⁻¹ mod 2ᵏ, by Hensel lifting one limb at a time; result = x1 + q·h.
        let d = arena.take(t), h = arena.take(t)
        var borrow = false
        for i in 0..<t {
            let (s1, o1) = x2[i].subtractingReportingOverflow(i < qn ? x1[i] : 0)
            let (s2, o2) = s1.subtractingReportingOverflow(borrow ? 1 : 0)
            d[i] = s2; borrow = o1 || o2
        }
        let qInverse = ModExpLimbs.inverse64(q[0])
        for i in 0..<t {
            let hi = d[i] &* qInverse
            h[i] = hi
            // d −= hi·q·2^(64i), truncated to t limbs.
            var carry: UInt64 = 0, borrowBit: UInt64 = 0
            for j in 0..<(t - i) {
                let (ph, pl) = j < qn ? hi.multipliedFullWidth(by: q[j]) : (0, 0)
                let (lo, c1) = pl.addingReportingOverflow(carry)
                carry = ph &+ (c1 ? 1 : 0)
                let (s1, o1) = d[i + j].subtractingReportingOverflow(lo)
                let (s2, o2) = s1.subtractingReportingOverflow(borrowBit)
                d[i + j] = s2
                borrowBit = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
        }
        if k % 64 != 0 { h[t - 1] &= (1 << UInt64(k % 64)) - 1 }
        // result = x1 + q·h (< q·2ᵏ = m, so it fits n limbs).
        let product = arena.take(qn + t)
        ModExpLimbs.multiply(product, q, qn, h, t)
        var carry = false
        for i in 0..<n {
            let p = i < qn + t ? product[i] : 0
            let (s1, o1) = p.addingReportingOverflow(x1[i])
            let (s2, o2) = s1.addingReportingOverflow(carry ? 1 : 0)
            result[i] = s2; carry = o1 || o2
        }
    }

    /// Left-to-right fixed-window exponentiation in `domain`, from the first set exponent bit.
    static func exponentiate<D: ModExpDomain>(_ domain: inout D, base: UnsafePointer<UInt64>,
                                               exponent: ModExpExponent, from first: UInt64,
                                               into acc: UnsafeMutablePointer<UInt64>) {
        let n = domain.n
        let bits = exponent.bitCount - first
        let window: UInt64 = bits < 8 ? 1 : bits < 64 ? 3 : bits < 256 ? 4 : 5
        let tableSize = 1 << Int(window)
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: tableSize * n)
        defer { table.deallocate() }
        // SAFETY: entry i occupies table[i·n ..< (i+1)·n]; all are written before use.
        domain.setOne(table)
        table.advanced(by: n).update(from: base, count: n)
        for i in 2..<max(tableSize, 2) where i < tableSize {
            domain.multiply(table + i * n, table + (i - 1) * n, base)
        }
        var position = first
        var started = false
        while position < exponent.bitCount {
            let width = min(window, exponent.bitCount - position)
            var index = 0
            for j in 0..<width {
                if started { domain.multiply(acc, acc, acc) }
                index = index << 1 | Int(exponent.bit(position + j))
            }
            if !started {
                acc.update(from: table + index * n, count: n)
                started = true
            } else if index != 0 {
                domain.multiply(acc, acc, table + index * n)
            }
            position += width
        }
    }
}

/// Moduli below 2⁶⁴, in registers: Montgomery for the odd part, wrapping products for 2ᵏ.
enum ModExpSingleLimb {
    /// b^e mod m for b < m, m > 1, e ≠ 0 (its first set bit at `first`).
    static func power(_ b: UInt64, exponent: ModExpExponent, from first: UInt64, modulus m: UInt64) -> UInt64 {
        let k = UInt64(m.trailingZeroBitCount)
        let q = m >> k
        // x1 = b^e mod q.
        var x1: UInt64 = 0
        if q > 1 {
            let qInverse = 0 &- ModExpLimbs.inverse64(q)
            @inline(__always) func montMul(_ a: UInt64, _ c: UInt64) -> UInt64 {
                let t = UInt128(a) &* UInt128(c)
                let u = UInt64(truncatingIfNeeded: t) &* qInverse
                // t + u·q < 2¹²⁸ + 2¹²⁸, so keep the carry out of the top.
                let (sum, overflow) = t.addingReportingOverflow(UInt128(u) &* UInt128(q))
                var r = UInt128(UInt64(truncatingIfNeeded: sum >> 64))
                if overflow { r |= UInt128(1) << 64 }
                return r >= UInt128(q) ? UInt64(truncatingIfNeeded: r &- UInt128(q)) : UInt64(truncatingIfNeeded: r)
            }
            // R mod q and R² mod q, R = 2⁶⁴.
            let rModQ = UInt64(truncatingIfNeeded: (UInt128(1) << 64) % UInt128(q))
            let r2 = UInt64(truncatingIfNeeded: (UInt128(rModQ) &* UInt128(rModQ)) % UInt128(q))
            let one = rModQ
            let bm = montMul(b % q, r2)
            x1 = montMul(windowedPower(base: bm, one: one, exponent: exponent, from: first, multiply: montMul), 1)
        }
        if k == 0 { return x1 }
        // x2 = b^e mod 2ᵏ.
        let mask: UInt64 = k == 64 ? .max : (1 << k) - 1
        let x2 = windowedPower(base: b, one: 1, exponent: exponent, from: first, multiply: { $0 &* $1 }) & mask
        if q == 1 { return x2 }
        // Chinese remainder: x1 + q·((x2 − x1)·q⁻¹ mod 2ᵏ) < q·2ᵏ = m.
        let h = ((x2 &- x1) &* ModExpLimbs.inverse64(q)) & mask
        return x1 &+ q &* h
    }
}

extension ModExpSingleLimb {
    /// base^e by 4-bit fixed windows: four squarings and one table product per window, with
    /// table[0] = 1 so that no branch depends on exponent bits.
    @inline(__always)
    static func windowedPower(base: UInt64, one: UInt64, exponent: ModExpExponent, from first: UInt64,
                              multiply: (UInt64, UInt64) -> UInt64) -> UInt64 {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 16) { table in
            // SAFETY: all 16 entries are initialised before any read.
            table.initializeElement(at: 0, to: one)
            for i in 1..<16 { table.initializeElement(at: i, to: multiply(table[i - 1], base)) }
            var acc = one
            var position = first
            let end = exponent.bitCount
            // A leading partial window so that the rest are whole.
            let lead = (end - first) % 4
            if lead != 0 {
                var index = 0
                for j in 0..<lead { index = index << 1 | Int(exponent.bit(position + j)) }
                acc = table[index]
                position += lead
            }
            while position < end {
                let index = exponent.nibble(at: position)
                acc = multiply(acc, acc)
                acc = multiply(acc, acc)
                acc = multiply(acc, acc)
                acc = multiply(acc, acc)
                acc = multiply(acc, table[index])
                position += 4
            }
            return acc
        }
    }
}

/// The exponent's bits, most significant first, read from the padded input on demand.
struct ModExpExponent {
    let data: ModExpInput
    let offset: UInt64
    let length: UInt64

    /// 8 × the declared byte length (saturating; gas has already bounded it).
    var bitCount: UInt64 { ModExpGas.mulSat(length, 8) }

    /// Bit `i`, counting from the most significant bit of the declared length.
    @inline(__always)
    func bit(_ i: UInt64) -> UInt64 {
        UInt64(data.byte(at: offset &+ i / 8) >> (7 - UInt8(i % 8))) & 1
    }

    /// The four bits starting at `i` as a number (i must be a multiple of 4 away from the end,
    /// so the nibble never straddles a byte).
    @inline(__always)
    func nibble(at i: UInt64) -> Int {
        let byte = data.byte(at: offset &+ i / 8)
        return Int(i % 8 == 0 ? byte >> 4 : byte & 0xF)
    }

    /// The index of the first set bit; nil for a zero exponent. Only bytes inside the input can be non-zero.
    var firstSetBit: UInt64? {
        let available = UInt64(data.bytes.count)
        var i: UInt64 = 0
        while i < length && offset &+ i < available {
            let byte = data.byte(at: offset + i)
            if byte != 0 { return i * 8 + UInt64(byte.leadingZeroBitCount) }
            i += 1
        }
        return nil
    }
}

/// A bump allocator of limbs for one call, freed at once.
struct ModExpArena {
    let base: UnsafeMutablePointer<UInt64>
    let capacity: Int
    private let used: UnsafeMutablePointer<Int>

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
        base.initialize(repeating: 0, count: capacity)
        used = .allocate(capacity: 1)
        used.initialize(to: 0)
    }

    /// `count` zeroed limbs; callers size the arena for their worst case.
    func take(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        precondition(used.pointee + count <= capacity, "limb arena exhausted")
        // SAFETY: the slice [used, used + count) is inside the allocation and handed out once.
        let p = base + used.pointee
        used.pointee += count
        p.update(repeating: 0, count: count)
        return p
    }

    func free() {
        base.deallocate()
        used.deallocate()
    }
}

/// Where exponentiation happens: a representation of Z/m with a product.
protocol ModExpDomain {
    /// ModExpLimbs per element.
    var n: Int { get }
    /// r = a·b in the domain; r may alias a or b.
    mutating func multiply(_ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>)
    /// r = the domain's 1.
    func setOne(_ r: UnsafeMutablePointer<UInt64>)
}

/// Montgomery form modulo an odd m: x ↦ x·R mod m with R = 2^(64n); products by CIOS.
struct ModExpMontgomery: ModExpDomain {
    let m: UnsafePointer<UInt64>
    let n: Int
    /// −m⁻¹ mod 2⁶⁴.
    let mInverse: UInt64
    /// n + 2 limbs of running sum (n + 1 used), and R² mod m.
    let t: UnsafeMutablePointer<UInt64>
    let r2: UnsafeMutablePointer<UInt64>

    init(modulus m: UnsafePointer<UInt64>, n: Int) {
        self.m = m
        self.n = n
        mInverse = 0 &- ModExpLimbs.inverse64(m[0])
        t = .allocate(capacity: n + 2)
        t.initialize(repeating: 0, count: n + 2)
        r2 = .allocate(capacity: n)
        r2.initialize(repeating: 0, count: n)
        // R² mod m: divide 2^(128n) by m.
        let wide = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * n + 1)
        defer { wide.deallocate() }
        wide.initialize(repeating: 0, count: 2 * n + 1)
        wide[2 * n] = 1
        let arena = ModExpArena(capacity: 4 * n + 8)
        defer { arena.free() }
        ModExpLimbs.remainder(r2, wide, 2 * n + 1, m, n, arena: arena)
    }

    func free() {
        t.deallocate()
        r2.deallocate()
    }

    /// r = a·R mod m for a < m.
    mutating func enter(_ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>) {
        multiply(r, a, UnsafePointer(r2))
    }

    /// r = a·R⁻¹ mod m (the plain value), fully reduced.
    mutating func leave(_ r: UnsafeMutablePointer<UInt64>, _ a: UnsafeMutablePointer<UInt64>) {
        let one = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        defer { one.deallocate() }
        one.initialize(repeating: 0, count: n)
        one[0] = 1
        multiply(r, UnsafePointer(a), UnsafePointer(one))
    }

    func setOne(_ r: UnsafeMutablePointer<UInt64>) {
        // R mod m = (R² mod m)·R⁻¹: compute by a Montgomery product with 1.
        var copy = self
        let one = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        defer { one.deallocate() }
        one.initialize(repeating: 0, count: n)
        one[0] = 1
        copy.multiply(r, UnsafePointer(r2), UnsafePointer(one))
    }

    /// r = a·b·R⁻¹ mod m, finely integrated operand scanning; result < m.
    mutating func multiply(_ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>) {
        // SAFETY: a, b, r and m hold n limbs, t holds n + 2; r is written only after the loop,
        // so it may alias a or b.
        let n = self.n, t = self.t, m = self.m, mInverse = self.mInverse
        // One fused pass per limb of b (FIOS): t = (t + a·b[i] + q·m) / 2⁶⁴, with q chosen from
        // the low limb so that it vanishes. Two carry chains, c1 for a·b[i] and c2 for q·m; the
        // 128-bit accumulators let LLVM emit mul/add/adc. The first pass treats t as zero, which
        // saves clearing it (a memset call per product, noticeable for small moduli).
        @inline(__always) func pass(_ i: Int, first: Bool) {
            let bi = UInt128(b[i])
            var v = UInt128(a[0]) &* bi &+ UInt128(first ? 0 : t[0])
            let q = UInt128(UInt64(truncatingIfNeeded: v) &* mInverse)
            var w = q &* UInt128(m[0]) &+ UInt128(UInt64(truncatingIfNeeded: v))
            var c1 = v >> 64, c2 = w >> 64
            var j = 1
            while j < n {
                v = UInt128(a[j]) &* bi &+ UInt128(first ? 0 : t[j]) &+ c1
                c1 = v >> 64
                w = q &* UInt128(m[j]) &+ UInt128(UInt64(truncatingIfNeeded: v)) &+ c2
                c2 = w >> 64
                t[j - 1] = UInt64(truncatingIfNeeded: w)
                j += 1
            }
            let top = UInt128(first ? 0 : t[n]) &+ c1 &+ c2
            t[n - 1] = UInt64(truncatingIfNeeded: top)
            t[n] = UInt64(truncatingIfNeeded: top >> 64)
        }
        pass(0, first: true)
        var i = 1
        while i < n {
            pass(i, first: false)
            i += 1
        }
        // t < 2m: subtract m once if t ≥ m.
        var ge = t[n] != 0
        if !ge {
            ge = true
            var i = n - 1
            while i >= 0 {
                if t[i] != m[i] { ge = t[i] > m[i]; break }
                i -= 1
            }
        }
        if ge {
            var borrow = false
            for i in 0..<n {
                let (d1, o1) = t[i].subtractingReportingOverflow(m[i])
                let (d2, o2) = d1.subtractingReportingOverflow(borrow ? 1 : 0)
                r[i] = d2; borrow = o1 || o2
            }
        } else {
            for i in 0..<n { r[i] = t[i] }
        }
    }
}

/// Plain residues modulo any m: product, then long division.
struct ModExpDivision: ModExpDomain {
    let m: UnsafePointer<UInt64>
    let n: Int
    let product: UnsafeMutablePointer<UInt64>
    let arena: ModExpArena

    init(modulus m: UnsafePointer<UInt64>, n: Int) {
        self.m = m
        self.n = n
        product = .allocate(capacity: 2 * n)
        product.initialize(repeating: 0, count: 2 * n)
        arena = ModExpArena(capacity: 4 * n + 8)
    }

    func free() {
        product.deallocate()
        arena.free()
    }

    func setOne(_ r: UnsafeMutablePointer<UInt64>) {
        r.update(repeating: 0, count: n)
        r[0] = 1
    }

    mutating func multiply(_ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>) {
        ModExpLimbs.multiply(product, a, n, b, n)
        arena.reset()
        ModExpLimbs.remainder(r, UnsafePointer(product), 2 * n, m, n, arena: arena)
    }
}

/// Residues modulo 2^(64n): products truncated to n limbs.
struct ModExpPowerOfTwo: ModExpDomain {
    let n: Int
    let scratch: UnsafeMutablePointer<UInt64>

    init(n: Int) {
        self.n = n
        scratch = .allocate(capacity: n)
        scratch.initialize(repeating: 0, count: n)
    }

    func free() { scratch.deallocate() }

    func setOne(_ r: UnsafeMutablePointer<UInt64>) {
        r.update(repeating: 0, count: n)
        r[0] = 1
    }

    mutating func multiply(_ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>) {
        // SAFETY: the product is accumulated in scratch, so r may alias a or b.
        scratch.update(repeating: 0, count: n)
        for i in 0..<n {
            var carry: UInt128 = 0
            let ai = UInt128(a[i])
            for j in 0..<(n - i) {
                let v = ai &* UInt128(b[j]) &+ UInt128(scratch[i + j]) &+ carry
                scratch[i + j] = UInt64(truncatingIfNeeded: v)
                carry = v >> 64
            }
        }
        r.update(from: scratch, count: n)
    }
}

extension ModExpArena {
    /// Forgets every allocation (the memory is reused).
    func reset() { used.pointee = 0 }
}

/// Multi-limb primitives on little-endian UInt64 buffers.
enum ModExpLimbs {
    /// x⁻¹ mod 2⁶⁴ for odd x (Newton iteration: each step doubles the correct bits).
    static func inverse64(_ x: UInt64) -> UInt64 {
        var y: UInt64 = x  // correct to 3 bits for odd x
        for _ in 0..<5 { y = y &* (2 &- x &* y) }
        return y
    }

    /// r[0 ..< an + bn] = a·b.
    static func multiply(_ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>, _ an: Int,
                         _ b: UnsafePointer<UInt64>, _ bn: Int) {
        // SAFETY: r has an + bn limbs and does not alias a or b.
        r.update(repeating: 0, count: an + bn)
        for i in 0..<an {
            let ai = UInt128(a[i])
            if ai == 0 { continue }
            var carry: UInt128 = 0
            for j in 0..<bn {
                let v = ai &* UInt128(b[j]) &+ UInt128(r[i + j]) &+ carry
                r[i + j] = UInt64(truncatingIfNeeded: v)
                carry = v >> 64
            }
            r[i + bn] = UInt64(truncatingIfNeeded: carry)
        }
    }

    /// r[0 ..< n] = a[0 ..< n] >> k for k < 64n.
    static func shiftRight(_ r: UnsafeMutablePointer<UInt64>, _ a: UnsafePointer<UInt64>, _ n: Int, by k: Int) {
        let limbs = k / 64, bits = UInt64(k % 64)
        for i in 0..<n {
            let lo = i + limbs < n ? a[i + limbs] : 0
            let hi = i + limbs + 1 < n ? a[i + limbs + 1] : 0
            r[i] = bits == 0 ? lo : (lo >> bits) | (hi << (64 - bits))
        }
    }

    /// r[0 ..< vn] = u mod v, for v with a non-zero top limb (Knuth, TAOCP vol. 2, 4.3.1,
    /// algorithm D, with 64-bit digits).
    static func remainder(_ r: UnsafeMutablePointer<UInt64>, _ u: UnsafePointer<UInt64>, _ un: Int,
                          _ v: UnsafePointer<UInt64>, _ vn: Int, arena: ModExpArena) {
        // SAFETY: r has vn limbs; u has un limbs; scratch comes from the arena (un + vn + 1 limbs).
        var ulen = un
        while ulen > 0 && u[ulen - 1] == 0 { ulen -= 1 }
        r.update(repeating: 0, count: vn)
        if ulen < vn || (ulen == vn && !greaterOrEqual(u, v, vn)) {
            for i in 0..<ulen { r[i] = u[i] }
            return
        }
        if vn == 1 {
            var rem: UInt64 = 0
            var i = ulen - 1
            while i >= 0 {
                rem = v[0].dividingFullWidth((rem, u[i])).remainder
                i -= 1
            }
            r[0] = rem
            return
        }
        // Normalise so the divisor's top bit is set.
        let s = UInt64(v[vn - 1].leadingZeroBitCount)
        let vs = arena.take(vn), us = arena.take(ulen + 1)
        for i in stride(from: vn - 1, to: 0, by: -1) { vs[i] = s == 0 ? v[i] : (v[i] << s) | (v[i - 1] >> (64 - s)) }
        vs[0] = v[0] << s
        us[ulen] = s == 0 ? 0 : u[ulen - 1] >> (64 - s)
        for i in stride(from: ulen - 1, to: 0, by: -1) { us[i] = s == 0 ? u[i] : (u[i] << s) | (u[i - 1] >> (64 - s)) }
        us[0] = u[0] << s
        let vTop = vs[vn - 1], vNext = vs[vn - 2]
        var j = ulen - vn
        while j >= 0 {
            // Estimate q̂ from the top two dividend digits, then correct it with the next one.
            let uTop = us[j + vn], uNext = us[j + vn - 1]
            var qhat: UInt64, rhat: UInt64
            var rhatOverflow = false
            if uTop >= vTop {
                qhat = .max
                let (s1, o) = uNext.addingReportingOverflow(vTop)
                rhat = s1
                rhatOverflow = o || uTop > vTop
            } else {
                (qhat, rhat) = vTop.dividingFullWidth((uTop, uNext))
            }
            while !rhatOverflow {
                let (ph, pl) = qhat.multipliedFullWidth(by: vNext)
                if ph > rhat || (ph == rhat && pl > us[j + vn - 2]) {
                    qhat -= 1
                    let (s1, o) = rhat.addingReportingOverflow(vTop)
                    rhat = s1
                    rhatOverflow = o
                } else {
                    break
                }
            }
            // us[j ..< j+vn+1] −= q̂·vs.
            var carry: UInt128 = 0, borrow: UInt128 = 0
            let q128 = UInt128(qhat)
            for i in 0..<vn {
                let product = q128 &* UInt128(vs[i]) &+ carry
                carry = product >> 64
                // The difference's top bit marks a borrow (both operands are below 2⁶⁴ + 1).
                let d = UInt128(us[i + j]) &- (product & 0xFFFF_FFFF_FFFF_FFFF) &- borrow
                us[i + j] = UInt64(truncatingIfNeeded: d)
                borrow = d >> 127
            }
            let d = UInt128(us[j + vn]) &- carry &- borrow
            us[j + vn] = UInt64(truncatingIfNeeded: d)
            if d >> 127 != 0 {
                // q̂ was one too large (probability ~2/2⁶⁴): add the divisor back.
                var c = false
                for i in 0..<vn {
                    let (s1, a1) = us[i + j].addingReportingOverflow(vs[i])
                    let (s2, a2) = s1.addingReportingOverflow(c ? 1 : 0)
                    us[i + j] = s2; c = a1 || a2
                }
                us[j + vn] = us[j + vn] &+ (c ? 1 : 0)
            }
            j -= 1
        }
        // Denormalise the remainder.
        for i in 0..<vn {
            r[i] = s == 0 ? us[i] : (us[i] >> s) | (i + 1 < vn + 1 ? us[i + 1] << (64 - s) : 0)
        }
    }

    /// a ≥ b for n-limb numbers.
    static func greaterOrEqual(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, _ n: Int) -> Bool {
        var i = n - 1
        while i >= 0 {
            if a[i] != b[i] { return a[i] > b[i] }
            i -= 1
        }
        return true
    }
}
