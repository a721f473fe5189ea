#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the CPU to bring the cache line holding `address` into cache for a write. Only a hint:
/// it never faults, whatever the address, and changes no memory. Swift has no prefetch of its own.
static inline void lanes_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
