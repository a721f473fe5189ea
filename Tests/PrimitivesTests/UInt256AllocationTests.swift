import LanesTestSupport
#if canImport(Glibc)
import Glibc
import Primitives
import XCTest

// Counting Swift heap allocations.
//
// The Swift runtime routes `swift_allocObject` (every array buffer, class instance, box and
// escaping closure context) through the `_swift_allocObject` function pointer when
// `_swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly` is set (the
// hook Instruments uses). The test installs a counting hook for the duration of a loop, counts
// only calls from the test's own thread, and proves the counter works by checking that a loop that
// builds an array IS counted. Raw `malloc` (not through Swift objects) is covered by a second,
// weaker check: glibc's `mallinfo2()` in-use bytes and mmapped blocks must not grow.
//
// The suite runs in release (`swift build -c release --build-tests`). Debug builds may box
// values the optimiser would keep in registers, so there a non-zero count is reported and the
// test is skipped rather than failed.

typealias SwiftAllocFunction = @convention(c) (UnsafeRawPointer?, Int, Int) -> UnsafeMutableRawPointer?

nonisolated(unsafe) private var originalAllocObject: SwiftAllocFunction?
nonisolated(unsafe) private var countedAllocations = 0
nonisolated(unsafe) private var countedThread: pthread_t = 0

private let countingAllocObject: SwiftAllocFunction = { metadata, size, alignMask in
    if pthread_equal(pthread_self(), countedThread) != 0 { countedAllocations += 1 }
    return originalAllocObject!(metadata, size, alignMask)
}

/// Runs `body` with the allocation hook installed; returns how many Swift objects it allocated.
private func countingSwiftAllocations(_ body: () -> Void) throws -> Int {
    guard let handle = dlopen(nil, RTLD_NOW),
          let hook = dlsym(handle, "_swift_allocObject"),
          let flag = dlsym(handle, "_swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly")
    else { throw XCTSkip("Swift runtime allocation hook not available") }
    // SAFETY: `_swift_allocObject` is a C function pointer variable in libswiftCore; the flag is a
    // std::atomic<bool>. Both are written only while this single test runs.
    let hookSlot = hook.assumingMemoryBound(to: SwiftAllocFunction?.self)
    let flagByte = flag.assumingMemoryBound(to: UInt8.self)
    originalAllocObject = hookSlot.pointee
    countedThread = pthread_self()
    countedAllocations = 0
    hookSlot.pointee = countingAllocObject
    flagByte.pointee = 1
    body()
    flagByte.pointee = 0
    hookSlot.pointee = originalAllocObject
    return countedAllocations
}

/// glibc's `mallinfo2()` counters we use (in-use bytes and mmapped blocks), or nil where unavailable.
///
/// The Glibc module map does not import <malloc.h>, so the function is found with dlsym. On
/// x86-64 System V a function returning an 80-byte struct takes the result address as its hidden
/// first argument (rdi), so it is called as `(UnsafeMutableRawPointer) -> UnsafeMutableRawPointer`.
func mallocCounters() -> (inUse: Int, mmapped: Int)? {
    #if arch(x86_64)
    typealias MallInfo2 = @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer?
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "mallinfo2") else { return nil }
    // SAFETY: struct mallinfo2 is ten size_t fields (80 bytes); the buffer holds 10 Ints.
    let function = unsafeBitCast(symbol, to: MallInfo2.self)
    var fields = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    withUnsafeMutableBytes(of: &fields) { _ = function($0.baseAddress!) }
    return (inUse: fields.7, mmapped: fields.4)  // uordblks, hblks
    #else
    return nil
    #endif
}

@inline(never) func opaque<T>(_ x: T) -> T { x }

final class UInt256AllocationTests: XCTestCase {
    /// 100,000 iterations of nine operations in release; fewer in unoptimised debug builds.
    #if DEBUG
    static let loops = 10_000
    #else
    static let loops = 100_000
    #endif

    func inputs() -> [(UInt256, UInt256, UInt256)] {
        var rng = SplitMix64(seed: 99)
        return (0..<64).map { _ in
            (UInt256(rng.next(), rng.next(), rng.next(), rng.next()),
             UInt256(rng.next(), rng.next(), rng.next() >> 1, 0),
             UInt256(rng.next(), rng.next() | 1, 0, 0))
        }
    }

    func mulDivLoop(_ values: [(UInt256, UInt256, UInt256)], extraArray: Bool) -> UInt256 {
        var acc = UInt256.zero
        for i in 0..<Self.loops {
            let (a, b, c) = values[i & 63]
            acc = acc ^ (a &* b) ^ (a / b) ^ (a % c) ^ a.multipliedFullWidth(by: b).high
            acc = acc ^ UInt256.mulMod(a, b, c) ^ UInt256.addMod(a, b, c) ^ a.signedDivided(by: c) ^ a.power(UInt256(c.w0))
            if extraArray {
                let array = [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: opaque(3))
                acc.w0 ^= UInt64(array[i % 3])
            }
        }
        return acc
    }

    func testCounterDetectsAnArray() throws {
        let values = inputs()
        var sink = UInt256.zero
        let count = try countingSwiftAllocations { sink = mulDivLoop(values, extraArray: true) }
        XCTAssertGreaterThanOrEqual(count, Self.loops, "the hook must see the array built in each iteration")
        _ = opaque(sink)
    }

    func testMulDivDoNotAllocate() throws {
        let values = inputs()
        var sink = UInt256.zero
        _ = mulDivLoop(values, extraArray: false)  // warm up lazy globals and metadata
        let before = mallocCounters()
        let count = try countingSwiftAllocations { sink = mulDivLoop(values, extraArray: false) }
        let after = mallocCounters()
        _ = opaque(sink)
        #if DEBUG
        if count != 0 { throw XCTSkip("debug build allocated \(count) objects; the check is meaningful in release only") }
        #endif
        XCTAssertEqual(count, 0, "UInt256 mul/div/mod/mulmod/exp allocated \(count) Swift objects in \(Self.loops) iterations")
        if let before, let after {
            // Other threads (XCTest's output, the runtime) may allocate or free a little meanwhile; a retained
            // allocation per iteration would grow in-use memory by megabytes over the loop.
            XCTAssertLessThan(after.inUse, before.inUse + 64 * 1024, "malloc in-use bytes grew")
            XCTAssertLessThanOrEqual(after.mmapped, before.mmapped, "mmapped blocks grew")
        }
    }

    func testMallinfoDetectsARetainedAllocation() throws {
        guard let before = mallocCounters() else { throw XCTSkip("mallinfo2 not callable on this platform") }
        // 96 KiB: below glibc's mmap threshold, and far more than other threads free in the meantime.
        let kept = UnsafeMutablePointer<UInt8>.allocate(capacity: 96 * 1024)
        kept.initialize(repeating: 1, count: 96 * 1024)
        let after = try XCTUnwrap(mallocCounters())
        XCTAssertGreaterThanOrEqual(after.inUse - before.inUse, 64 * 1024)
        kept.deallocate()
    }
}
#endif
