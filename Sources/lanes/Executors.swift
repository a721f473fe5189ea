import Execution
import Foundation

/// The executors `--executor` can name.
let executorNames = ["sequential", "parallel"]

/// The one place where an executor name becomes a `BlockExecutor`.
///
/// `parallel` is to return the Block-STM executor with `threads` workers (all cores when nil)
/// once the Execution module exposes it; until then it falls back to the sequential executor,
/// which every executor must match byte for byte, and says so on stderr.
func makeExecutor(name: String, threads: Int? = nil) -> (any BlockExecutor)? {
    switch name {
    case "sequential":
        return SequentialExecutor()
    case "parallel":
        FileHandle.standardError.write(Data("notice: the parallel executor is not built yet; running the sequential executor\n".utf8))
        return SequentialExecutor()
    default:
        return nil
    }
}
