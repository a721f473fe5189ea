import Dispatch
import Foundation
import HTTPServer
import Lanes
import RPC
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// End to end through a real `RPCServer` on port 0 with a blocking POSIX client.
final class RPCServerTests: XCTestCase, @unchecked Sendable {
    var server: RPCServer!
    var address: SocketAddress!

    override func setUpWithError() throws {
        let registry = RPCRegistry()
        registry.registerCallback("test_sleep", params: 1...1) { call, complete in
            let ms = Int((try? call.params.uint64(0)) ?? 0)
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) { complete(.success("slept")) }
        }
        // A subscription-shaped method: answers with an id, then pushes two notifications.
        registry.register("test_subscribe") { call in
            guard let session = call.session else { throw RPCError.server("notifications not supported") }
            let id = "0x1234"
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) {
                session.notify(subscription: id, result: "0x1")
                session.notify(subscription: id, result: "0x2")
            }
            return .string(id)
        }
        server = RPCServer(registry: registry, configuration: RPCServerConfiguration(host: "127.0.0.1", port: 0))
        address = try server.start()
    }

    override func tearDown() {
        server.shutdownAndWait(gracePeriod: 2)
    }

    // MARK: - A tiny blocking client

    func connect() throws -> Int32 {
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

    func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func receive(_ fd: Int32, until predicate: ([UInt8]) -> Bool) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !predicate(out) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// One HTTP exchange on a fresh connection: the status line, headers and body.
    func http(_ method: String, body: String = "", headers: [String] = []) throws -> (head: String, body: String) {
        let fd = try connect()
        defer { close(fd) }
        var request = "\(method) / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        for h in headers { request += h + "\r\n" }
        if !body.isEmpty || method == "POST" { request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + body
        send(fd, Array(request.utf8))
        let text = String(decoding: receive(fd) { _ in false }, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return (text, "") }
        return (String(text[..<split.lowerBound]), String(text[split.upperBound...]))
    }

    // MARK: - HTTP

    func testPostAnswersJSON() throws {
        let r = try http("POST", body: #"{"jsonrpc":"2.0","id":1,"method":"web3_clientVersion"}"#, headers: ["Origin: http://localhost:3000"])
        XCTAssertTrue(r.head.hasPrefix("HTTP/1.1 200"), r.head)
        XCTAssertTrue(r.head.contains("Content-Type: application/json"), r.head)
        XCTAssertTrue(r.head.contains("Access-Control-Allow-Origin: *"), r.head)
        XCTAssertEqual(r.body, #"{"jsonrpc":"2.0","id":1,"result":"\#(LanesVersion.clientVersion)"}"#)
        XCTAssertEqual(LanesVersion.clientVersion, "lanes/v" + LanesVersion.number)

        let sha = try http("POST", body: #"[{"jsonrpc":"2.0","id":"a","method":"web3_sha3","params":["0x"]},{"jsonrpc":"2.0","id":2,"method":"nope"}]"#)
        XCTAssertEqual(sha.body, #"[{"jsonrpc":"2.0","id":"a","result":"0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"the method nope does not exist/is not available"}}]"#)

        let bad = try http("POST", body: "{not json")
        XCTAssertTrue(bad.head.hasPrefix("HTTP/1.1 200"))
        XCTAssertEqual(bad.body, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#)

        let notification = try http("POST", body: #"{"jsonrpc":"2.0","method":"web3_clientVersion"}"#)
        XCTAssertTrue(notification.head.hasPrefix("HTTP/1.1 200"))
        XCTAssertTrue(notification.head.contains("Content-Length: 0"), notification.head)
        XCTAssertEqual(notification.body, "")
    }

    func testOtherMethodsAndCORSPreflight() throws {
        let preflight = try http("OPTIONS", headers: ["Origin: http://localhost:3000", "Access-Control-Request-Method: POST",
                                                      "Access-Control-Request-Headers: content-type"])
        XCTAssertTrue(preflight.head.hasPrefix("HTTP/1.1 204"), preflight.head)
        XCTAssertTrue(preflight.head.contains("Access-Control-Allow-Origin: *"), preflight.head)
        XCTAssertTrue(preflight.head.contains("Access-Control-Allow-Methods:"), preflight.head)
        XCTAssertTrue(preflight.head.contains("Access-Control-Allow-Headers: content-type"), preflight.head)

        let get = try http("GET")
        XCTAssertTrue(get.head.hasPrefix("HTTP/1.1 200"), get.head)
        XCTAssertEqual(get.body, "")
        let put = try http("PUT", body: "{}")
        XCTAssertTrue(put.head.hasPrefix("HTTP/1.1 405"), put.head)
        XCTAssertTrue(put.head.contains("Allow: GET, POST, HEAD, OPTIONS"), put.head)
    }

    func testSlowCallDoesNotDelayOtherConnections() throws {
        let slowDone = DispatchSemaphore(value: 0)
        let started = Date()
        DispatchQueue.global().async {
            _ = try? self.http("POST", body: #"{"jsonrpc":"2.0","id":1,"method":"test_sleep","params":["0x3e8"]}"#)
            slowDone.signal()
        }
        Thread.sleep(forTimeInterval: 0.05)
        for _ in 0..<20 {
            let fast = try http("POST", body: #"{"jsonrpc":"2.0","id":2,"method":"web3_clientVersion"}"#)
            XCTAssertTrue(fast.body.contains("lanes/v"))
        }
        // All twenty fast calls finished while the 1 s call was still pending.
        XCTAssertEqual(slowDone.wait(timeout: .now()), .timedOut)
        XCTAssertEqual(slowDone.wait(timeout: .now() + 5), .success)
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.9)
    }

    // MARK: - WebSocket

    /// Reads one unmasked server frame's text payload.
    func readFrame(_ fd: Int32, buffered: inout [UInt8]) -> String? {
        func need(_ n: Int) -> Bool {
            if buffered.count >= n { return true }
            buffered += receive(fd) { $0.count + buffered.count >= n }
            return buffered.count >= n
        }
        guard need(2) else { return nil }
        var length = Int(buffered[1] & 0x7F)
        var header = 2
        if length == 126 {
            guard need(4) else { return nil }
            length = Int(buffered[2]) << 8 | Int(buffered[3])
            header = 4
        }
        guard need(header + length) else { return nil }
        let payload = Array(buffered[header..<(header + length)])
        buffered.removeFirst(header + length)
        return String(decoding: payload, as: UTF8.self)
    }

    func testWebSocketCallsAndSubscriptionPush() throws {
        let fd = try connect()
        defer { close(fd) }
        send(fd, Array("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8))
        var buffered = receive(fd) { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }
        let head = String(decoding: buffered, as: UTF8.self)
        XCTAssertTrue(head.hasPrefix("HTTP/1.1 101"), head)
        buffered.removeFirst(head.range(of: "\r\n\r\n")!.upperBound.utf16Offset(in: head))

        func call(_ text: String) { send(fd, WebSocketFrameEncoder.encode(.text, payload: Array(text.utf8), mask: (1, 2, 3, 4))) }

        call(#"{"jsonrpc":"2.0","id":1,"method":"web3_clientVersion"}"#)
        XCTAssertEqual(readFrame(fd, buffered: &buffered), #"{"jsonrpc":"2.0","id":1,"result":"\#(LanesVersion.clientVersion)"}"#)
        call("[]")
        XCTAssertEqual(readFrame(fd, buffered: &buffered), #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"empty batch"}}"#)
        XCTAssertEqual(server.sessionCount, 1)

        call(#"{"jsonrpc":"2.0","id":2,"method":"test_subscribe"}"#)
        XCTAssertEqual(readFrame(fd, buffered: &buffered), #"{"jsonrpc":"2.0","id":2,"result":"0x1234"}"#)
        XCTAssertEqual(readFrame(fd, buffered: &buffered), #"{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x1234","result":"0x1"}}"#)
        XCTAssertEqual(readFrame(fd, buffered: &buffered), #"{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x1234","result":"0x2"}}"#)

        // Over HTTP the same method has no session to push to.
        let overHTTP = try http("POST", body: #"{"jsonrpc":"2.0","id":3,"method":"test_subscribe"}"#)
        XCTAssertEqual(overHTTP.body, #"{"jsonrpc":"2.0","id":3,"error":{"code":-32000,"message":"notifications not supported"}}"#)

        send(fd, WebSocketFrameEncoder.encode(.close, payload: [0x03, 0xE8], mask: (1, 2, 3, 4)))
        _ = receive(fd) { _ in false }
        let deadline = Date().addingTimeInterval(5)
        while server.sessionCount != 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertEqual(server.sessionCount, 0)
    }
}
