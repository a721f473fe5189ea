// libFuzzer entry point. Each input is used four ways:
//   1. fed whole to the request parser;
//   2. fed to the connection state machine in pieces whose sizes come from the input itself
//      (so split and coalesced reads are both explored), answering dispatched requests
//      in reverse order, with timers, EOF and shutdown interleaved;
//   3. fed to the WebSocket frame decoder and state machine (as if after an upgrade).
// Invariants checked with precondition: nothing is emitted after `.close`, sequences are
// dispatched once each, every final response starts with a status line.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    // SAFETY: libFuzzer guarantees `data` points at `size` readable bytes for this call.
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzParser(bytes)
    fuzzStateMachine(bytes)
    fuzzWebSocket(bytes)
    return 0
}

private func fuzzParser(_ bytes: [UInt8]) {
    var parser = HTTPRequestParser(maxHeaderBytes: 512, maxBodyBytes: 1024)
    parser.append(bytes)
    while true {
        do {
            guard let _ = try parser.next() else { break }
        } catch {
            break
        }
    }
}

private func fuzzStateMachine(_ bytes: [UInt8]) {
    guard let first = bytes.first else { return }
    var config = HTTPConnectionStateMachine.Configuration()
    config.maxHeaderBytes = 512
    config.maxBodyBytes = 1024
    config.maxPipelinedRequests = Int(first & 7) + 1
    config.allowedOrigins = first & 8 == 0 ? ["*"] : ["http://a"]
    var sm = HTTPConnectionStateMachine(configuration: config)
    var closed = false
    var pending: [Int] = []
    var seen = Set<Int>()
    func check(_ actions: [HTTPConnectionStateMachine.Action]) {
        for action in actions {
            precondition(!closed, "action after close: \(action)")
            switch action {
            case .dispatch(_, let sequence):
                precondition(seen.insert(sequence).inserted, "sequence dispatched twice")
                pending.append(sequence)
            case .write(let out):
                precondition(out.starts(with: Array("HTTP/1.1 ".utf8)), "write without status line")
            case .close:
                closed = true
            default:
                break
            }
        }
    }
    check(sm.connectionOpened())
    var index = 1
    var step = 0
    while index < bytes.count {
        let chunk = max(1, Int(bytes[index - 1] % 64))
        let end = min(bytes.count, index + chunk)
        check(sm.bytesReceived(bytes[index..<end]))
        index = end
        step += 1
        if step % 3 == 0, let sequence = pending.popLast() {
            check(sm.responseReady(HTTPResponse(status: 200, body: [1, 2, 3]), sequence: sequence))
        }
        if step % 17 == 0 { check(sm.timerFired()) }
        if step % 11 == 0 { check(sm.writeBacklogChanged(Int(bytes[index - 1]) << 14)) }
    }
    if first & 16 != 0 { check(sm.inputEnded()) }
    if first & 32 != 0 { check(sm.shutdownRequested()) }
    while let sequence = pending.popLast() {
        check(sm.responseReady(HTTPResponse(status: 200, body: []), sequence: sequence))
    }
    check(sm.timerFired())
}

private func fuzzWebSocket(_ bytes: [UInt8]) {
    var sm = WebSocketStateMachine(maxMessageBytes: 2048)
    var closed = false
    var index = 0
    while index < bytes.count && !closed {
        let end = min(bytes.count, index + 1 + Int(bytes[index] % 200))
        for action in sm.bytesReceived(bytes[index..<end]) {
            precondition(!closed, "websocket action after close")
            if case .close = action { closed = true }
        }
        index = end
    }
    _ = sm.send(.text("x"))
    _ = sm.close()
    _ = sm.timerFired()
    // The unmasked (client-side) decoder path and the encoder round trip.
    var decoder = WebSocketFrameDecoder(maxFrameBytes: 4096, requireMask: false)
    decoder.append(bytes)
    while let frame = try? decoder.next() {
        var again = WebSocketFrameDecoder(maxFrameBytes: 4096, requireMask: false)
        again.append(WebSocketFrameEncoder.encode(frame.opcode, payload: frame.payload, fin: frame.fin))
        precondition((try? again.next()) == frame, "encode/decode round trip")
    }
}
