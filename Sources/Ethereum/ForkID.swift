import Primitives

/// EIP-2124 fork identifiers: CRC-32 (IEEE) of the genesis hash, updated with each passed fork's
/// activation block and then activation time as 8 big-endian bytes. Forks active at genesis (block
/// 0, or a time not after the genesis timestamp) are left out, and forks sharing an activation
/// point count once, as geth's `forkid.gatherForks` does. `eth_config` (EIP-7910) reports it.
public enum ForkID {
    /// The fork hash of a chain whose head has passed every block-numbered fork and stands at
    /// `time` (geth's `forkid.NewID(config, genesis, ^uint64(0), time)`).
    public static func hash(config: ChainConfig, genesisHash: Hash, genesisTime: UInt64, time: UInt64) -> [UInt8] {
        var crc = CRC32.update(CRC32.initial, genesisHash.bytes)
        for block in forkBlocks(config) { crc = CRC32.update(crc, bigEndian(block)) }
        for t in forkTimes(config, genesisTime: genesisTime) where t <= time { crc = CRC32.update(crc, bigEndian(t)) }
        let sum = CRC32.finish(crc)
        return [UInt8(sum >> 24), UInt8(truncatingIfNeeded: sum >> 16), UInt8(truncatingIfNeeded: sum >> 8), UInt8(truncatingIfNeeded: sum)]
    }

    /// The distinct non-zero activation blocks, ascending: the block-numbered forks, the glacier
    /// (bomb delay) forks and the merge netsplit block, as geth gathers its `…Block` fields.
    static func forkBlocks(_ config: ChainConfig) -> [UInt64] {
        var blocks = Set(config.forkBlocks.values)
        blocks.formUnion(config.bombDelayBlocks.keys)
        if let b = config.mergeNetsplitBlock { blocks.insert(b) }
        blocks.remove(0)
        return blocks.sorted()
    }

    /// The distinct activation times after genesis, ascending.
    static func forkTimes(_ config: ChainConfig, genesisTime: UInt64) -> [UInt64] {
        Set(config.forkTimes.values).filter { $0 > genesisTime }.sorted()
    }

    private static func bigEndian(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * $0)) } }
}

/// CRC-32 with the IEEE polynomial (reflected 0xEDB88320), as Go's `hash/crc32.ChecksumIEEE`.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The register before any byte.
    static let initial: UInt32 = 0xFFFF_FFFF

    /// Feeds bytes into the register (pre-inverted form, so updates chain).
    static func update(_ crc: UInt32, _ bytes: [UInt8]) -> UInt32 {
        var c = crc
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c
    }

    /// The checksum of everything fed in.
    static func finish(_ crc: UInt32) -> UInt32 { crc ^ 0xFFFF_FFFF }

    /// The checksum of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 { finish(update(initial, bytes)) }
}
