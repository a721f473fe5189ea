import Primitives

/// A transaction receipt as consensus encodes it (EIP-2718 envelope for typed transactions).
///
/// Before Byzantium a receipt carries the intermediate state root instead of a status (EIP-658).
public struct Receipt: Hashable, Sendable {
    /// Status (Byzantium onwards) or intermediate state root (before).
    public enum Outcome: Hashable, Sendable {
        case status(Bool)
        case stateRoot(Hash)
    }

    public var type: TransactionType
    public var outcome: Outcome
    public var cumulativeGasUsed: UInt64
    public var logsBloom: Bloom
    public var logs: [Log]

    public init(type: TransactionType, outcome: Outcome, cumulativeGasUsed: UInt64, logs: [Log], logsBloom: Bloom? = nil) {
        self.type = type; self.outcome = outcome; self.cumulativeGasUsed = cumulativeGasUsed
        self.logs = logs; self.logsBloom = logsBloom ?? Bloom(logs: logs)
    }

    /// True unless the transaction reverted or failed (pre-Byzantium receipts count as successful).
    public var succeeded: Bool {
        if case .status(let s) = outcome { return s }
        return true
    }

    /// The envelope: rlp([outcome, cumulativeGasUsed, bloom, logs]), prefixed by the type byte when typed.
    public var envelope: [UInt8] {
        var w = RLPWriter(reservingCapacity: 300 + logs.count * 120)
        if type != .legacy { w.bytes.append(type.rawValue) }
        w.appendList { w in
            switch outcome {
            case .status(let ok): w.append(ok ? UInt64(1) : 0)
            case .stateRoot(let root): w.append(root)
            }
            w.append(cumulativeGasUsed)
            logsBloom.append(to: &w)
            w.appendList { w in for l in logs { l.encode(to: &w) } }
        }
        return w.bytes
    }

    /// Decodes an envelope.
    public init(envelope bytes: [UInt8]) throws(RLPError) {
        guard let first = bytes.first else { throw .unexpectedEnd }
        var type = TransactionType.legacy
        var payload = bytes
        if first < 0x80 {
            guard let t = TransactionType(rawValue: first), t != .legacy else { throw .invalid("unknown receipt type \(first)") }
            type = t
            payload = Array(bytes[1...])
        }
        var outer = RLPReader(payload)
        var r = try outer.readList()
        let outcomeBytes = try r.readBytes()
        let outcome: Outcome
        switch outcomeBytes.count {
        case 0: outcome = .status(false)
        case 1 where outcomeBytes.first == 1: outcome = .status(true)
        case 32: outcome = .stateRoot(try! Hash(outcomeBytes))
        default: throw .invalid("receipt status")
        }
        let gas = try r.readUInt64()
        let bloom = try Bloom(try r.readBytes())
        var logsReader = try r.readList()
        var logs: [Log] = []
        while !logsReader.isAtEnd { logs.append(try Log.decode(&logsReader)) }
        try r.finish()
        try outer.finish()
        self.init(type: type, outcome: outcome, cumulativeGasUsed: gas, logs: logs, logsBloom: bloom)
    }
}
