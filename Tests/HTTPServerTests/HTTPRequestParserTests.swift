import XCTest
import HTTPServer

final class HTTPRequestParserTests: XCTestCase {
    private func parseAll(_ text: String, parser: inout HTTPRequestParser) throws -> [HTTPRequestParser.Event] {
        parser.append(Array(text.utf8))
        var events: [HTTPRequestParser.Event] = []
        while let e = try parser.next() { events.append(e) }
        return events
    }

    private func requests(_ events: [HTTPRequestParser.Event]) -> [HTTPRequest] {
        events.compactMap { if case .request(let r) = $0 { r } else { nil } }
    }

    func testSimpleGet() throws {
        var p = HTTPRequestParser()
        let events = try parseAll("GET /path?x=1 HTTP/1.1\r\nHost: a\r\nX-Multi: 1\r\nx-multi: 2\r\n\r\n", parser: &p)
        XCTAssertEqual(events.count, 1)
        let r = try XCTUnwrap(requests(events).first)
        XCTAssertEqual(r.method, "GET")
        XCTAssertEqual(r.target, "/path?x=1")
        XCTAssertEqual(r.path, "/path")
        XCTAssertEqual(r.minorVersion, 1)
        XCTAssertEqual(r.headers["host"], "a")
        XCTAssertEqual(r.headers.values(of: "X-MULTI"), ["1", "2"])
        XCTAssertTrue(p.isIdle)
    }

    func testContentLengthBody() throws {
        var p = HTTPRequestParser()
        let events = try parseAll("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", parser: &p)
        XCTAssertEqual(events.count, 2)
        guard case .head(let head) = events[0] else { return XCTFail() }
        XCTAssertEqual(head.body, [])
        XCTAssertEqual(requests(events).first?.body, Array("hello".utf8))
    }

    func testChunkedBodyWithExtensionsAndTrailers() throws {
        var p = HTTPRequestParser()
        let text = "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n"
        let r = try XCTUnwrap(requests(try parseAll(text, parser: &p)).first)
        XCTAssertEqual(String(decoding: r.body, as: UTF8.self), "hello world")
        XCTAssertTrue(p.isIdle)
    }

    func testOneByteAtATime() throws {
        let text = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
        var p = HTTPRequestParser()
        var got: [HTTPRequest] = []
        for byte in text.utf8 {
            p.append([byte])
            while let e = try p.next() { if case .request(let r) = e { got.append(r) } }
        }
        XCTAssertEqual(got.map(\.target), ["/a", "/b"])
        XCTAssertEqual(got.map { String(decoding: $0.body, as: UTF8.self) }, ["abc", "xy"])
    }

    func testTwentyRequestsInOneRead() throws {
        var text = ""
        for i in 0..<20 { text += "GET /\(i) HTTP/1.1\r\nHost: x\r\n\r\n" }
        var p = HTTPRequestParser()
        let got = requests(try parseAll(text, parser: &p))
        XCTAssertEqual(got.map(\.target), (0..<20).map { "/\($0)" })
    }

    func testLeadingEmptyLinesIgnored() throws {
        var p = HTTPRequestParser()
        XCTAssertEqual(requests(try parseAll("\r\n\r\nGET / HTTP/1.1\r\n\r\n", parser: &p)).count, 1)
    }

    func testHTTP10AndKeepAliveSemantics() throws {
        var p = HTTPRequestParser()
        let r = try XCTUnwrap(requests(try parseAll("GET / HTTP/1.0\r\n\r\n", parser: &p)).first)
        XCTAssertEqual(r.minorVersion, 0)
        XCTAssertFalse(r.wantsKeepAlive)
        var r2 = r
        r2.headers = ["Connection": "Keep-Alive"]
        XCTAssertTrue(r2.wantsKeepAlive)
        XCTAssertFalse(HTTPRequest(method: "GET", target: "/", headers: ["Connection": "close"]).wantsKeepAlive)
    }

    func testHeadersTooLarge() {
        var p = HTTPRequestParser(maxHeaderBytes: 1024)
        p.append(Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 2000)).utf8))
        XCTAssertThrowsError(try p.next()) { XCTAssertEqual(($0 as? HTTPParseError)?.status, 431) }
    }

    func testHeadersTooLargeCompleteHead() {
        var p = HTTPRequestParser(maxHeaderBytes: 100)
        p.append(Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 150) + "\r\n\r\n").utf8))
        XCTAssertThrowsError(try p.next()) { XCTAssertEqual($0 as? HTTPParseError, .headersTooLarge) }
    }

    func testBodyTooLargeByContentLength() {
        var p = HTTPRequestParser(maxBodyBytes: 10)
        p.append(Array("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n".utf8))
        XCTAssertThrowsError(try p.next()) { XCTAssertEqual($0 as? HTTPParseError, .bodyTooLarge) }
    }

    func testBodyTooLargeByChunks() throws {
        var p = HTTPRequestParser(maxBodyBytes: 10)
        p.append(Array("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n".utf8))
        XCTAssertNotNil(try p.next())  // head
        XCTAssertThrowsError(try p.next()) { XCTAssertEqual($0 as? HTTPParseError, .bodyTooLarge) }
    }

    func testHugeChunkSizeRejected() throws {
        var p = HTTPRequestParser()
        p.append(Array("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFF\r\n".utf8))
        _ = try p.next()
        XCTAssertThrowsError(try p.next()) { XCTAssertEqual($0 as? HTTPParseError, .bodyTooLarge) }
    }

    func testMalformedInputs() {
        let bad = [
            "GET\r\n\r\n",
            "GET / HTTP/1.1 extra\r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n",
            "GET / HTTX/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
            "GET / HTTP/1.1\r\n folded: x\r\n\r\n",
            "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n",
            "GET / HTTP/1.1\r\nA: b\nc: d\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n",
            "\u{01}\u{02}\u{03}\u{ff}garbage\r\n\r\n",
        ]
        for text in bad {
            var p = HTTPRequestParser()
            p.append(Array(text.utf8))
            XCTAssertThrowsError(try { while try p.next() != nil {} }(), text.debugDescription) { error in
                XCTAssertEqual((error as? HTTPParseError)?.status, 400, text.debugDescription)
            }
        }
    }

    func testUnsupportedVersionAndCoding() {
        var p = HTTPRequestParser()
        p.append(Array("GET / HTTP/2.0\r\n\r\n".utf8))
        XCTAssertThrowsError(try p.next()) { XCTAssertEqual(($0 as? HTTPParseError)?.status, 505) }
        var q = HTTPRequestParser()
        q.append(Array("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n".utf8))
        XCTAssertThrowsError(try q.next()) { XCTAssertEqual(($0 as? HTTPParseError)?.status, 501) }
    }

    func testTakeBufferedBytesAfterUpgrade() throws {
        var p = HTTPRequestParser()
        p.append(Array("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\u{81}\u{80}".utf8))
        _ = try p.next()
        XCTAssertEqual(p.takeBufferedBytes(), Array("\u{81}\u{80}".utf8))
    }

    func testLargeBodyAcrossManyReads() throws {
        var p = HTTPRequestParser()
        let body = (0..<300_000).map { UInt8($0 & 0xFF) }
        p.append(Array("POST / HTTP/1.1\r\nContent-Length: \(body.count)\r\n\r\n".utf8))
        var result: HTTPRequest?
        var offset = 0
        while result == nil {
            let end = min(body.count, offset + 7777)
            p.append(body[offset..<end])
            offset = end
            while let e = try p.next() { if case .request(let r) = e { result = r } }
        }
        XCTAssertEqual(result?.body, body)
    }
}
