// The module is header-only (`lanes_prefetch_for_write` is inlined into its Swift callers); a C
// target needs one source file.
#include "cprefetch.h"
