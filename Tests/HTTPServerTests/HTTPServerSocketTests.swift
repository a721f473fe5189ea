import Dispatch
import Foundation
import XCTest
import HTTPServer
#if canImport(Glibc)
import Glibc
#endif

/// In-process tests of the transport through the public handler API, with a tiny blocking
/// POSIX client (the Python suite in tests/http covers the full socket acceptance list).
final class HTTPServerSocketTests: XCTestCase {
    /// Answers `/delay/N` after N ms from another thread; echoes other bodies at once.
    struct DelayHandler: HTTPHandler {
        func handle(_ request: HTTPRequest, respond: HTTPResponder) {
            if request.path.hasPrefix("/delay/"), let ms = Int(request.path.dropFirst(7)) {
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) {
                    respond(HTTPResponse(status: 200, body: Array(request.path.utf8)))
                }
            } else {
                respond(HTTPResponse(status: 200, body: request.body))
            }
        }
    }

    final class PushHandler: WebSocketHandler, @unchecked Sendable {
        let opened = DispatchSemaphore(value: 0)
        let closed = DispatchSemaphore(value: 0)
        var connection: WebSocketConnection?
        func webSocketDidOpen(_ connection: WebSocketConnection, request: HTTPRequest) {
            self.connection = connection
            opened.signal()
        }
        func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
            connection.send(message)
        }
        func webSocketDidClose(_ connection: WebSocketConnection) { closed.signal() }
    }

    private func connect(_ address: SocketAddress) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(address.port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            // SAFETY: sockaddr_in is a valid sockaddr prefix of the stated length.
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        XCTAssertEqual(rc, 0)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `predicate` holds on everything read so far, or EOF/timeout.
    private func receive(_ fd: Int32, until predicate: ([UInt8]) -> Bool) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !predicate(out) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    private func count(_ needle: String, in bytes: [UInt8]) -> Int {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: needle).count - 1
    }

    func testPortZeroAndPipelinedOutOfOrderCompletion() throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: DelayHandler())
        let address = try server.start()
        XCTAssertNotEqual(address.port, 0)
        XCTAssertEqual(server.localAddress, address)
        defer { server.shutdownAndWait(gracePeriod: 2) }
        let fd = try connect(address)
        defer { close(fd) }
        // The first request is the slowest; responses must still come back in order.
        let paths = ["/delay/300", "/delay/100", "/delay/0", "/delay/200"]
        send(fd, paths.flatMap { Array("GET \($0) HTTP/1.1\r\n\r\n".utf8) })
        let out = receive(fd) { count("HTTP/1.1 200", in: $0) == 4 && String(decoding: $0, as: UTF8.self).hasSuffix("/delay/200") }
        let text = String(decoding: out, as: UTF8.self)
        let order = paths.map { text.range(of: "\r\n\r\n\($0)")!.lowerBound }
        XCTAssertEqual(order, order.sorted())
    }

    func testGracefulShutdownAnswersInFlight() throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: DelayHandler())
        let address = try server.start()
        let fd = try connect(address)
        defer { close(fd) }
        send(fd, Array("GET /delay/300 HTTP/1.1\r\n\r\n".utf8))
        Thread.sleep(forTimeInterval: 0.1)
        let done = DispatchSemaphore(value: 0)
        server.shutdown(gracePeriod: 5) { done.signal() }
        let out = String(decoding: receive(fd) { _ in false }, as: UTF8.self)
        XCTAssertTrue(out.hasPrefix("HTTP/1.1 200 OK"), out)
        XCTAssertTrue(out.contains("Connection: close"))
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(server.connectionCount, 0)
    }

    func testWebSocketServerPush() throws {
        let push = PushHandler()
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: DelayHandler(), webSocketHandler: push)
        let address = try server.start()
        defer { server.shutdownAndWait(gracePeriod: 2) }
        let fd = try connect(address)
        defer { close(fd) }
        send(fd, Array("GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8))
        let head = String(decoding: receive(fd) { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }, as: UTF8.self)
        XCTAssertTrue(head.hasPrefix("HTTP/1.1 101 Switching Protocols"))
        XCTAssertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
        XCTAssertEqual(push.opened.wait(timeout: .now() + 5), .success)
        // A subscription-style push from another thread, then an echo.
        DispatchQueue.global().async { push.connection?.send(text: "pushed") }
        XCTAssertEqual(receive(fd) { $0.count >= 8 }, WebSocketFrameEncoder.encode(.text, payload: Array("pushed".utf8)))
        send(fd, WebSocketFrameEncoder.encode(.binary, payload: [1, 2, 3], mask: (9, 8, 7, 6)))
        XCTAssertEqual(receive(fd) { $0.count >= 5 }, [0x82, 3, 1, 2, 3])
        send(fd, WebSocketFrameEncoder.encode(.close, payload: [0x03, 0xE8], mask: (1, 2, 3, 4)))
        XCTAssertEqual(receive(fd) { $0.count >= 4 }, [0x88, 2, 0x03, 0xE8])
        XCTAssertEqual(push.closed.wait(timeout: .now() + 5), .success)
    }

    private func openDescriptorCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }

    func testServersReleaseTheirDescriptors() throws {
        // Warm up lazily opened descriptors (Dispatch's own) before counting.
        do {
            let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: DelayHandler())
            try server.start()
            server.shutdownAndWait(gracePeriod: 1)
        }
        Thread.sleep(forTimeInterval: 0.2)
        let before = openDescriptorCount()
        for _ in 0..<5 {
            let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: DelayHandler())
            let address = try server.start()
            let fd = try connect(address)
            send(fd, Array("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi".utf8))
            XCTAssertTrue(String(decoding: receive(fd) { $0.count >= 40 }, as: UTF8.self).hasSuffix("hi"))
            close(fd)
            server.shutdownAndWait(gracePeriod: 1)
        }
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertLessThanOrEqual(openDescriptorCount(), before + 2)
    }

    func testSyscallErrorCarriesErrno() {
        XCTAssertThrowsError(try syscall("close") { close(-1) }) { error in
            XCTAssertEqual((error as? SyscallError)?.errno, EBADF)
            XCTAssertTrue("\(error)".contains("close failed"))
        }
        XCTAssertGreaterThan(raiseFileDescriptorLimit(), 0)
    }

    func testBindFailureThrows() throws {
        let first = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: DelayHandler())
        let address = try first.start()
        defer { first.shutdownAndWait(gracePeriod: 1) }
        let second = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: address.port), handler: DelayHandler())
        XCTAssertThrowsError(try second.start()) { XCTAssertEqual(($0 as? SyscallError)?.errno, EADDRINUSE) }
    }
}
