import CKeccak
/// Keccak-256 (the original Keccak padding 0x01, not SHA3-256's 0x06), Ethereum's hash.
///
/// The sponge absorbs 136-byte blocks into 25 little-endian lanes and runs the unrolled
/// keccak-f[1600] permutation of CKeccak (BMI1/BMI2 when the CPU has them); one-shot hashing keeps the state on the stack.
public struct Keccak256: Sendable {
    @usableFromInline static let rate = 136
    @usableFromInline var state = KeccakState()
    @usableFromInline var buffer = KeccakState()  // only the first `rate` bytes are used
    @usableFromInline var buffered = 0

    /// A fresh hasher.
    @inlinable public init() {}

    /// Hashes `bytes` in one call.
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Hash {
        var state = KeccakState()
        return withUnsafeMutablePointer(to: &state) { statePointer in
            // SAFETY: KeccakState is 25 contiguous UInt64 lanes (a homogeneous tuple).
            let lanes = UnsafeMutableRawPointer(statePointer).assumingMemoryBound(to: UInt64.self)
            var offset = 0
            let count = bytes.count
            while count - offset >= rate {
                absorbBlock(lanes, bytes.baseAddress! + offset)
                lanes_keccak_f1600(lanes)
                offset += rate
            }
            return absorbLastBlock(lanes, bytes, from: offset)
        }
    }

    /// Pads the bytes of `bytes` from `offset` (fewer than 136) into a last block, absorbs and
    /// permutes it, and squeezes the digest.
    @inline(__always) @usableFromInline
    static func absorbLastBlock(_ lanes: UnsafeMutablePointer<UInt64>, _ bytes: UnsafeRawBufferPointer, from offset: Int) -> Hash {
        let count = bytes.count
        var last = KeccakState()
        withUnsafeMutableBytes(of: &last) { block in
            // SAFETY: fewer than 136 bytes are copied into the 200-byte block, read inside `bytes`.
            if count > offset {
                block.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: count - offset)
            }
            block[count - offset] ^= 0x01
            block[rate - 1] ^= 0x80
            absorbBlock(lanes, UnsafeRawPointer(block.baseAddress!))
        }
        lanes_keccak_f1600(lanes)
        return squeeze(lanes)
    }

    /// Hashes a byte array in one call.
    @inlinable
    public static func hash(_ bytes: [UInt8]) -> Hash {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// Hashes an array slice in one call.
    @inlinable
    public static func hash(_ bytes: ArraySlice<UInt8>) -> Hash {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// XORs one 136-byte block (17 lanes, little-endian) into the state.
    @inline(__always) @usableFromInline
    static func absorbBlock(_ lanes: UnsafeMutablePointer<UInt64>, _ block: UnsafeRawPointer) {
        for i in 0..<17 {
            // SAFETY: block holds at least 136 readable bytes; loadUnaligned tolerates any alignment.
            lanes[i] ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
        }
    }

    @inline(__always) @usableFromInline
    static func squeeze(_ lanes: UnsafeMutablePointer<UInt64>) -> Hash {
        Hash(limbs: lanes[0].byteSwapped, lanes[1].byteSwapped, lanes[2].byteSwapped, lanes[3].byteSwapped)
    }

    /// Absorbs more input.
    @inlinable
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        var offset = 0
        let rate = Self.rate
        withUnsafeMutablePointer(to: &state) { statePointer in
            withUnsafeMutableBytes(of: &buffer) { block in
                // SAFETY: both tuples are 200 contiguous bytes; we touch only the first 136 of block.
                let lanes = UnsafeMutableRawPointer(statePointer).assumingMemoryBound(to: UInt64.self)
                while offset < bytes.count {
                    let take = min(rate - buffered, bytes.count - offset)
                    (block.baseAddress! + buffered).copyMemory(from: bytes.baseAddress! + offset, byteCount: take)
                    buffered += take
                    offset += take
                    if buffered == rate {
                        Self.absorbBlock(lanes, UnsafeRawPointer(block.baseAddress!))
                        lanes_keccak_f1600(lanes)
                        buffered = 0
                    }
                }
            }
        }
    }

    /// Absorbs more input.
    @inlinable
    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Pads, permutes and returns the digest; the hasher should not be used afterwards.
    @inlinable
    public mutating func finalize() -> Hash {
        let rate = Self.rate
        return withUnsafeMutablePointer(to: &state) { statePointer in
            withUnsafeMutableBytes(of: &buffer) { block in
                // SAFETY: as in update; zero the unused tail before padding.
                let lanes = UnsafeMutableRawPointer(statePointer).assumingMemoryBound(to: UInt64.self)
                for i in buffered..<rate { block[i] = 0 }
                block[buffered] ^= 0x01
                block[rate - 1] ^= 0x80
                Self.absorbBlock(lanes, UnsafeRawPointer(block.baseAddress!))
                lanes_keccak_f1600(lanes)
                return Self.squeeze(lanes)
            }
        }
    }
}

/// 25 lanes of Keccak state (200 bytes), a homogeneous tuple so it lives inline without a heap buffer.
@usableFromInline
struct KeccakState: Sendable {
    @usableFromInline var lanes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                  UInt64, UInt64, UInt64, UInt64, UInt64)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    @inlinable init() {}
}

extension Array where Element == UInt8 {
    /// Keccak-256 of these bytes.
    @inlinable public var keccak256: Hash { Keccak256.hash(self) }
}
