/// In-process micro-benchmarks of the primitives, for `lanes-bench`.
///
/// Each case is calibrated to run for about 0.2 s, feeds every result into the next input or
/// into a checksum that is handed to an opaque sink, so the optimiser cannot drop the work.
public enum PrimitivesBenchmarks {
    /// Runs every case and returns its mean time per operation in nanoseconds.
    public static func run() -> [(name: String, nanosecondsPerOp: Double)] {
        var rng = SplitMix64(seed: 0x5eed)
        let words = (0..<64).map { _ in UInt256(rng.next(), rng.next(), rng.next(), rng.next()) }
        let halfWords = (0..<64).map { _ in UInt256(rng.next(), rng.next() | 1 << 63, 0, 0) }
        let kibibyte = (0..<1024).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var out: [(name: String, nanosecondsPerOp: Double)] = []

        out.append(("keccak256 32 B", measure { n in
            var word: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
            return withUnsafeMutableBytes(of: &word) { buffer in
                // SAFETY: buffer is the 32 bytes of `word`; each digest overwrites it in place.
                for _ in 0..<n { Keccak256.hash(UnsafeRawBufferPointer(buffer)).write(to: buffer.baseAddress!) }
                return buffer.load(as: UInt64.self)
            }
        }))
        out.append(("keccak256 1 KiB", measure { n in
            var input = kibibyte
            var acc: UInt64 = 0
            for i in 0..<n {
                let h = Keccak256.hash(input)
                acc ^= h.w0
                input[i & 1023] = UInt8(truncatingIfNeeded: h.w1)
            }
            return acc
        }))
        out.append(("uint256 add", measure { n in
            var acc = words[0]
            for i in 0..<n { acc = acc &+ words[i & 63] }
            return acc.w0 ^ acc.w3
        }))
        out.append(("uint256 mul", measure { n in
            var acc = words[0]
            for i in 0..<n { acc = (acc &* words[i & 63]) | .one }
            return acc.w0 ^ acc.w3
        }))
        out.append(("uint256 div 256/128", measure { n in
            var acc = UInt256.zero
            for i in 0..<n { acc = acc ^ ((words[i & 63] ^ acc) / halfWords[(i >> 6) & 63]) }
            return acc.w0 ^ acc.w1
        }))
        out.append(("uint256 mulmod", measure { n in
            var acc = words[1]
            for i in 0..<n { acc = UInt256.mulMod(acc, words[i & 63], words[(i &+ 17) & 63] | .one) }
            return acc.w0 ^ acc.w3
        }))
        out.append(("uint256 exp (256-bit exponent)", measure { n in
            var acc = words[2]
            for i in 0..<n { acc = (acc | .one).power(words[i & 63]) }
            return acc.w0 ^ acc.w3
        }))
        out.append(("rlp encode+decode 10-field list", measure { n in
            var acc: UInt64 = 0
            let to = Address(truncating: words[3])
            let payload = Array(kibibyte[0..<100])
            for i in 0..<n {
                var w = RLPWriter(reservingCapacity: 256)
                w.appendList { w in
                    w.append(UInt64(i)); w.append(UInt64(20_000_000_000)); w.append(UInt64(21_000))
                    w.append(to); w.append(words[i & 63]); w.append(bytes: payload)
                    w.append(UInt64(37)); w.append(words[(i + 1) & 63]); w.append(words[(i + 2) & 63])
                    w.append(Hash(words[(i + 3) & 63]))
                }
                do {
                    var r = RLPReader(w.bytes)
                    var l = try r.readList()
                    acc &+= try l.readUInt64() &+ l.readUInt64() &+ l.readUInt64()
                    acc &+= UInt64(try l.readAddress().lo)
                    acc &+= try l.readUInt256().w0
                    acc &+= UInt64(try l.readBytes().count)
                    acc &+= try l.readUInt64() &+ l.readUInt256().w1 &+ l.readUInt256().w2 &+ l.readHash().w3
                    try l.finish()
                } catch {
                    acc &+= 1
                }
            }
            return acc
        }))
        return out
    }

    /// Doubles the iteration count until a run takes 50 ms, then times a run sized for 0.2 s.
    static func measure(_ body: (Int) -> UInt64) -> Double {
        let clock = ContinuousClock()
        var n = 64
        while true {
            let start = clock.now
            benchmarkSink(body(n))
            let seconds = (clock.now - start).seconds
            if seconds >= 0.05 || n >= 1 << 30 {
                let target = max(1, Int(Double(n) * 0.2 / max(seconds, 1e-9)))
                let start2 = clock.now
                benchmarkSink(body(target))
                return (clock.now - start2).seconds * 1e9 / Double(target)
            }
            n *= 2
        }
    }
}

extension Duration {
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}

/// Keeps a checksum observable so the measured loop is not optimised away.
@inline(never)
func benchmarkSink(_ value: UInt64) {
    if value == 0x0123_4567_89ab_cdef { print("", terminator: "") }
}

