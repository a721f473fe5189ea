import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A serial Dispatch queue that owns a set of connections: every connection's state is
/// touched only on its loop's queue, which is what makes `HTTPConnection` safe to share.
///
/// The loop's sockets sit in one level-triggered epoll set (see `Epoll` for why), and one
/// Dispatch read source on that set drives them: when it fires, `epoll_wait(0)` drains the
/// ready sockets in a batch, again while batches come back full. After a batch that found
/// work, the loop lingers in `epoll_wait` for up to 1 ms: a client that sends its next request
/// right after reading a response (one busy keep-alive connection) is then served on the same
/// thread without the Dispatch wake-up hops (measured: several times the single-connection
/// rate). Work posted from other threads (`post`) wakes a lingering loop through a pipe, so
/// handler responses never wait out the linger. A periodic sweep enforces
/// all connection deadlines with one timer instead of one per connection (3,000 idle clients
/// cost 3,000 comparisons every 250 ms, not 3,000 timers).
final class EventLoop: @unchecked Sendable {
    // @unchecked: mutable members below are touched only on `queue`.
    let queue: DispatchQueue
    private let key = DispatchSpecificKey<ObjectIdentifier>()
    private let epoll: Epoll
    /// Connections by descriptor (descriptors are small integers, so an array is the
    /// cheapest map from an epoll event to its connection).
    private var table: [HTTPConnection?] = []
    private var liveCount = 0
    private var source: DispatchSourceRead?
    private var sweepTimer: DispatchSourceTimer?
    private let events: UnsafeMutableRawPointer
    /// The pipe that wakes a lingering `epoll_wait`: read end in the epoll set, write end
    /// written by `post`.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let lingering = Atomic<Bool>(false)
    private let posted = Atomic<Int>(0)
    private static let eventCapacity: Int32 = 256
    /// A read buffer shared by this loop's connections (reads never overlap on one queue).
    let readBuffer: UnsafeMutableRawBufferPointer

