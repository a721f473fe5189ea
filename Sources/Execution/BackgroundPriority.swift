#if canImport(Glibc)
import Glibc
#endif

/// Scheduling priority of helper threads that have slack while another thread is the critical
/// path: a run of empty blocks keeps three threads busy on two cores (the block producer, the
/// beacon-roots lane, the batch writer), and at equal priority the scheduler hands the producer
/// two thirds of a core. At nice +10 the helpers take what the producer leaves; measured with
/// `lanes-bench node --devchain` (150,000 blocks, four alternated pairs), 11 % less wall time.
public enum BackgroundPriority {
    /// Lowers the calling thread's priority for the rest of its life. Only for threads the caller
    /// owns and ends: an unprivileged thread cannot raise its priority back.
    public static func lowerCurrentThread() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)  // on Linux, 0 is the calling thread
        #endif
    }
}
