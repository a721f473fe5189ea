#if canImport(Glibc)
import Glibc
#endif

/// A Linux epoll set, used under one Dispatch read source per event loop.
///
/// Why: one Dispatch source per socket costs, per readiness event, a wake-up of libdispatch's
/// manager thread, a hop to a worker and an `epoll_ctl` re-arm (measured: most of the
/// server's CPU at 64 connections was in `eventfd_write`, context switches and `epoll_ctl`).
/// With one level-triggered epoll set per loop, the loop's single Dispatch source fires when
/// any of its sockets is ready and one `epoll_wait` drains them all.
///
/// Swift's Glibc module does not export `<sys/epoll.h>`, and the module may depend on
/// nothing but Glibc, Dispatch, Foundation and swift-crypto, so the three calls are looked up
/// with `dlsym` and `struct epoll_event` is laid out by hand (packed on x86-64).
struct Epoll {
    static let readable: UInt32 = 0x001   // EPOLLIN
    static let writable: UInt32 = 0x004   // EPOLLOUT
    static let error: UInt32 = 0x008      // EPOLLERR
    static let hangUp: UInt32 = 0x010     // EPOLLHUP

    private typealias Create1 = @convention(c) (Int32) -> Int32
    private typealias Ctl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

    private struct Functions: @unchecked Sendable {
        // @unchecked: C function pointers, immutable after lookup.
        let create1: Create1
        let ctl: Ctl
        let wait: Wait
    }

    private static let functions: Functions? = {
        // SAFETY: RTLD_DEFAULT (null) searches the loaded libc; each symbol has exactly the
        // C signature of the `@convention(c)` type it is cast to (epoll_create1(2), epoll_ctl(2),
        // epoll_wait(2)).
        guard let c = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "epoll_create1"),
              let t = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "epoll_ctl"),
              let w = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "epoll_wait") else { return nil }
        return Functions(create1: unsafeBitCast(c, to: Create1.self), ctl: unsafeBitCast(t, to: Ctl.self), wait: unsafeBitCast(w, to: Wait.self))
    }()

    #if arch(x86_64)
    /// `sizeof(struct epoll_event)`: packed (4 + 8) on x86-64.
    static let eventSize = 12
    static let dataOffset = 4
    #else
    static let eventSize = 16
    static let dataOffset = 8
    #endif

    /// The epoll descriptor.
    let fd: Int32

    /// Creates an epoll set (close-on-exec).
    init() throws(SyscallError) {
        guard let f = Epoll.functions else { throw SyscallError(call: "dlsym(epoll)", errno: ENOSYS) }
        fd = try syscall("epoll_create1") { f.create1(0o2000000 /* EPOLL_CLOEXEC */) }
    }

    /// Adds (`op` 1), removes (2) or modifies (3) a descriptor's interest set.
    func control(_ op: Int32, _ target: Int32, events: UInt32) throws(SyscallError) {
        var raw: (UInt64, UInt64) = (0, 0)
        _ = try withUnsafeMutableBytes(of: &raw) { (p) throws(SyscallError) -> Int32 in
            // SAFETY: `raw` is 16 bytes, enough for one epoll_event on every architecture;
            // stores are unaligned-safe; the kernel reads `eventSize` bytes of it.
            p.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            p.storeBytes(of: UInt64(UInt32(bitPattern: target)), toByteOffset: Epoll.dataOffset, as: UInt64.self)
            return try syscall("epoll_ctl") { Epoll.functions!.ctl(fd, op, target, p.baseAddress) }
        }
    }

    /// Waits up to `timeout` ms (0: poll) and writes up to `capacity` events into `buffer`;
    /// returns how many.
    func wait(into buffer: UnsafeMutableRawPointer, capacity: Int32, timeout: Int32) -> Int32 {
        do {
            return try syscall("epoll_wait") { Epoll.functions!.wait(fd, buffer, capacity, timeout) }
        } catch {
            return 0
        }
    }

    /// Reads event `i` of a buffer filled by `wait`: (descriptor, event bits).
    static func event(at i: Int, in buffer: UnsafeMutableRawPointer) -> (fd: Int32, events: UInt32) {
        // SAFETY: `i` < the count `wait` returned, so the event lies inside the buffer.
        let base = buffer + i * eventSize
        let events = base.loadUnaligned(as: UInt32.self)
        let data = (base + dataOffset).loadUnaligned(as: UInt64.self)
        return (Int32(truncatingIfNeeded: data), events)
    }
}
