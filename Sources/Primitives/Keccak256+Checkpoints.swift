import CKeccak

extension Keccak256 {
    /// Keccak-256 of `bytes`, resuming from the sponge states an earlier input left behind.
    ///
    /// `checkpoints` holds, for each full 136-byte block k of the earlier input, the state after
    /// absorbing blocks 0...k (25 lanes each); blocks that lie wholly inside `unchangedPrefix` —
    /// the bytes this input shares with the earlier one — are not absorbed again. On return the
    /// checkpoints describe `bytes`. A trie branch is ~530 bytes, four permutations, and a block
    /// usually changes one child: the blocks before that child's hash need no permutation.
    public static func hash(_ bytes: UnsafeRawBufferPointer, checkpoints: inout [UInt64], unchangedPrefix: Int) -> Hash {
        let rate = Self.rate
        let fullBlocks = bytes.count / rate
        let reusable = Swift.min(checkpoints.count / 25, unchangedPrefix / rate, fullBlocks)
        if checkpoints.count != fullBlocks * 25 {
            checkpoints.removeSubrange((reusable * 25)...)
            checkpoints.append(contentsOf: repeatElement(0, count: (fullBlocks - reusable) * 25))
        }
        var state = KeccakState()
        return withUnsafeMutablePointer(to: &state) { statePointer in
            // SAFETY: KeccakState is 25 contiguous UInt64 lanes; `checkpoints` holds `fullBlocks`
            // runs of 25 lanes (resized above), and each block read lies inside `bytes`.
            let lanes = UnsafeMutableRawPointer(statePointer).assumingMemoryBound(to: UInt64.self)
            checkpoints.withUnsafeMutableBufferPointer { saved in
                if reusable > 0 { lanes.update(from: saved.baseAddress! + (reusable - 1) * 25, count: 25) }
                for block in reusable..<fullBlocks {
                    absorbBlock(lanes, bytes.baseAddress! + block * rate)
                    lanes_keccak_f1600(lanes)
                    (saved.baseAddress! + block * 25).update(from: lanes, count: 25)
                }
            }
            return absorbLastBlock(lanes, bytes, from: fullBlocks * rate)
        }
    }

    /// How many leading bytes `a` and `b` share.
    public static func commonPrefixLength(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let n = Swift.min(a.count, b.count)
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                // SAFETY: both reads stay below n, the shorter length.
                var i = 0
                while i + 8 <= n, x.loadUnaligned(fromByteOffset: i, as: UInt64.self) == y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { i += 8 }
                while i < n, x[i] == y[i] { i += 1 }
                return i
            }
        }
    }
}
