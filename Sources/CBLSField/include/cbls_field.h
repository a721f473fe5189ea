// x86-64 MULX/ADCX/ADOX arithmetic for the BLS12-381 base field, called from Curves (Fp, Fp2).
// Elements are in Montgomery form on 6 little-endian 64-bit limbs, below p, exactly as Curves' Fp.
// The functions may only be called when cbls_fast_enabled() is true (the CPU has BMI2 and ADX);
// on other CPUs and architectures they are stubs and Curves uses its Swift arithmetic instead.
#ifndef CBLS_FIELD_H
#define CBLS_FIELD_H

#include <stdint.h>

typedef struct { uint64_t l[6]; } cbls_fp;
typedef struct { cbls_fp c0, c1; } cbls_fp2;
typedef struct { cbls_fp2 c0, c1, c2; } cbls_fp6;
typedef struct { cbls_fp6 c0, c1; } cbls_fp12;

/// Set once at load time (constructor in cbls_field.c): 1 when the MULX/ADCX/ADOX code may run.
extern int cbls_fast_flag;

/// True when the assembly path is usable and enabled. A relaxed atomic load (a plain load on x86):
/// tests flip the flag while other threads compute, and both paths give identical results.
static inline int cbls_fast_enabled(void) { return __atomic_load_n(&cbls_fast_flag, __ATOMIC_RELAXED); }

/// True when the CPU supports the assembly path (whether or not it is currently enabled).
int cbls_fast_supported(void);

/// Enables (when supported) or disables the assembly path; for tests of the portable fallback.
void cbls_set_fast_enabled(int enabled);

/// out = a·b·2^-384 mod p.
void cbls_fp_mul(cbls_fp *out, const cbls_fp *a, const cbls_fp *b);
/// out = a²·2^-384 mod p.
void cbls_fp_sqr(cbls_fp *out, const cbls_fp *a);
/// out = a·b in F_p2 = F_p[u]/(u²+1) (Karatsuba with lazy reduction: 3 wide products, 2 reductions).
void cbls_fp2_mul(cbls_fp2 *out, const cbls_fp2 *a, const cbls_fp2 *b);
/// out = a² in F_p2.
void cbls_fp2_sqr(cbls_fp2 *out, const cbls_fp2 *a);
/// out = a⁻¹ (Montgomery form in and out) for a ≠ 0: variable-time binary extended Euclid (inputs are public).
void cbls_fp_inv(cbls_fp *out, const cbls_fp *a);
/// out = a·b in F_p6 = F_p2[v]/(v³ − (1+u)) (Karatsuba, 6 F_p2 products), as Curves' Fp6 `*`.
void cbls_fp6_mul(cbls_fp6 *out, const cbls_fp6 *a, const cbls_fp6 *b);
/// out = a² for a in the cyclotomic subgroup of F_p12 (Granger–Scott), as Curves' Fp12.cyclotomicSquared.
void cbls_fp12_cyclotomic_sqr(cbls_fp12 *out, const cbls_fp12 *a);

#endif
