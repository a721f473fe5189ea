// BLS12-381 base-field multiplication with MULX/ADCX/ADOX (BMI2 + ADX): two independent carry chains
// (CF for the low halves, OF for the high halves of the 64×64 products) let each row of a 6×6 product
// run without serialising on one flag, which is what makes this faster than the UInt128 code in Swift
// (LLVM cannot emit ADCX/ADOX from portable code). Structure: operand-scanning Montgomery (CIOS) with
// the row for b[i] and the reduction by m·p interleaved; the 7th limb holds the carries, so no final
// carry word is needed (p < 2^382 leaves spare bits, every intermediate stays below 2^448).
#include "cbls_field.h"

int cbls_fast_flag = 0;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <cpuid.h>

/// p (limbs 0..5) and −p⁻¹ mod 2^64 (limb 6), read by the assembly through one base register.
static const uint64_t P[7] = {
    0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
    0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL,
    0x89f3fffcfffcfffdULL,
};

/// CPUID leaf 7: EBX bit 8 = BMI2 (MULX), bit 19 = ADX (ADCX/ADOX). Plain GPR instructions: no OS
/// support (XSAVE) is involved, so the CPUID bits alone decide.
static int cpu_has_bmi2_adx(void) {
    unsigned eax, ebx, ecx, edx;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & (1u << 8)) && (ebx & (1u << 19));
}

__attribute__((constructor)) static void cbls_detect(void) {
    __atomic_store_n(&cbls_fast_flag, cpu_has_bmi2_adx(), __ATOMIC_RELAXED);
}

int cbls_fast_supported(void) { return cpu_has_bmi2_adx(); }

void cbls_set_fast_enabled(int enabled) {
    __atomic_store_n(&cbls_fast_flag, enabled && cpu_has_bmi2_adx(), __ATOMIC_RELAXED);
}

#define R(x) "%[" #x "]"

// r0..r6 += rdx·a (r6 must be zero on entry): low halves on CF, high halves on OF. Clobbers lo, hi.
#define MULADD(r0, r1, r2, r3, r4, r5, r6) \
    "mulxq 0(%[a]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r0) "\n\t adoxq " R(hi) ", " R(r1) "\n\t" \
    "mulxq 8(%[a]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r1) "\n\t adoxq " R(hi) ", " R(r2) "\n\t" \
    "mulxq 16(%[a]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r2) "\n\t adoxq " R(hi) ", " R(r3) "\n\t" \
    "mulxq 24(%[a]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r3) "\n\t adoxq " R(hi) ", " R(r4) "\n\t" \
    "mulxq 32(%[a]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r4) "\n\t adoxq " R(hi) ", " R(r5) "\n\t" \
    "mulxq 40(%[a]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r5) "\n\t adoxq " R(hi) ", " R(r6) "\n\t" \
    "adcq $0, " R(r6) "\n\t"

// Row i of a·b into a fresh window: r6 ← 0 (which also clears CF and OF), then r0..r6 += b[i]·a.
#define ROW(off, r0, r1, r2, r3, r4, r5, r6) \
    "movq " #off "(%[b]), %%rdx\n\t xorq " R(r6) ", " R(r6) "\n\t" MULADD(r0, r1, r2, r3, r4, r5, r6)

// r0..r6 += m·p with m = r0·(−p⁻¹) mod 2^64, which clears r0 (the window then shifts by one limb).
#define REDUCE(r0, r1, r2, r3, r4, r5, r6) \
    "movq " R(r0) ", %%rdx\n\t imulq 48(%[p]), %%rdx\n\t xorq " R(lo) ", " R(lo) "\n\t" \
    "mulxq 0(%[p]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r0) "\n\t adoxq " R(hi) ", " R(r1) "\n\t" \
    "mulxq 8(%[p]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r1) "\n\t adoxq " R(hi) ", " R(r2) "\n\t" \
    "mulxq 16(%[p]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r2) "\n\t adoxq " R(hi) ", " R(r3) "\n\t" \
    "mulxq 24(%[p]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r3) "\n\t adoxq " R(hi) ", " R(r4) "\n\t" \
    "mulxq 32(%[p]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r4) "\n\t adoxq " R(hi) ", " R(r5) "\n\t" \
    "mulxq 40(%[p]), " R(lo) ", " R(hi) "\n\t adcxq " R(lo) ", " R(r5) "\n\t adoxq " R(hi) ", " R(r6) "\n\t" \
    "adcq $0, " R(r6) "\n\t"

