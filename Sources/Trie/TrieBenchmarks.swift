import Primitives

/// Micro-benchmarks of the trie for `lanes-bench` (meaningful in release builds only).
public enum TrieBenchmarks {
    /// Runs each workload and returns named results: times in the unit their name ends with,
    /// plus the Keccak count of an incremental update.
    ///
    /// - `trie.secure.build10k.ms`: insert 10,000 random 32-byte keys with 70-byte values into a
    ///   secure trie and compute its root (best of 5).
    /// - `trie.secure.update1.us`: change one key of that trie and recompute the root (mean of 1,000).
    /// - `trie.secure.update1.hashes`: Keccak computations per such update (path length).
    /// - `trie.orderedList1k.ms`: `Trie.root(ofOrderedList:)` of 1,000 items of 120 bytes (best of 5).
    public static func run() -> [String: Double] {
        var rng = SplitMix64(seed: 0x1a2e5)
        let keys = (0..<10_000).map { _ in rng.bytes(32) }
        let values = (0..<10_000).map { _ in rng.bytes(70) }
        var results: [String: Double] = [:]

        var trie = SecureTrie()
        var best = Double.infinity
        for _ in 0..<5 {
            var t = SecureTrie()
            let ms = milliseconds {
                for i in 0..<keys.count { t.update(keys[i], value: values[i]) }
                _ = t.rootHash
            }
            best = min(best, ms)
            trie = t
        }
        results["trie.secure.build10k.ms"] = best

        let rounds = 1_000
        let hashesBefore = trie.hashCount
        let ms = milliseconds {
            for r in 0..<rounds {
                trie.update(keys[(r * 7919) % keys.count], value: rng.bytes(70))
                _ = trie.rootHash
            }
        }
        results["trie.secure.update1.us"] = ms * 1_000 / Double(rounds)
        results["trie.secure.update1.hashes"] = Double(trie.hashCount - hashesBefore) / Double(rounds)

        let items = (0..<1_000).map { _ in rng.bytes(120) }
        best = .infinity
        for _ in 0..<5 {
            best = min(best, milliseconds { _ = Trie.root(ofOrderedList: items) })
        }
        results["trie.orderedList1k.ms"] = best
        return results
    }

    private static func milliseconds(_ body: () -> Void) -> Double {
        let d = ContinuousClock().measure(body)
        return Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
    }

    /// A small deterministic generator so runs are comparable.
    struct SplitMix64 {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        mutating func bytes(_ n: Int) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(n)
            while out.count < n {
                let w = next()
                for s in stride(from: 0, to: 64, by: 8) where out.count < n { out.append(UInt8(truncatingIfNeeded: w >> UInt64(s))) }
            }
            return out
        }
    }
}
