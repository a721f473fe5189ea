/// glibc serves allocations above 128 KiB with their own mmap and gives them back on free, so the
/// multi-version memory, the per-block dictionaries and state changes of every block page-fault
/// in afresh (measured: a seventh of a parallel block's time in the kernel's page allocator).
/// Serving them from the heap and keeping freed memory for the next block removes that. The node
/// applies it whatever its executor: a run of empty blocks allocates and frees batches of
/// thousands of blocks the same way.
public enum MallocTuning {
    public static let applied: Void = {
        #if os(Linux)
        // <malloc.h> constants (not exported by the Glibc module).
        let mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1, topPad: Int32 = -2
        _ = glibcMallopt(mmapThreshold, 32 << 20)  // glibc's maximum
        _ = glibcMallopt(trimThreshold, 512 << 20)
        _ = glibcMallopt(topPad, 16 << 20)
        #endif
    }()
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