/// x ← x − p when x ≥ p, for x < 2p, without a branch (the comparison outcome is data-dependent).
static inline __attribute__((always_inline)) void cond_sub_p(uint64_t x[6]) {
    uint64_t s0, s1, s2, s3, s4, s5;
    __asm__(
        "movq %[x0], %[s0]\n\t subq 0(%[p]), %[s0]\n\t"
        "movq %[x1], %[s1]\n\t sbbq 8(%[p]), %[s1]\n\t"
        "movq %[x2], %[s2]\n\t sbbq 16(%[p]), %[s2]\n\t"
        "movq %[x3], %[s3]\n\t sbbq 24(%[p]), %[s3]\n\t"
        "movq %[x4], %[s4]\n\t sbbq 32(%[p]), %[s4]\n\t"
        "movq %[x5], %[s5]\n\t sbbq 40(%[p]), %[s5]\n\t"
        "cmovncq %[s0], %[x0]\n\t cmovncq %[s1], %[x1]\n\t cmovncq %[s2], %[x2]\n\t"
        "cmovncq %[s3], %[x3]\n\t cmovncq %[s4], %[x4]\n\t cmovncq %[s5], %[x5]\n\t"
        : [x0] "+r"(x[0]), [x1] "+r"(x[1]), [x2] "+r"(x[2]), [x3] "+r"(x[3]), [x4] "+r"(x[4]), [x5] "+r"(x[5]),
          [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3), [s4] "=&r"(s4), [s5] "=&r"(s5)
        : [p] "r"(P)
        : "cc");
}

/// Row 0 of a product into an empty window t0..t6: a[0..5]·b[0] as a plain add chain (operands
/// named as in the asm blocks that use it).
#define ROW0 \
    "movq 0(%[b]), %%rdx\n\t" \
    "mulxq 0(%[a]), " R(t0) ", " R(t1) "\n\t" \
    "mulxq 8(%[a]), " R(lo) ", " R(t2) "\n\t addq " R(lo) ", " R(t1) "\n\t" \
    "mulxq 16(%[a]), " R(lo) ", " R(t3) "\n\t adcq " R(lo) ", " R(t2) "\n\t" \
    "mulxq 24(%[a]), " R(lo) ", " R(t4) "\n\t adcq " R(lo) ", " R(t3) "\n\t" \
    "mulxq 32(%[a]), " R(lo) ", " R(t5) "\n\t adcq " R(lo) ", " R(t4) "\n\t" \
    "mulxq 40(%[a]), " R(lo) ", " R(t6) "\n\t adcq " R(lo) ", " R(t5) "\n\t" \
    "adcq $0, " R(t6) "\n\t"

/// Montgomery product a·b·2^-384 mod p, for a < 2p, b < p (result < p).
static inline __attribute__((always_inline)) void mont_mul(uint64_t out[6], const uint64_t *a, const uint64_t *b) {
    uint64_t t0, t1, t2, t3, t4, t5, t6, lo, hi;
    __asm__(
        // Row 0 into an empty window: a plain add chain, then the first reduction.
        ROW0
        REDUCE(t0, t1, t2, t3, t4, t5, t6)
        // Each round the window rotates one register: the cleared low limb becomes the new top.
        ROW(8, t1, t2, t3, t4, t5, t6, t0)   REDUCE(t1, t2, t3, t4, t5, t6, t0)
        ROW(16, t2, t3, t4, t5, t6, t0, t1)  REDUCE(t2, t3, t4, t5, t6, t0, t1)
        ROW(24, t3, t4, t5, t6, t0, t1, t2)  REDUCE(t3, t4, t5, t6, t0, t1, t2)
        ROW(32, t4, t5, t6, t0, t1, t2, t3)  REDUCE(t4, t5, t6, t0, t1, t2, t3)
        ROW(40, t5, t6, t0, t1, t2, t3, t4)  REDUCE(t5, t6, t0, t1, t2, t3, t4)
        : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),
          [t6] "=&r"(t6), [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [a] "r"(a), [b] "r"(b), [p] "r"(P)
        : "rdx", "cc", "memory");
    out[0] = t6; out[1] = t0; out[2] = t1; out[3] = t2; out[4] = t3; out[5] = t4;
    cond_sub_p(out);
}

