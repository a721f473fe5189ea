import Primitives
import Synchronization

/// Bytecode with its JUMPDEST analysis, padded with 33 zero bytes so PUSH32 at the very end and
/// the implicit STOP never read past the buffer (evmone's padding).
public final class Code: Sendable {
    /// The original bytes (no padding).
    public let bytes: [UInt8]
    /// bytes + 33 zero bytes.
    let padded: [UInt8]
    /// One bit per byte: set where a JUMPDEST opcode (not PUSH data) stands.
    let jumpdests: [UInt64]
    public let hash: Hash

    public static let empty = Code([])

    public init(_ bytes: [UInt8], hash: Hash? = nil) {
        self.bytes = bytes
        self.hash = hash ?? Keccak256.hash(bytes)
        var padded = bytes
        padded.append(contentsOf: repeatElement(0, count: 33))
        self.padded = padded
        var bits = [UInt64](repeating: 0, count: bytes.count / 64 + 1)
        var i = 0
        while i < bytes.count {
            let op = bytes[i]
            if op == 0x5b {
                bits[i >> 6] |= 1 << UInt64(i & 63)
            } else if op >= 0x60 && op <= 0x7f {
                i += Int(op - 0x5f)
            }
            i += 1
        }
        jumpdests = bits
    }

    /// True if `pc` is a JUMPDEST outside PUSH data.
    @inline(__always)
    public func isJumpdest(_ pc: Int) -> Bool {
        guard pc >= 0, pc < bytes.count else { return false }
        return jumpdests[pc >> 6] & (1 << UInt64(pc & 63)) != 0
    }

    public var count: Int { bytes.count }

    /// EIP-7702 delegation designator 0xef0100 ‖ address, if this code is one.
    public var delegationTarget: Address? {
        guard bytes.count == 23, bytes[0] == 0xef, bytes[1] == 0x01, bytes[2] == 0x00 else { return nil }
        return try? Address(bytes[3...])
    }
}

/// Analysed code shared across transactions and threads, keyed by code hash.
public final class CodeCache: Sendable {
    private let entries = Mutex<[Hash: Code]>([:])

    public init() {}

    /// The analysed code for `hash`, computing it from `bytes()` once. The bytes are copied into
    /// a buffer of this cache's own: the state's buffer is shared by every cache (a Block-STM
    /// worker has one each), and every CODECOPY or call retains the buffer it reads.
    public func code(hash: Hash, bytes: () -> [UInt8]) -> Code {
        if let c = entries.withLock({ $0[hash] }) { return c }
        let code = Code(bytes().withUnsafeBufferPointer { Array($0) }, hash: hash)
        entries.withLock { $0[hash] = code }
        return code
    }
}