    init(index: Int) throws(SyscallError) {
        queue = DispatchQueue(label: "lanes.http.loop.\(index)", qos: .userInitiated)
        epoll = try Epoll()
        // SAFETY: both buffers are owned by this loop, used only on its queue, and freed in
        // deinit, after the sources that use them are cancelled.
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        events = .allocate(byteCount: Int(EventLoop.eventCapacity) * Epoll.eventSize, alignment: 16)
        var ends: [Int32] = [0, 0]
        _ = try syscall("pipe") { pipe(&ends) }
        wakeRead = ends[0]
        wakeWrite = ends[1]
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        try epoll.control(1 /* EPOLL_CTL_ADD */, wakeRead, events: Epoll.readable)
        queue.setSpecific(key: key, value: ObjectIdentifier(self))
        let source = DispatchSource.makeReadSource(fileDescriptor: epoll.fd, queue: queue)
        // Weak: a handler already queued when the loop is released must not touch it.
        source.setEventHandler { [weak self] in self?.drain() }
        // The descriptors outlive the loop object until Dispatch has let go of the source.
        let (epollFD, wakeR, wakeW) = (epoll.fd, wakeRead, wakeWrite)
        source.setCancelHandler {
            close(epollFD)
            close(wakeR)
            close(wakeW)
        }
        source.resume()
        self.source = source
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250), leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.sweep() }
        timer.resume()
        sweepTimer = timer
    }

    deinit {
        sweepTimer?.cancel()
        source?.cancel()
        readBuffer.deallocate()
        events.deallocate()
    }

    /// Whether the caller runs on this loop's queue.
    var inLoop: Bool { DispatchQueue.getSpecific(key: key) == ObjectIdentifier(self) }

    /// Runs `body` on the loop: inline when already there, otherwise asynchronously.
    func execute(_ body: @escaping @Sendable () -> Void) {
        if inLoop { body() } else { post(body) }
    }

    /// Queues `body` on the loop from another thread, waking the loop if it lingers in
    /// `epoll_wait` (the block can only run once `drain` returns).
    func post(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
        posted.add(1, ordering: .sequentiallyConsistent)
        if lingering.load(ordering: .sequentiallyConsistent) {
            var byte: UInt8 = 1
            // SAFETY: one byte from a local; a full pipe (EAGAIN) already means "wake up".
            _ = Glibc.write(wakeWrite, &byte, 1)
        }
    }

    /// Adds a connection's socket to the epoll set with the given interest.
    func register(_ connection: HTTPConnection, events: UInt32) throws(SyscallError) {
        let fd = Int(connection.fd)
        if fd >= table.count { table.append(contentsOf: repeatElement(nil, count: fd + 1 - table.count + 64)) }
        try epoll.control(1 /* EPOLL_CTL_ADD */, connection.fd, events: events)
        table[fd] = connection
        liveCount += 1
    }

    /// Changes a registered socket's interest.
    func modify(_ connection: HTTPConnection, events: UInt32) {
        try? epoll.control(3 /* EPOLL_CTL_MOD */, connection.fd, events: events)
    }

    /// Removes a socket (before it is closed, so its number can be reused safely).
    func unregister(_ connection: HTTPConnection) {
        let fd = Int(connection.fd)
        guard fd < table.count, table[fd] === connection else { return }
        try? epoll.control(2 /* EPOLL_CTL_DEL */, connection.fd, events: 0)
        table[fd] = nil
        liveCount -= 1
    }

    private func drain() {
        var rounds = 0
        var timeout: Int32 = 0
        while rounds < 4096 {
            rounds += 1
            if timeout != 0 {
                // Linger only if nothing was posted meanwhile (see `post` for the handshake).
                lingering.store(true, ordering: .sequentiallyConsistent)
                if posted.exchange(0, ordering: .sequentiallyConsistent) > 0 {
                    lingering.store(false, ordering: .sequentiallyConsistent)
                    return
                }
            }
            // SAFETY: `events` holds `eventCapacity` epoll_event records.
            let n = epoll.wait(into: events, capacity: EventLoop.eventCapacity, timeout: timeout)
            if timeout != 0 { lingering.store(false, ordering: .sequentiallyConsistent) }
            var woken = false
            for i in 0..<Int(n) {
                let (fd, bits) = Epoll.event(at: i, in: events)
                if fd == wakeRead {
                    var sink = [UInt8](repeating: 0, count: 64)
                    // SAFETY: `sink` is 64 writable bytes for the duration of each call.
                    while Glibc.read(wakeRead, &sink, sink.count) > 0 {}
                    woken = true
                    continue
                }
                guard Int(fd) < table.count, let connection = table[Int(fd)] else { continue }
                if bits & (Epoll.readable | Epoll.hangUp | Epoll.error) != 0 { connection.readable() }
                if bits & Epoll.writable != 0, table[Int(fd)] === connection { connection.writable() }
            }
            // Posted work (responses from other threads, shutdown) runs when we return.
            if woken || n == 0 && timeout != 0 { posted.store(0, ordering: .sequentiallyConsistent); return }
            if n == 0 { timeout = 1 } else if n < EventLoop.eventCapacity { timeout = 1 } else { timeout = 0 }
            if liveCount == 0 { return }
        }
    }

    private var connections: [HTTPConnection] { table.compactMap { $0 } }

    /// Asks every connection of this loop to finish in-flight work and close.
    func shutdownConnections() {
        for connection in connections { connection.shutdownRequested() }
    }

    /// Closes every connection at once (after the grace period).
    func forceCloseConnections() {
        for connection in connections { connection.teardown() }
    }

    private func sweep() {
        guard liveCount > 0 else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        for case let connection? in table where connection.deadline != 0 && connection.deadline <= now {
            connection.deadlinePassed()
        }
    }
}
