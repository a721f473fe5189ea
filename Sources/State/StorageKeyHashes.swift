import Primitives

/// Keccak-256 of storage slot numbers — a slot's path in its account's storage trie — with the
/// low slots precomputed.
///
/// Contracts keep their plain variables in the first slots, and the system contracts that every
/// block writes (EIP-4788's beacon roots, EIP-2935's block hashes) use ring buffers of 8,191 and
/// 16,382 slots, so a table of the first 16,384 hashes (512 KiB, built once on first use in about
/// 10 ms) answers most writes without hashing. Mapping and array slots are already hashes and miss.
enum StorageKeyHashes {
    static let tableSize = 16_384

    static let table: [Hash] = (0..<tableSize).map { Keccak256.hash(UInt256(UInt64($0)).bigEndianBytes) }

    /// keccak256(slot as 32 big-endian bytes).
    @inline(__always)
    static func hash(of slot: UInt256) -> Hash {
        if slot.w1 | slot.w2 | slot.w3 == 0, slot.w0 < UInt64(tableSize) { return table[Int(slot.w0)] }
        return Keccak256.hash(slot.bigEndianBytes)
    }
}