/// The full 768-bit product a·b (operands below 2^382).
static inline __attribute__((always_inline)) void mul_384(uint64_t out[12], const uint64_t *a, const uint64_t *b) {
    uint64_t t0, t1, t2, t3, t4, t5, t6, lo, hi;
    __asm__(
        ROW0
        // After each row the lowest limb is final: store it and reuse its register as the new top.
        "movq " R(t0) ", 0(%[out])\n\t"  ROW(8, t1, t2, t3, t4, t5, t6, t0)
        "movq " R(t1) ", 8(%[out])\n\t"  ROW(16, t2, t3, t4, t5, t6, t0, t1)
        "movq " R(t2) ", 16(%[out])\n\t" ROW(24, t3, t4, t5, t6, t0, t1, t2)
        "movq " R(t3) ", 24(%[out])\n\t" ROW(32, t4, t5, t6, t0, t1, t2, t3)
        "movq " R(t4) ", 32(%[out])\n\t" ROW(40, t5, t6, t0, t1, t2, t3, t4)
        "movq " R(t5) ", 40(%[out])\n\t movq " R(t6) ", 48(%[out])\n\t movq " R(t0) ", 56(%[out])\n\t"
        "movq " R(t1) ", 64(%[out])\n\t movq " R(t2) ", 72(%[out])\n\t movq " R(t3) ", 80(%[out])\n\t"
        "movq " R(t4) ", 88(%[out])\n\t"
        : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),
          [t6] "=&r"(t6), [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [a] "r"(a), [b] "r"(b), [out] "r"(out)
        : "rdx", "cc", "memory");
}

