#ifndef CKECCAK_H
#define CKECCAK_H

#include <stdint.h>

/// keccak-f[1600] in place over 25 little-endian lanes (index x + 5y); `lanes` must point to 25
/// initialised words. Uses BMI1/BMI2 instructions (ANDN, RORX) when the CPU has them.
void lanes_keccak_f1600(uint64_t *lanes);

/// 1 when the BMI1/BMI2 variant runs on this CPU, for tests and benchmarks.
int lanes_keccak_uses_bmi(void);

/// The portable variant, always (tests compare the two).
void lanes_keccak_f1600_portable(uint64_t *lanes);

#endif
