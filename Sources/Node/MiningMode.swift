/// When the node produces blocks.
///
/// - `automine`: a block for every transaction as it arrives, committed before the send call
///   returns (Anvil's default). With `batch`, the transactions sent in one JSON-RPC batch become
///   one block, produced when the batch's last element has run.
/// - `interval`: a block every `seconds` (fractions allowed) with every pending transaction that
///   fits, empty blocks included, as Anvil's `--block-time`.
/// - `manual`: blocks only on request (`evm_mine`, `anvil_mine`).
public enum MiningMode: Sendable, Equatable {
    case automine(batch: Bool)
    case interval(seconds: Double)
    case manual

    /// Whether sends produce their block before they answer.
    public var isAutomine: Bool {
        if case .automine = self { return true }
        return false
    }
}
