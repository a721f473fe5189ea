import Execution
import Foundation

/// The executors `--executor` can name.
let executorNames = ["sequential", "parallel"]

/// The one place where an executor name becomes a `BlockExecutor`: `parallel` is Block-STM with
/// `threads` workers (all cores when nil). `forced` turns off its sequential fallbacks for small
/// blocks and dependency chains, so that conformance runs (`lanes blocktest`) really exercise it.
func makeExecutor(name: String, threads: Int? = nil, forced: Bool = false) -> (any BlockExecutor)? {
    switch name {
    case "sequential":
        return SequentialExecutor()
    case "parallel":
        let count = threads ?? ProcessInfo.processInfo.activeProcessorCount
        return ParallelExecutor(configuration: forced ? .forced(threads: count) : .init(threads: count))
    default:
        return nil
    }
}
