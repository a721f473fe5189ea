import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The address a listener is bound to.
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// The numeric host (`127.0.0.1`, `::1`).
    public var host: String
    /// The port.
    public var port: Int
    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { host.contains(":") }
    /// `host:port`, with brackets around IPv6 hosts, as in URLs.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A non-blocking listening socket on IPv4 or IPv6 whose accepts are driven by a Dispatch
/// read source.
final class Listener: @unchecked Sendable {
    // @unchecked: `source` and `paused` are touched only on `queue`.
    let fd: Int32
    let address: SocketAddress
    private let queue = DispatchQueue(label: "lanes.http.accept", qos: .userInitiated)
    private var source: DispatchSourceRead?
    private var paused = false

    /// Resolves `host`, binds `port` (0 picks a free one) and listens.
    init(host: String, port: Int, backlog: Int32) throws(SyscallError) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &result)
        guard rc == 0, let first = result else { throw SyscallError(call: "getaddrinfo(\(host))", errno: rc == EAI_SYSTEM ? errno : EINVAL) }
        defer { freeaddrinfo(result) }
        // SAFETY: `first` is the head of the list getaddrinfo returned, freed only by the defer.
        let info = first.pointee
        let fd = try syscall("socket") { socket(info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do {
            var one: Int32 = 1
            var zero: Int32 = 0
            _ = try syscall("setsockopt(SO_REUSEADDR)") { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) }
            if info.ai_family == AF_INET6 {
                // "::" also accepts IPv4 (dual stack); a specific IPv6 address is unaffected.
                _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, socklen_t(MemoryLayout<Int32>.size))
            }
            _ = try syscall("bind(\(host):\(port))") { bind(fd, info.ai_addr, info.ai_addrlen) }
            _ = try syscall("listen") { listen(fd, backlog) }
            self.address = try Listener.localAddress(of: fd)
        } catch {
            close(fd)
            throw error
        }
        self.fd = fd
    }

    static func localAddress(of fd: Int32) throws(SyscallError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { (p) throws(SyscallError) -> Int32 in
            // SAFETY: sockaddr_storage is large enough for any address getsockname writes.
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { (sa) throws(SyscallError) -> Int32 in
                try syscall("getsockname") { getsockname(fd, sa, &length) }
            }
        }
        var hostBuffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var portBuffer = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let rc = withUnsafePointer(to: &storage) { p in
            // SAFETY: as above; getnameinfo reads `length` bytes of the stored address.
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                getnameinfo(sa, length, &hostBuffer, socklen_t(hostBuffer.count), &portBuffer, socklen_t(portBuffer.count), NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        guard rc == 0 else { throw SyscallError(call: "getnameinfo", errno: EINVAL) }
        let hostBytes = hostBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let portBytes = portBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return SocketAddress(host: String(decoding: hostBytes, as: UTF8.self), port: Int(String(decoding: portBytes, as: UTF8.self)) ?? 0)
    }

    /// Starts accepting; `onAccept` runs on the accept queue with each new non-blocking fd.
    func start(onAccept: @escaping @Sendable (Int32) -> Void) {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [weak self] in self?.acceptAll(onAccept) }
        let fd = self.fd
        source.setCancelHandler { close(fd) }
        self.source = source
        source.resume()
    }

    private func acceptAll(_ onAccept: @Sendable (Int32) -> Void) {
        // Drain the accept queue: a burst of 3,000 clients is one wake-up, not 3,000.
        while true {
            let client: Int32
            do {
                client = try syscall("accept") { accept(fd, nil, nil) }
                // accept4 is a GNU extension Glibc's module does not export: set flags after.
                _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            } catch {
                if error.errno == EMFILE || error.errno == ENFILE || error.errno == ENOBUFS || error.errno == ENOMEM {
                    // Out of descriptors: stop accepting briefly instead of spinning on a
                    // listener that stays readable.
                    if let source, !paused {
                        paused = true
                        source.suspend()
                        queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [weak self] in
                            guard let self, self.paused else { return }
                            self.paused = false
                            self.source?.resume()
                        }
                    }
                }
                // EAGAIN: drained. ECONNABORTED and friends: that client is gone; wait for the next event.
                return
            }
            onAccept(client)
        }
    }

    deinit {
        // A server released without `shutdown` still stops accepting and closes its socket.
        if let source {
            if paused { source.resume() }
            source.cancel()
        }
    }

    /// Stops accepting and closes the listening socket.
    func stop() {
        queue.sync {
            guard let source else { return }
            if paused { paused = false; source.resume() }
            source.cancel()
            self.source = nil
        }
    }
}
