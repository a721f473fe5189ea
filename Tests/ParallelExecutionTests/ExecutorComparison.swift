import Ethereum
import Execution
import Foundation
import Primitives
import State
import Workloads

/// Runs one block with two executors and describes the first difference, if any: state root,
/// receipts (byte for byte), gas, blob gas, bloom, requests, which transactions were included and
/// why the others were refused.
enum ExecutorComparison {
    struct Outcome {
        var stateRoot: Hash
        var output: BlockExecutionOutput
    }

    static func run(_ executor: any BlockExecutor, _ block: BlockWorkload, stopOnInvalid: Bool = false) -> Outcome {
        let output = withLargeStack { executor.execute(block.transactions, context: block.context, parent: block.parent, stopOnInvalid: stopOnInvalid) }
        var state = block.parent
        state.apply(output.changes)
        return Outcome(stateRoot: state.stateRoot(), output: output)
    }

    static func difference(_ a: Outcome, _ b: Outcome) -> String? {
        if a.stateRoot != b.stateRoot { return "state root \(a.stateRoot) != \(b.stateRoot)" }
        if a.output.gasUsed != b.output.gasUsed { return "gas used \(a.output.gasUsed) != \(b.output.gasUsed)" }
        if a.output.blobGasUsed != b.output.blobGasUsed { return "blob gas used differs" }
        if a.output.included != b.output.included { return "included \(a.output.included) != \(b.output.included)" }
        let ai = a.output.invalid.map { "\($0.index): \($0.error)" }, bi = b.output.invalid.map { "\($0.index): \($0.error)" }
        if ai != bi { return "invalid \(ai) != \(bi)" }
        if a.output.receipts.count != b.output.receipts.count { return "receipt count differs" }
        for (i, (ra, rb)) in zip(a.output.receipts, b.output.receipts).enumerated() where ra.envelope != rb.envelope {
            return "receipt \(i) differs: \(ra) != \(rb)"
        }
        for (i, (ra, rb)) in zip(a.output.results, b.output.results).enumerated() where ra.output != rb.output || ra.createdAddress != rb.createdAddress {
            return "result \(i) output differs"
        }
        if a.output.logsBloom != b.output.logsBloom { return "logs bloom differs" }
        if a.output.requests != b.output.requests { return "requests differ" }
        return nil
    }
}
