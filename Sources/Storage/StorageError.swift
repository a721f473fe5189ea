import Primitives

/// Everything the Storage layer can fail with. The log-query cases carry the wording geth-style
/// nodes and hosted RPC providers use, so the RPC layer can pass `description` through unchanged.
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite returned an error code (`sqlite3_errcode`) with its message.
    case sqlite(code: Int32, message: String)
    /// A log query matched more logs than `LogQueryLimits.maxResults`.
    case tooManyResults(limit: Int)
    /// A log query spans more blocks than `LogQueryLimits.maxBlockRange`.
    case blockRangeTooLarge(limit: UInt64)
    /// A log filter has more than four topic positions.
    case tooManyTopics
    /// fromBlock is above toBlock.
    case invalidBlockRange
    /// A block hash given to a log query is not in the chain.
    case unknownBlock
    /// The block to commit is not the child of the current head.
    case notNextBlock(head: ChainHead?, number: UInt64, parentHash: Hash)
    /// The block's senders or receipts do not line up with its transactions, or a count or
    /// number is beyond what the key layout holds.
    case malformedCommit(String)
    /// `rewind(toBlock:)` was asked for a block above the head or below the first stored block.
    case cannotRewind(toBlock: UInt64, head: ChainHead?)
    /// Stored bytes did not decode (the file was not written by this module, or is damaged).
    case corrupt(String)
    /// The database was closed.
    case closed
    /// A test-only fault injected before COMMIT (see `ChainDatabase.injectFaultBeforeNextCommit`).
    case injectedFault

    public var description: String {
        switch self {
        case .sqlite(let code, let message): return "sqlite error \(code): \(message)"
        case .tooManyResults(let limit): return "query returned more than \(limit) results"
        case .blockRangeTooLarge(let limit): return "exceed maximum block range: \(limit)"
        case .tooManyTopics: return "exceed max topics"
        case .invalidBlockRange: return "invalid block range params"
        case .unknownBlock: return "unknown block"
        case .notNextBlock(let head, let number, let parentHash):
            let expected = head.map { "block \($0.number + 1) with parent \($0.hash)" } ?? "any first block"
            return "block \(number) with parent \(parentHash) does not extend the head (expected \(expected))"
        case .malformedCommit(let why): return "malformed block commit: \(why)"
        case .cannotRewind(let n, let head): return "cannot rewind to block \(n) (head \(head.map { String($0.number) } ?? "none"))"
        case .corrupt(let why): return "corrupt database: \(why)"
        case .closed: return "database is closed"
        case .injectedFault: return "injected fault"
        }
    }
}
