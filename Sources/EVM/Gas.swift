import Primitives

/// Gas constants shared across forks (yellow paper appendix G and the EIPs that changed them).
public enum Gas {
    public static let zero: Int64 = 0
    public static let base: Int64 = 2
    public static let veryLow: Int64 = 3
    public static let low: Int64 = 5
    public static let mid: Int64 = 8
    public static let high: Int64 = 10
    public static let jumpdest: Int64 = 1
    public static let warmAccess: Int64 = 100
    public static let coldAccountAccess: Int64 = 2600
    public static let coldSload: Int64 = 2100
    public static let memory: Int64 = 3
    public static let copyWord: Int64 = 3
    public static let keccak: Int64 = 30
    public static let keccakWord: Int64 = 6
    public static let log: Int64 = 375
    public static let logTopic: Int64 = 375
    public static let logData: Int64 = 8
    public static let create: Int64 = 32_000
    public static let codeDeposit: Int64 = 200
    public static let callValue: Int64 = 9_000
    public static let callStipend: Int64 = 2_300
    public static let newAccount: Int64 = 25_000
    public static let initcodeWord: Int64 = 2
    public static let storageSet: Int64 = 20_000
    public static let storageUpdate: Int64 = 5_000
    public static let selfDestruct: Int64 = 5_000
    public static let selfDestructRefund: Int64 = 24_000
    public static let transientStorage: Int64 = 100
    public static let blockhash: Int64 = 20
    /// EIP-7702 per-authorization costs.
    public static let perEmptyAccount: Int64 = 25_000
    public static let perAuthBase: Int64 = 12_500

    /// Memory cost of `words` 32-byte words: 3·words + words²/512.
    @inlinable
    public static func memoryCost(words: Int64) -> Int64 {
        memory &* words &+ (words &* words) / 512
    }

    /// Words needed for `bytes` bytes.
    @inlinable
    public static func words(_ bytes: Int64) -> Int64 { (bytes &+ 31) / 32 }
}

/// The per-fork opcode table: base gas for each opcode, or -1 where the opcode is not defined in
/// that fork. Built fork by fork from Frontier by applying each fork's EIPs (as geth builds its
/// jump tables), so the loop checks validity and base gas with one load.
public struct OpcodeTable: Sendable {
    public let baseGas: [Int32]

    static let tables: [OpcodeTable] = Fork.allCases.map { OpcodeTable(fork: $0) }

    /// The table for `fork`.
    public static func table(for fork: Fork) -> OpcodeTable { tables[fork.rawValue] }

    init(fork: Fork) {
        var g = [Int32](repeating: -1, count: 256)
        // Frontier
        g[0x00] = 0
        for op in [0x01, 0x03, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x35, 0x51, 0x52, 0x53] { g[op] = 3 }
        for op in [0x02, 0x04, 0x05, 0x06, 0x07, 0x0b] { g[op] = 5 }
        g[0x08] = 8; g[0x09] = 8; g[0x0a] = 10
        g[0x20] = 30
        for op in [0x30, 0x32, 0x33, 0x34, 0x36, 0x38, 0x3a, 0x41, 0x42, 0x43, 0x44, 0x45, 0x50, 0x58, 0x59, 0x5a] { g[op] = 2 }
        g[0x31] = 20; g[0x3b] = 20; g[0x3c] = 20
        g[0x37] = 3; g[0x39] = 3
        g[0x40] = 20
        g[0x54] = 50; g[0x55] = 0
        g[0x56] = 8; g[0x57] = 10; g[0x5b] = 1
        for op in 0x60...0x9f { g[op] = 3 }
        for op in 0xa0...0xa4 { g[op] = 375 + 375 * Int32(op - 0xa0) }
        g[0xf0] = 32_000; g[0xf1] = 40; g[0xf2] = 40; g[0xf3] = 0; g[0xff] = 0
        g[0xfe] = -1  // INVALID: an undefined opcode that consumes all gas
        if fork >= .homestead { g[0xf4] = 40 }
        if fork >= .tangerineWhistle {
            g[0x31] = 400; g[0x3b] = 700; g[0x3c] = 700; g[0x54] = 200
            g[0xf1] = 700; g[0xf2] = 700; g[0xf4] = 700; g[0xff] = 5_000
        }
        if fork >= .byzantium { g[0x3d] = 2; g[0x3e] = 3; g[0xfa] = 700; g[0xfd] = 0 }
        if fork >= .constantinople { g[0x1b] = 3; g[0x1c] = 3; g[0x1d] = 3; g[0x3f] = 400; g[0xf5] = 32_000 }
        if fork >= .istanbul { g[0x31] = 700; g[0x3f] = 700; g[0x54] = 800; g[0x46] = 2; g[0x47] = 5 }
        if fork >= .berlin {
            // EIP-2929: account and slot access is priced warm/cold in the instruction itself.
            for op in [0x31, 0x3b, 0x3c, 0x3f, 0x54, 0xf1, 0xf2, 0xf4, 0xfa] { g[op] = 0 }
        }
        if fork >= .london { g[0x48] = 2 }
        if fork >= .shanghai { g[0x5f] = 2 }
        if fork >= .cancun { g[0x5c] = 100; g[0x5d] = 100; g[0x5e] = 3; g[0x49] = 3; g[0x4a] = 2 }
        if fork >= .osaka { g[0x1e] = 5 }
        baseGas = g
    }
}

/// Stack inputs and outputs of every opcode (evmone's traits), for the checks before each opcode.
public enum StackTraits {
    /// Items an opcode pops.
    public static let inputs: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        let pairs: [(Int, UInt8)] = [
            (0x01, 2), (0x02, 2), (0x03, 2), (0x04, 2), (0x05, 2), (0x06, 2), (0x07, 2), (0x08, 3), (0x09, 3), (0x0a, 2), (0x0b, 2),
            (0x10, 2), (0x11, 2), (0x12, 2), (0x13, 2), (0x14, 2), (0x15, 1), (0x16, 2), (0x17, 2), (0x18, 2), (0x19, 1),
            (0x1a, 2), (0x1b, 2), (0x1c, 2), (0x1d, 2), (0x1e, 1), (0x20, 2), (0x31, 1), (0x35, 1), (0x37, 3), (0x39, 3),
            (0x3b, 1), (0x3c, 4), (0x3e, 3), (0x3f, 1), (0x40, 1), (0x49, 1), (0x50, 1), (0x51, 1), (0x52, 2), (0x53, 2),
            (0x54, 1), (0x55, 2), (0x56, 1), (0x57, 2), (0x5c, 1), (0x5d, 2), (0x5e, 3), (0xa0, 2), (0xa1, 3), (0xa2, 4),
            (0xa3, 5), (0xa4, 6), (0xf0, 3), (0xf1, 7), (0xf2, 7), (0xf3, 2), (0xf4, 6), (0xf5, 4), (0xfa, 6), (0xfd, 2), (0xff, 1),
        ]
        for (op, n) in pairs { t[op] = n }
        for op in 0x80...0x8f { t[op] = UInt8(op - 0x80 + 1) }
        for op in 0x90...0x9f { t[op] = UInt8(op - 0x90 + 2) }
        return t
    }()

    /// Net growth of the stack (outputs − inputs) where positive: the overflow check needs only these.
    public static let growth: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for op in [0x30, 0x32, 0x33, 0x34, 0x36, 0x38, 0x3a, 0x3d, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x4a, 0x58, 0x59, 0x5a, 0x5f] { t[op] = 1 }
        for op in 0x60...0x8f { t[op] = 1 }
        return t
    }()
}
