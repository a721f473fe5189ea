import XCTest
import HTTPServer

final class WebSocketTests: XCTestCase {
    let key: (UInt8, UInt8, UInt8, UInt8) = (0x12, 0x34, 0x56, 0x78)

    private func clientFrame(_ op: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
        WebSocketFrameEncoder.encode(op, payload: payload, fin: fin, mask: key)
    }

    func testRoundTripLengths() throws {
        for n in [0, 1, 125, 126, 65535, 65536, 200_000] {
            let payload = (0..<n).map { UInt8($0 % 251) }
            var d = WebSocketFrameDecoder(maxFrameBytes: 1 << 20)
            d.append(clientFrame(.binary, payload))
            let f = try XCTUnwrap(try d.next())
            XCTAssertEqual(f.payload, payload)
            XCTAssertEqual(f.opcode, .binary)
            XCTAssertTrue(f.fin)
        }
    }

    func testDecoderByteAtATime() throws {
        var d = WebSocketFrameDecoder(maxFrameBytes: 1000)
        let bytes = clientFrame(.text, Array("hello".utf8)) + clientFrame(.ping, [1, 2])
        var frames: [WebSocketFrame] = []
        for b in bytes {
            d.append([b])
            while let f = try d.next() { frames.append(f) }
        }
        XCTAssertEqual(frames, [WebSocketFrame(opcode: .text, payload: Array("hello".utf8)), WebSocketFrame(opcode: .ping, payload: [1, 2])])
    }

    func testDecoderRejects() {
        let cases: [([UInt8], WebSocketError)] = [
            (WebSocketFrameEncoder.encode(.text, payload: [UInt8]("x".utf8)), .protocolError("unmasked client frame")),
            ([0xC1, 0x80, 0, 0, 0, 0], .protocolError("reserved bits set")),
            ([0x83, 0x80, 0, 0, 0, 0], .protocolError("unknown opcode")),
            ([0x09, 0x80, 0, 0, 0, 0], .protocolError("bad control frame")),
            ([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0], .protocolError("64-bit length with top bit set")),
            ([0x82, 0xFE, 0x10, 0x00], .messageTooBig),
        ]
        for (bytes, expected) in cases {
            var d = WebSocketFrameDecoder(maxFrameBytes: 100)
            d.append(bytes)
            XCTAssertThrowsError(try d.next()) { XCTAssertEqual($0 as? WebSocketError, expected) }
        }
    }

    func testFragmentedMessageWithInterleavedPing() {
        var sm = WebSocketStateMachine()
        var a = sm.bytesReceived(clientFrame(.text, Array("hel".utf8), fin: false))
        XCTAssertEqual(a, [])
        a = sm.bytesReceived(clientFrame(.ping, [9]))
        XCTAssertEqual(a, [.write(WebSocketFrameEncoder.encode(.pong, payload: [UInt8]([9])))])
        a = sm.bytesReceived(clientFrame(.continuation, Array("lo ".utf8), fin: false) + clientFrame(.continuation, Array("world".utf8)))
        XCTAssertEqual(a, [.deliver(.text("hello world"))])
    }

    func testMessageSizeLimitAcrossFragments() {
        var sm = WebSocketStateMachine(maxMessageBytes: 8)
        _ = sm.bytesReceived(clientFrame(.binary, [1, 2, 3, 4, 5], fin: false))
        let a = sm.bytesReceived(clientFrame(.continuation, [6, 7, 8, 9]))
        XCTAssertEqual(a, [.write(WebSocketStateMachine.closeFrame(code: 1009, reason: "")), .close])
    }

    func testInvalidUTF8Closes1007() {
        var sm = WebSocketStateMachine()
        let a = sm.bytesReceived(clientFrame(.text, [0xFF, 0xFE]))
        XCTAssertEqual(a, [.write(WebSocketStateMachine.closeFrame(code: 1007, reason: "")), .close])
    }

    func testContinuationWithoutStartAndNestedStart() {
        var sm = WebSocketStateMachine()
        XCTAssertEqual(sm.bytesReceived(clientFrame(.continuation, [1])).last, .close)
        var sm2 = WebSocketStateMachine()
        _ = sm2.bytesReceived(clientFrame(.text, [65], fin: false))
        XCTAssertEqual(sm2.bytesReceived(clientFrame(.text, [65])).last, .close)
    }

    func testClientInitiatedClose() {
        var sm = WebSocketStateMachine()
        let a = sm.bytesReceived(clientFrame(.close, [0x03, 0xE8] + Array("bye".utf8)))
        XCTAssertEqual(a, [.write(WebSocketStateMachine.closeFrame(code: 1000, reason: "")), .close])
        XCTAssertTrue(sm.isClosed)
        XCTAssertEqual(sm.send(.text("late")), [])
    }

    func testInvalidCloseCode() {
        var sm = WebSocketStateMachine()
        XCTAssertEqual(sm.bytesReceived(clientFrame(.close, [0x03, 0xED])),
                       [.write(WebSocketStateMachine.closeFrame(code: 1002, reason: "")), .close])
    }

    func testServerInitiatedCloseAndTimeout() {
        var sm = WebSocketStateMachine(closeTimeout: 2)
        let a = sm.close(code: 1001, reason: "bye")
        XCTAssertEqual(a, [.write(WebSocketStateMachine.closeFrame(code: 1001, reason: "bye")), .startTimer(seconds: 2)])
        XCTAssertEqual(sm.bytesReceived(clientFrame(.text, [65])), [])  // dropped while closing
        XCTAssertEqual(sm.bytesReceived(clientFrame(.close, [0x03, 0xE9])), [.close])
        var sm2 = WebSocketStateMachine()
        _ = sm2.close()
        XCTAssertEqual(sm2.timerFired(), [.close])
    }

    func testServerSendIsUnmasked() {
        var sm = WebSocketStateMachine()
        XCTAssertEqual(sm.send(.text("hi")), [.write([0x81, 0x02, 0x68, 0x69])])
        XCTAssertEqual(sm.send(.binary([1])), [.write([0x82, 0x01, 0x01])])
    }

    func testPeerDisconnect() {
        var sm = WebSocketStateMachine()
        XCTAssertEqual(sm.inputEnded(), [.close])
    }
}
