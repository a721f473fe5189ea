import Foundation

/// A random block on which the executors disagreed, saved by `make fuzz-parallel` so that
/// `LANES_REPLAY_BLOCK=FILE` replays it in ParallelDifferentialTests. Random blocks are a pure
/// function of their seed, size and conflict flag, so those identify the block.
public struct FailingBlock: Codable, Sendable {
    public var seed: UInt64
    public var transactions: Int?
    public var conflicting: Bool
    public var reason: String

    public init(seed: UInt64, transactions: Int? = nil, conflicting: Bool, reason: String) {
        self.seed = seed; self.transactions = transactions; self.conflicting = conflicting; self.reason = reason
    }

    /// Writes `failing-block-SEED.json` into `directory` (LANES_FAILING_BLOCKS or the current one).
    @discardableResult
    public static func write(seed: UInt64, transactions: Int? = nil, conflicting: Bool, reason: String, directory: String? = nil) throws -> String {
        let dir = directory ?? ProcessInfo.processInfo.environment["LANES_FAILING_BLOCKS"] ?? FileManager.default.currentDirectoryPath
        let path = (dir as NSString).appendingPathComponent("failing-block-\(seed).json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(FailingBlock(seed: seed, transactions: transactions, conflicting: conflicting, reason: reason)).write(to: URL(fileURLWithPath: path))
        return path
    }

    public static func read(_ path: String) throws -> FailingBlock {
        try JSONDecoder().decode(FailingBlock.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
