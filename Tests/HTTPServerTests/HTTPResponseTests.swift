import XCTest
import HTTPServer

final class HTTPResponseTests: XCTestCase {
    func testSerialization() {
        let r = HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array("{}".utf8))
        XCTAssertEqual(String(decoding: r.serialized(includeBody: true, close: false), as: UTF8.self),
                       "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        XCTAssertEqual(String(decoding: r.serialized(includeBody: false, close: true), as: UTF8.self),
                       "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n")
    }

    func testHeaderInjectionStripped() {
        let r = HTTPResponse(status: 200, headers: ["X": "a\r\nInjected: 1"])
        let text = String(decoding: r.serialized(includeBody: true, close: false), as: UTF8.self)
        XCTAssertFalse(text.contains("\r\nInjected"))
    }

    func testNoContentHasNoLength() {
        let text = String(decoding: HTTPResponse(status: 204).serialized(includeBody: true, close: false), as: UTF8.self)
        XCTAssertEqual(text, "HTTP/1.1 204 No Content\r\n\r\n")
    }

    func testHeadersCaseInsensitive() {
        var h: HTTPHeaders = ["Connection": "keep-alive, Upgrade"]
        XCTAssertTrue(h.containsToken("upgrade", in: "connection"))
        h.replaceOrAdd(name: "CONNECTION", value: "close")
        XCTAssertEqual(h.count, 1)
        XCTAssertEqual(h["connection"], "close")
        let odd: HTTPHeaders = ["a[": "1"]
        XCTAssertNil(odd["A{"])
    }

    func testWebSocketAcceptValue() {
        // RFC 6455 §1.3's example.
        XCTAssertEqual(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }
}
