import XCTest
import HTTPServer

typealias SM = HTTPConnectionStateMachine

extension [SM.Action] {
    var dispatched: [(HTTPRequest, Int)] {
        compactMap { if case .dispatch(let r, let s) = $0 { (r, s) } else { nil } }
    }
    var written: String {
        map { if case .write(let b) = $0 { String(decoding: b, as: UTF8.self) } else { "" } }.joined()
    }
    var closes: Bool { contains(.close) }
}

final class HTTPConnectionStateMachineTests: XCTestCase {
    private func ok(_ text: String = "ok") -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array(text.utf8))
    }

    private func send(_ sm: inout SM, _ text: String) -> [SM.Action] { sm.bytesReceived(Array(text.utf8)) }

    func testOpenArmsIdleTimer() {
        var sm = SM()
        XCTAssertEqual(sm.connectionOpened(), [.startTimer(.idle, seconds: 60)])
    }

    func testKeepAlive() {
        var sm = SM()
        _ = sm.connectionOpened()
        for i in 0..<3 {
            let a = send(&sm, "GET /\(i) HTTP/1.1\r\n\r\n")
            XCTAssertEqual(a.dispatched.count, 1)
            XCTAssertTrue(a.contains(.cancelTimer))
            let b = sm.responseReady(ok("r\(i)"), sequence: a.dispatched[0].1)
            XCTAssertEqual(b.written, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nr\(i)")
            XCTAssertTrue(b.contains(.startTimer(.idle, seconds: 60)))
            XCTAssertFalse(b.closes)
        }
    }

    func testPipelinedResponsesInOrderEvenWhenAnsweredOutOfOrder() {
        var sm = SM()
        var text = ""
        for i in 0..<20 { text += "GET /\(i) HTTP/1.1\r\n\r\n" }
        let a = send(&sm, text)
        let d = a.dispatched
        XCTAssertEqual(d.map(\.0.target), (0..<20).map { "/\($0)" })
        var out = ""
        for (req, seq) in d.reversed() {
            out += sm.responseReady(ok(String(req.target.dropFirst())), sequence: seq).written
            if seq != 0 { XCTAssertEqual(out, "") }
        }
        let bodies = out.components(separatedBy: "\r\n\r\n").dropFirst().map { $0.prefix { $0 != "H" } }
        XCTAssertEqual(bodies.map(String.init), (0..<20).map { "\($0)" })
    }

    func testOneByteAtATime() {
        var sm = SM()
        let text = "POST /echo HTTP/1.1\r\nContent-Length: 4\r\n\r\nbodyGET / HTTP/1.1\r\n\r\n"
        var dispatched: [HTTPRequest] = []
        for b in text.utf8 { dispatched += sm.bytesReceived([b]).dispatched.map(\.0) }
        XCTAssertEqual(dispatched.map(\.target), ["/echo", "/"])
        XCTAssertEqual(dispatched[0].body, Array("body".utf8))
    }

    func testHeaderTimerNotResetByTrickle() {
        var sm = SM(configuration: { var c = SM.Configuration(); c.headerTimeout = 3; return c }())
        _ = sm.connectionOpened()
        let first = send(&sm, "GET / HT")
        XCTAssertEqual(first, [.startTimer(.header, seconds: 3)])
        XCTAssertEqual(send(&sm, "TP/1.1\r\n"), [])  // slowloris: no new deadline
        let fired = sm.timerFired()
        XCTAssertTrue(fired.written.hasPrefix("HTTP/1.1 408 Request Timeout"))
        XCTAssertTrue(fired.closes)
    }

    func testIdleTimeoutCloses() {
        var sm = SM()
        _ = sm.connectionOpened()
        XCTAssertEqual(sm.timerFired(), [.close])
        XCTAssertEqual(send(&sm, "GET / HTTP/1.1\r\n\r\n"), [])
    }

    func testBodyStallTimesOutWith408() {
        var sm = SM()
        let a = send(&sm, "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nab")
        XCTAssertTrue(a.contains(.startTimer(.idle, seconds: 60)))
        XCTAssertTrue(send(&sm, "c").contains(.startTimer(.idle, seconds: 60)))  // progress resets
        let fired = sm.timerFired()
        XCTAssertTrue(fired.written.hasPrefix("HTTP/1.1 408"))
        XCTAssertTrue(fired.closes)
    }

    func testNoTimerWhileHandlerRuns() {
        var sm = SM()
        _ = sm.connectionOpened()
        let a = send(&sm, "GET / HTTP/1.1\r\n\r\n")
        XCTAssertEqual(a.last, .cancelTimer)
        XCTAssertEqual(sm.timerFired(), [])
    }

    func testConnectionClose() {
        var sm = SM()
        let a = send(&sm, "GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET /ignored HTTP/1.1\r\n\r\n")
        XCTAssertEqual(a.dispatched.count, 1)
        let b = sm.responseReady(ok(), sequence: 0)
        XCTAssertTrue(b.written.contains("Connection: close\r\n"))
        XCTAssertEqual(b.last, .close)
        XCTAssertTrue(sm.isClosed)
    }

    func testHTTP10ClosesUnlessKeepAlive() {
        var sm = SM()
        _ = send(&sm, "GET / HTTP/1.0\r\n\r\n")
        XCTAssertTrue(sm.responseReady(ok(), sequence: 0).closes)
        var sm2 = SM()
        _ = send(&sm2, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertFalse(sm2.responseReady(ok(), sequence: 0).closes)
    }

    func testHeadOmitsBody() {
        var sm = SM()
        _ = send(&sm, "HEAD / HTTP/1.1\r\n\r\n")
        let w = sm.responseReady(ok("hello"), sequence: 0).written
        XCTAssertEqual(w, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n")
    }

    func testOptionsAnsweredByServer() {
        var sm = SM()
        let a = send(&sm, "OPTIONS * HTTP/1.1\r\n\r\n")
        XCTAssertTrue(a.dispatched.isEmpty)
        XCTAssertTrue(a.written.hasPrefix("HTTP/1.1 204 No Content\r\nAllow: GET, POST, HEAD, OPTIONS\r\n"))
    }

    func testCORSPreflightAndSimpleRequest() {
        var sm = SM()
        let a = send(&sm, "OPTIONS / HTTP/1.1\r\nOrigin: http://app\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n")
        let w = a.written
        XCTAssertTrue(w.hasPrefix("HTTP/1.1 204"))
        XCTAssertTrue(w.contains("Access-Control-Allow-Origin: *\r\n"))
        XCTAssertTrue(w.contains("Access-Control-Allow-Methods: GET, POST, HEAD, OPTIONS\r\n"))
        XCTAssertTrue(w.contains("Access-Control-Allow-Headers: content-type\r\n"))
        let b = send(&sm, "POST / HTTP/1.1\r\nOrigin: http://app\r\nContent-Length: 0\r\n\r\n")
        XCTAssertTrue(sm.responseReady(ok(), sequence: b.dispatched[0].1).written.contains("Access-Control-Allow-Origin: *\r\n"))
    }

    func testCORSRestrictedOrigins() {
        var config = SM.Configuration()
        config.allowedOrigins = ["http://good"]
        var sm = SM(configuration: config)
        let bad = send(&sm, "OPTIONS / HTTP/1.1\r\nOrigin: http://evil\r\nAccess-Control-Request-Method: POST\r\n\r\n").written
        XCTAssertTrue(bad.hasPrefix("HTTP/1.1 403"))
        XCTAssertFalse(bad.contains("Access-Control-Allow-Origin"))
        let a = send(&sm, "GET / HTTP/1.1\r\nOrigin: http://good\r\n\r\n")
        let w = sm.responseReady(ok(), sequence: a.dispatched[0].1).written
        XCTAssertTrue(w.contains("Access-Control-Allow-Origin: http://good\r\nVary: Origin\r\n"))
    }

    func testExpectContinue() {
        var sm = SM()
        let a = send(&sm, "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        XCTAssertEqual(a.written, "HTTP/1.1 100 Continue\r\n\r\n")
        XCTAssertTrue(a.dispatched.isEmpty)
        let b = send(&sm, "abc")
        XCTAssertEqual(b.dispatched.first?.0.body, Array("abc".utf8))
        XCTAssertTrue(sm.responseReady(ok(), sequence: b.dispatched[0].1).written.hasPrefix("HTTP/1.1 200"))
    }

    func testExpectContinueWaitsForEarlierResponse() {
        var sm = SM()
        let a = send(&sm, "GET / HTTP/1.1\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n")
        XCTAssertEqual(a.written, "")
        let b = sm.responseReady(ok(), sequence: 0).written
        XCTAssertTrue(b.hasPrefix("HTTP/1.1 200 OK"))
        XCTAssertTrue(b.hasSuffix("HTTP/1.1 100 Continue\r\n\r\n"))
    }

    func testExpectContinueTooLargeGets413NotContinue() {
        var config = SM.Configuration()
        config.maxBodyBytes = 10
        var sm = SM(configuration: config)
        let a = send(&sm, "POST / HTTP/1.1\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
        XCTAssertTrue(a.written.hasPrefix("HTTP/1.1 413"))
        XCTAssertFalse(a.written.contains("100 Continue"))
        XCTAssertTrue(a.closes)
    }

    func testUnknownExpectation() {
        var sm = SM()
        let a = send(&sm, "POST / HTTP/1.1\r\nContent-Length: 1\r\nExpect: magic\r\n\r\n")
        XCTAssertTrue(a.written.hasPrefix("HTTP/1.1 417"))
        XCTAssertTrue(a.closes)
    }

    func testLimits() {
        var config = SM.Configuration()
        config.maxHeaderBytes = 64
        var sm = SM(configuration: config)
        let a = send(&sm, "GET / HTTP/1.1\r\nX: " + String(repeating: "x", count: 100))
        XCTAssertTrue(a.written.hasPrefix("HTTP/1.1 431"))
        XCTAssertTrue(a.closes)
        var sm2 = SM()
        let b = send(&sm2, "\u{00}\u{01}binary garbage\u{7f}\r\n\r\n")
        XCTAssertTrue(b.written.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        XCTAssertTrue(b.closes)
    }

    func testErrorAfterPipelinedRequestWaitsForIt() {
        var sm = SM()
        let a = send(&sm, "GET / HTTP/1.1\r\n\r\nBROKEN\r\n\r\n")
        XCTAssertEqual(a.dispatched.count, 1)
        XCTAssertEqual(a.written, "")
        let b = sm.responseReady(ok("first"), sequence: 0)
        XCTAssertTrue(b.written.hasPrefix("HTTP/1.1 200 OK"))
        XCTAssertTrue(b.written.contains("HTTP/1.1 400"))
        XCTAssertTrue(b.closes)
    }

    func testHalfClosedClientStillAnswered() {
        var sm = SM()
        _ = send(&sm, "GET / HTTP/1.1\r\n\r\n")
        XCTAssertEqual(sm.inputEnded(), [])
        let b = sm.responseReady(ok(), sequence: 0)
        XCTAssertTrue(b.written.hasPrefix("HTTP/1.1 200"))
        XCTAssertTrue(b.closes)
    }

    func testEndOfInputWhenIdleCloses() {
        var sm = SM()
        XCTAssertEqual(sm.inputEnded(), [.close])
    }

    func testPipelineLimitPausesAndResumes() {
        var config = SM.Configuration()
        config.maxPipelinedRequests = 2
        var sm = SM(configuration: config)
        let a = send(&sm, String(repeating: "GET / HTTP/1.1\r\n\r\n", count: 5))
        XCTAssertEqual(a.dispatched.map(\.1), [0, 1])
        XCTAssertTrue(a.contains(.pauseReading))
        let b = sm.responseReady(ok(), sequence: 0)
        XCTAssertEqual(b.dispatched.map(\.1), [2])
        let c = sm.responseReady(ok(), sequence: 1)
        XCTAssertEqual(c.dispatched.map(\.1), [3])
        _ = sm.responseReady(ok(), sequence: 2)
        let d = sm.responseReady(ok(), sequence: 3)
        XCTAssertTrue(d.contains(.resumeReading))
    }

    func testWriteBackPressure() {
        var sm = SM()
        XCTAssertEqual(sm.writeBacklogChanged(2 << 20), [.pauseReading])
        XCTAssertEqual(sm.writeBacklogChanged(512 * 1024), [])
        XCTAssertEqual(sm.writeBacklogChanged(0), [.resumeReading])
    }

    func testGracefulShutdownFinishesInFlight() {
        var sm = SM()
        _ = send(&sm, "GET / HTTP/1.1\r\n\r\n")
        XCTAssertEqual(sm.shutdownRequested(), [])
        XCTAssertEqual(send(&sm, "GET /new HTTP/1.1\r\n\r\n"), [])
        let b = sm.responseReady(ok(), sequence: 0)
        XCTAssertTrue(b.written.contains("Connection: close"))
        XCTAssertTrue(b.closes)
        var idle = SM()
        XCTAssertEqual(idle.shutdownRequested(), [.close])
    }

    func testWebSocketUpgrade() {
        var sm = SM()
        let a = sm.bytesReceived(Array("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8) + [0x81])
        guard case .upgrade(let req, let leftover) = a.last else { return XCTFail("\(a)") }
        XCTAssertEqual(req.target, "/ws")
        XCTAssertEqual(leftover, [0x81])
        var bad = SM()
        let b = send(&bad, "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 8\r\n\r\n")
        XCTAssertTrue(b.written.hasPrefix("HTTP/1.1 426"))
    }

    func testUpgradeWaitsForEarlierResponses() {
        var sm = SM()
        let a = send(&sm, "GET / HTTP/1.1\r\n\r\nGET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: k\r\nSec-WebSocket-Version: 13\r\n\r\n")
        XCTAssertFalse(a.contains { if case .upgrade = $0 { true } else { false } })
        let b = sm.responseReady(ok(), sequence: 0)
        XCTAssertTrue(b.written.hasPrefix("HTTP/1.1 200"))
        XCTAssertTrue(b.contains { if case .upgrade = $0 { true } else { false } })
    }

    func testUpgradeDisabledDispatchesAsGet() {
        var config = SM.Configuration()
        config.webSocketEnabled = false
        var sm = SM(configuration: config)
        let a = send(&sm, "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: k\r\nSec-WebSocket-Version: 13\r\n\r\n")
        XCTAssertEqual(a.dispatched.count, 1)
    }

    func testLateAndDuplicateResponsesIgnored() {
        var sm = SM()
        _ = send(&sm, "GET / HTTP/1.1\r\n\r\n")
        XCTAssertFalse(sm.responseReady(ok(), sequence: 0).isEmpty)
        XCTAssertTrue(sm.responseReady(ok(), sequence: 0).isEmpty)
        XCTAssertTrue(sm.responseReady(ok(), sequence: 99).isEmpty)
    }
}