/// Montgomery reduction x·2^-384 mod p of x < p·2^384: reduce the low half L alone to (L + M·p)/2^384 ≤ p,
/// then add the high half H < p and subtract p once.
static inline __attribute__((always_inline)) void redc(uint64_t out[6], const uint64_t x[12]) {
    uint64_t t0 = x[0], t1 = x[1], t2 = x[2], t3 = x[3], t4 = x[4], t5 = x[5], t6, lo, hi;
    __asm__(
        // REDUCE reads the window's top limb (r6), zero here: the high half is added at the end.
        "xorq " R(t6) ", " R(t6) "\n\t" REDUCE(t0, t1, t2, t3, t4, t5, t6)
        "xorq " R(t0) ", " R(t0) "\n\t" REDUCE(t1, t2, t3, t4, t5, t6, t0)
        "xorq " R(t1) ", " R(t1) "\n\t" REDUCE(t2, t3, t4, t5, t6, t0, t1)
        "xorq " R(t2) ", " R(t2) "\n\t" REDUCE(t3, t4, t5, t6, t0, t1, t2)
        "xorq " R(t3) ", " R(t3) "\n\t" REDUCE(t4, t5, t6, t0, t1, t2, t3)
        "xorq " R(t4) ", " R(t4) "\n\t" REDUCE(t5, t6, t0, t1, t2, t3, t4)
        "addq 48(%[x]), " R(t6) "\n\t adcq 56(%[x]), " R(t0) "\n\t adcq 64(%[x]), " R(t1) "\n\t"
        "adcq 72(%[x]), " R(t2) "\n\t adcq 80(%[x]), " R(t3) "\n\t adcq 88(%[x]), " R(t4) "\n\t"
        : [t0] "+&r"(t0), [t1] "+&r"(t1), [t2] "+&r"(t2), [t3] "+&r"(t3), [t4] "+&r"(t4), [t5] "+&r"(t5),
          [t6] "=&r"(t6), [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [x] "r"(x), [p] "r"(P)
        : "rdx", "cc", "memory");
    out[0] = t6; out[1] = t0; out[2] = t1; out[3] = t2; out[4] = t3; out[5] = t4;
    cond_sub_p(out);
}

/// Plain 6-limb sum (no reduction: the operands are below p, so the sum is below 2^382).
static inline __attribute__((always_inline)) void add_nr(uint64_t out[6], const uint64_t *a, const uint64_t *b) {
    unsigned long long c = 0;
    for (int i = 0; i < 6; i++) out[i] = __builtin_addcll(a[i], b[i], c, &c);
}

/// (a − b) mod p for a, b < p: adds p back on borrow, masked rather than branched.
static inline __attribute__((always_inline)) void sub_mod(uint64_t out[6], const uint64_t *a, const uint64_t *b) {
    unsigned long long br = 0, c = 0;
    for (int i = 0; i < 6; i++) out[i] = __builtin_subcll(a[i], b[i], br, &br);
    uint64_t mask = 0 - (uint64_t)br;
    for (int i = 0; i < 6; i++) out[i] = __builtin_addcll(out[i], P[i] & mask, c, &c);
}

/// 12-limb a − b; on borrow adds p·2^384 (≡ 0 for the reduction), keeping the result below p·2^384.
static inline __attribute__((always_inline)) void sub_wide(uint64_t out[12], const uint64_t *a, const uint64_t *b) {
    unsigned long long br = 0, c = 0;
    for (int i = 0; i < 12; i++) out[i] = __builtin_subcll(a[i], b[i], br, &br);
    uint64_t mask = 0 - (uint64_t)br;
    for (int i = 0; i < 6; i++) out[6 + i] = __builtin_addcll(out[6 + i], P[i] & mask, c, &c);
}

/// (a + b) mod p for a, b < p.
static inline __attribute__((always_inline)) void add_mod(uint64_t out[6], const uint64_t *a, const uint64_t *b) {
    add_nr(out, a, b);
    cond_sub_p(out);
}

static inline __attribute__((always_inline)) void fp2_add(cbls_fp2 *o, const cbls_fp2 *a, const cbls_fp2 *b) {
    add_mod(o->c0.l, a->c0.l, b->c0.l); add_mod(o->c1.l, a->c1.l, b->c1.l);
}

static inline __attribute__((always_inline)) void fp2_sub(cbls_fp2 *o, const cbls_fp2 *a, const cbls_fp2 *b) {
    sub_mod(o->c0.l, a->c0.l, b->c0.l); sub_mod(o->c1.l, a->c1.l, b->c1.l);
}

/// o = a·(1 + u) = (a0 − a1) + (a0 + a1)·u.
static inline __attribute__((always_inline)) void fp2_mul_xi(cbls_fp2 *o, const cbls_fp2 *a) {
    cbls_fp2 t;
    sub_mod(t.c0.l, a->c0.l, a->c1.l); add_mod(t.c1.l, a->c0.l, a->c1.l);
    *o = t;
}

static inline __attribute__((always_inline)) void fp2_mul(cbls_fp2 *out, const cbls_fp2 *a, const cbls_fp2 *b) {
    uint64_t aa[12], bb[12], ss[12], sa[6], sb[6];
    mul_384(aa, a->c0.l, b->c0.l);
    mul_384(bb, a->c1.l, b->c1.l);
    add_nr(sa, a->c0.l, a->c1.l);
    add_nr(sb, b->c0.l, b->c1.l);
    mul_384(ss, sa, sb);
    // (a0+a1)(b0+b1) − a0b0 − a1b1 = a0b1 + a1b0 ≥ 0 and below 2p² < p·2^384: no fix-up needed.
    sub_wide(ss, ss, aa);
    sub_wide(ss, ss, bb);
    sub_wide(aa, aa, bb);
    redc(out->c0.l, aa);
    redc(out->c1.l, ss);
}

static inline __attribute__((always_inline)) void fp2_sqr(cbls_fp2 *out, const cbls_fp2 *a) {
    // (a0 + a1·u)² = (a0 + a1)(a0 − a1) + 2·a0·a1·u; the unreduced sums (< 2p) are valid
    // left operands of mont_mul, whose result stays below p.
    uint64_t s[6], d[6], a0x2[6], c1[6];
    add_nr(s, a->c0.l, a->c1.l);
    sub_mod(d, a->c0.l, a->c1.l);
    add_nr(a0x2, a->c0.l, a->c0.l);
    mont_mul(c1, a0x2, a->c1.l);
    mont_mul(out->c0.l, s, d);
    for (int i = 0; i < 6; i++) out->c1.l[i] = c1[i];
}

void cbls_fp_mul(cbls_fp *out, const cbls_fp *a, const cbls_fp *b) { mont_mul(out->l, a->l, b->l); }

void cbls_fp_sqr(cbls_fp *out, const cbls_fp *a) { mont_mul(out->l, a->l, a->l); }

void cbls_fp2_mul(cbls_fp2 *out, const cbls_fp2 *a, const cbls_fp2 *b) { fp2_mul(out, a, b); }

void cbls_fp2_sqr(cbls_fp2 *out, const cbls_fp2 *a) { fp2_sqr(out, a); }

/// R³ mod p: turns the plain inverse (aR)⁻¹ into Montgomery form a⁻¹R with one Montgomery product.
static const uint64_t R3[6] = {
    0xed48ac6bd94ca1e0ULL, 0x315f831e03a7adf8ULL, 0x9a53352a615e29ddULL,
    0x34c04e5e921e1761ULL, 0x2512d43565724728ULL, 0x0aa6346091755d4dULL,
};

static inline __attribute__((always_inline)) int raw_is_one(const uint64_t *w) {
    return w[0] == 1 && (w[1] | w[2] | w[3] | w[4] | w[5]) == 0;
}

static inline __attribute__((always_inline)) int raw_geq(const uint64_t *a, const uint64_t *b) {
    for (int i = 5; i > 0; i--) if (a[i] != b[i]) return a[i] > b[i];
    return a[0] >= b[0];
}

static inline __attribute__((always_inline)) void raw_sub(uint64_t *a, const uint64_t *b) {
    unsigned long long br = 0;
    for (int i = 0; i < 6; i++) a[i] = __builtin_subcll(a[i], b[i], br, &br);
}

/// w ← w / 2^k (1 ≤ k ≤ 63) for odd-making shifts; c ← c / 2^k mod p (c < p): adds m·p with
/// m = −c·p⁻¹ mod 2^k so that the low k bits clear, shifts, and subtracts p once if needed (< 2p).
static inline __attribute__((always_inline)) void halve_k(uint64_t *w, uint64_t *c, unsigned k) {
    for (int i = 0; i < 5; i++) w[i] = (w[i] >> k) | (w[i + 1] << (64 - k));
    w[5] >>= k;
    uint64_t m = (c[0] * P[6]) & ((1ULL << k) - 1), carry = 0;
    for (int i = 0; i < 6; i++) {
        unsigned __int128 t = (unsigned __int128)m * P[i] + c[i] + carry;
        c[i] = (uint64_t)t; carry = (uint64_t)(t >> 64);
    }
    for (int i = 0; i < 5; i++) c[i] = (c[i] >> k) | (c[i + 1] << (64 - k));
    c[5] = (c[5] >> k) | (carry << (64 - k));
    if (raw_geq(c, P)) raw_sub(c, P);
}

/// Strips the factors of two of w (non-zero), dividing c by the same power of two modulo p.
static inline __attribute__((always_inline)) void strip_twos(uint64_t *w, uint64_t *c) {
    while ((w[0] & 1) == 0) {
        unsigned tz = w[0] == 0 ? 63 : (unsigned)__builtin_ctzll(w[0]);
        halve_k(w, c, tz > 63 ? 63 : tz);
    }
}

void cbls_fp_inv(cbls_fp *out, const cbls_fp *a) {
    // The algorithm of Curves' Fp.inversePortable: x1·a ≡ u and x2·a ≡ v (mod p) on plain integers,
    // u and v kept odd; each step subtracts the smaller from the larger and strips the new factors of two.
    uint64_t u[6], v[6], x1[6] = {1, 0, 0, 0, 0, 0}, x2[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 6; i++) { u[i] = a->l[i]; v[i] = P[i]; }
    strip_twos(u, x1);
    while (!raw_is_one(u) && !raw_is_one(v)) {
        if (raw_geq(u, v)) { raw_sub(u, v); sub_mod(x1, x1, x2); strip_twos(u, x1); }
        else { raw_sub(v, u); sub_mod(x2, x2, x1); strip_twos(v, x2); }
    }
    mont_mul(out->l, raw_is_one(u) ? x1 : x2, R3);
}

// The F_p6 product and the cyclotomic squaring live here too because, written in Swift over the F_p2
// calls above, the conversions and calls around each small F_p2 operation cost as much as the adds.

void cbls_fp6_mul(cbls_fp6 *out, const cbls_fp6 *a, const cbls_fp6 *b) {
    cbls_fp2 aa, bb, cc, s, t, t1, t2, t3;
    fp2_mul(&aa, &a->c0, &b->c0);
    fp2_mul(&bb, &a->c1, &b->c1);
    fp2_mul(&cc, &a->c2, &b->c2);
    // t1 = ((a1 + a2)(b1 + b2) − bb − cc)·ξ + aa
    fp2_add(&s, &a->c1, &a->c2); fp2_add(&t, &b->c1, &b->c2); fp2_mul(&t1, &s, &t);
    fp2_sub(&t1, &t1, &bb); fp2_sub(&t1, &t1, &cc); fp2_mul_xi(&t1, &t1); fp2_add(&t1, &t1, &aa);
    // t2 = (a0 + a1)(b0 + b1) − aa − bb + cc·ξ
    fp2_add(&s, &a->c0, &a->c1); fp2_add(&t, &b->c0, &b->c1); fp2_mul(&t2, &s, &t);
    fp2_sub(&t2, &t2, &aa); fp2_sub(&t2, &t2, &bb); fp2_mul_xi(&t, &cc); fp2_add(&t2, &t2, &t);
    // t3 = (a0 + a2)(b0 + b2) − aa + bb − cc
    fp2_add(&s, &a->c0, &a->c2); fp2_add(&t, &b->c0, &b->c2); fp2_mul(&t3, &s, &t);
    fp2_sub(&t3, &t3, &aa); fp2_add(&t3, &t3, &bb); fp2_sub(&t3, &t3, &cc);
    out->c0 = t1; out->c1 = t2; out->c2 = t3;
}

/// (a + b·w)² in F_p4 = F_p2[w]/(w² − ξ): (b²·ξ + a², (a + b)² − a² − b²).
static inline __attribute__((always_inline)) void fp4_sqr(cbls_fp2 *r0, cbls_fp2 *r1, const cbls_fp2 *a, const cbls_fp2 *b) {
    cbls_fp2 t0, t1, s;
    fp2_sqr(&t0, a); fp2_sqr(&t1, b);
    fp2_add(&s, a, b); fp2_sqr(&s, &s);
    fp2_sub(&s, &s, &t0); fp2_sub(r1, &s, &t1);
    fp2_mul_xi(&t1, &t1); fp2_add(r0, &t1, &t0);
}

/// z ← 2(t − z) + t = 3t − 2z (sign = −1) or 2(t + z) + t = 3t + 2z (sign = +1).
static inline __attribute__((always_inline)) void gs_combine(cbls_fp2 *z, const cbls_fp2 *t, int plus) {
    if (plus) fp2_add(z, t, z); else fp2_sub(z, t, z);
    fp2_add(z, z, z); fp2_add(z, z, t);
}

void cbls_fp12_cyclotomic_sqr(cbls_fp12 *out, const cbls_fp12 *a) {
    // The Swift version's naming (Granger–Scott, eprint 2009/565): z0..z5 over the F_p2 coefficients.
    cbls_fp2 z0 = a->c0.c0, z4 = a->c0.c1, z3 = a->c0.c2, z2 = a->c1.c0, z1 = a->c1.c1, z5 = a->c1.c2;
    cbls_fp2 t0, t1, t2, t3;
    fp4_sqr(&t0, &t1, &z0, &z1);
    gs_combine(&z0, &t0, 0); gs_combine(&z1, &t1, 1);
    fp4_sqr(&t0, &t1, &z2, &z3);
    fp4_sqr(&t2, &t3, &z4, &z5);
    gs_combine(&z4, &t0, 0); gs_combine(&z5, &t1, 1);
    fp2_mul_xi(&t0, &t3);
    gs_combine(&z2, &t0, 1); gs_combine(&z3, &t2, 0);
    out->c0.c0 = z0; out->c0.c1 = z4; out->c0.c2 = z3;
    out->c1.c0 = z2; out->c1.c1 = z1; out->c1.c2 = z5;
}

#else

// Other architectures: the assembly does not exist and cbls_fast_flag stays 0, so Curves never calls
// these; they trap rather than return a wrong value if that invariant is ever broken.
int cbls_fast_supported(void) { return 0; }
void cbls_set_fast_enabled(int enabled) { (void)enabled; }
void cbls_fp_mul(cbls_fp *out, const cbls_fp *a, const cbls_fp *b) { (void)out; (void)a; (void)b; __builtin_trap(); }
void cbls_fp_sqr(cbls_fp *out, const cbls_fp *a) { (void)out; (void)a; __builtin_trap(); }
void cbls_fp2_mul(cbls_fp2 *out, const cbls_fp2 *a, const cbls_fp2 *b) { (void)out; (void)a; (void)b; __builtin_trap(); }
void cbls_fp2_sqr(cbls_fp2 *out, const cbls_fp2 *a) { (void)out; (void)a; __builtin_trap(); }
void cbls_fp_inv(cbls_fp *out, const cbls_fp *a) { (void)out; (void)a; __builtin_trap(); }
void cbls_fp6_mul(cbls_fp6 *out, const cbls_fp6 *a, const cbls_fp6 *b) { (void)out; (void)a; (void)b; __builtin_trap(); }
void cbls_fp12_cyclotomic_sqr(cbls_fp12 *out, const cbls_fp12 *a) { (void)out; (void)a; __builtin_trap(); }

#endif
