import Primitives

/// EVM memory: a byte buffer that grows in 32-byte words and never shrinks.
///
/// Backed by one manually managed allocation so reads and writes are plain pointer operations
/// without copy-on-write checks; the frame that owns it frees it.
public struct Memory {
    var pointer: UnsafeMutableRawPointer
    var capacity: Int
    /// Current size in bytes (a multiple of 32).
    public private(set) var count: Int = 0

    init() {
        capacity = 4096
        pointer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 32)
    }

    func free() { pointer.deallocate() }

    /// Grows to at least `size` bytes (rounded up to a word), zero-filling.
    @inline(__always)
    mutating func grow(to size: Int) {
        let newCount = (size + 31) & ~31
        guard newCount > count else { return }
        if newCount > capacity {
            var newCapacity = capacity * 2
            while newCapacity < newCount { newCapacity *= 2 }
            let p = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 32)
            // SAFETY: both buffers hold at least `count` bytes; the old one is freed once.
            p.copyMemory(from: pointer, byteCount: count)
            pointer.deallocate()
            pointer = p
            capacity = newCapacity
        }
        // SAFETY: [count, newCount) lies inside the allocation.
        (pointer + count).initializeMemory(as: UInt8.self, repeating: 0, count: newCount - count)
        count = newCount
    }

    /// Reads a word at `offset` (already grown).
    @inline(__always) func word(at offset: Int) -> UInt256 {
        // SAFETY: the caller grew memory to offset + 32.
        UInt256(bigEndianWord: UnsafeRawPointer(pointer + offset))
    }

    @inline(__always) func store(_ value: UInt256, at offset: Int) {
        // SAFETY: the caller grew memory to offset + 32.
        value.writeBigEndian(to: pointer + offset)
    }

    @inline(__always) func storeByte(_ value: UInt8, at offset: Int) {
        // SAFETY: the caller grew memory past offset.
        pointer.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
    }

    /// Copies `size` bytes out (already grown).
    @inline(__always) func bytes(at offset: Int, count size: Int) -> [UInt8] {
        guard size > 0 else { return [] }
        // SAFETY: the caller grew memory to offset + size.
        return Array(UnsafeRawBufferPointer(start: pointer + offset, count: size))
    }

    /// Writes `source[sourceOffset..<sourceOffset+size]` at `offset`, zero-filling past the end of source.
    @inline(__always) func copy(from source: UnsafeRawBufferPointer, sourceOffset: Int, to offset: Int, size: Int) {
        guard size > 0 else { return }
        let available = max(0, min(size, source.count - sourceOffset))
        // SAFETY: memory was grown to offset + size; source reads stay within its count.
        if available > 0 {
            (pointer + offset).copyMemory(from: source.baseAddress! + sourceOffset, byteCount: available)
        }
        if available < size {
            (pointer + offset + available).initializeMemory(as: UInt8.self, repeating: 0, count: size - available)
        }
    }

    /// Moves within memory (MCOPY), overlapping allowed.
    @inline(__always) func move(from source: Int, to destination: Int, size: Int) {
        guard size > 0 else { return }
        // SAFETY: memory was grown to cover both ranges; memmove semantics handle overlap.
        (pointer + destination).copyMemory(from: UnsafeRawPointer(pointer + source), byteCount: size)
    }
}
