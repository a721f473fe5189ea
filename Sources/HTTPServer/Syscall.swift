#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error from a POSIX call, carrying the call's name and `errno`.
public struct SyscallError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The name of the failed call, e.g. `"bind"`.
    public let call: String
    /// The `errno` value the call left behind.
    public let errno: Int32

    /// A readable description: the call, the errno and its text.
    public var description: String {
        "\(call) failed: errno \(errno) (\(String(cString: strerror(errno))))"
    }

    /// Creates an error for a failed call.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// Whether the call would have blocked on a non-blocking descriptor.
    public var wouldBlock: Bool { errno == EAGAIN || errno == EWOULDBLOCK }
}

/// Runs a POSIX call, retrying while it fails with `EINTR` (a signal interrupted it, nothing
/// went wrong), and throws a `SyscallError` carrying `errno` for any other failure (-1).
@inlinable
public func syscall<T: FixedWidthInteger>(_ name: @autoclosure () -> String, _ body: () -> T) throws(SyscallError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SyscallError(call: name(), errno: code)
    }
}

/// Raises the soft `RLIMIT_NOFILE` to its hard limit so that thousands of idle clients do not
/// exhaust file descriptors; returns the new soft limit.
@discardableResult
public func raiseFileDescriptorLimit() -> UInt64 {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
    if limit.rlim_cur < limit.rlim_max {
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
    return UInt64(limit.rlim_cur)
}
