import Dispatch
import Foundation
import HTTPServer

// `lanes-bench http-serve`: the HTTPServer module serving a fixed JSON-RPC-shaped body, for
// `make bench-http` (against nginx) and the socket tests in tests/http.

/// The fixed body every `/` request gets, the same bytes nginx serves in the benchmark.
private let fixedBody = Array(#"{"jsonrpc":"2.0","id":1,"result":"0x1"}"#.utf8)

/// Answers `/` with the fixed body, echoes `POST /echo`, delays `/slow?ms=N`, 404 elsewhere.
private struct BenchHandler: HTTPHandler {
    func handle(_ request: HTTPRequest, respond: HTTPResponder) {
        respond(BenchHandler.response(for: request))
    }

    static func response(for request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/"), ("POST", "/"), ("HEAD", "/"):
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: fixedBody)
        case ("POST", "/echo"):
            let type = request.headers["Content-Type"] ?? "application/octet-stream"
            return HTTPResponse(status: 200, headers: ["Content-Type": type], body: request.body)
        default:
            return HTTPResponse(status: 404, headers: ["Content-Type": "text/plain"], body: Array("not found\n".utf8))
        }
    }
}

/// Like `BenchHandler`, but `/slow?ms=N` answers after N ms from another queue (tests
/// out-of-order completion and graceful shutdown).
private struct ServeHandler: HTTPHandler {
    func handle(_ request: HTTPRequest, respond: HTTPResponder) {
        if request.path == "/slow" {
            let ms = Int(request.target.split(separator: "=").last ?? "") ?? 100
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) {
                respond(HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("slow \(ms)\n".utf8)))
            }
            return
        }
        respond(BenchHandler.response(for: request))
    }
}

/// The same answers through `async`, one task per request (measured against the callback).
private struct AsyncServeHandler: AsyncHTTPHandler {
    func handle(_ request: HTTPRequest) async -> HTTPResponse { BenchHandler.response(for: request) }
}

/// Echoes every WebSocket message back.
private struct EchoWebSocketHandler: WebSocketHandler {
    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        connection.send(message)
    }
}

private func httpServeUsage() -> Never {
    FileHandle.standardError.write(Data("""
    usage: lanes-bench http-serve [--host H] [--port P] [--max-body BYTES] [--max-header BYTES]
           [--max-connections N] [--header-timeout S] [--idle-timeout S] [--max-ws-message BYTES]
           [--allowed-origins a,b] [--loops N] [--async]

    """.utf8))
    exit(2)
}

/// Parses `arguments` (without the subcommand), starts the server, prints
/// `Listening on http://HOST:PORT` and serves until SIGINT/SIGTERM (graceful shutdown).
func runHTTPServe(arguments: [String]) throws -> Never {
    var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 8545)
    var useAsync = false
    var i = 0
    func value() -> String {
        i += 1
        guard i < arguments.count else { httpServeUsage() }
        return arguments[i]
    }
    func number(_ s: String) -> Int {
        guard let n = Int(s) else { httpServeUsage() }
        return n
    }
    func seconds(_ s: String) -> Double {
        guard let d = Double(s) else { httpServeUsage() }
        return d
    }
    while i < arguments.count {
        switch arguments[i] {
        case "--host": configuration.host = value()
        case "--port": configuration.port = number(value())
        case "--max-body": configuration.connection.maxBodyBytes = number(value())
        case "--max-header": configuration.connection.maxHeaderBytes = number(value())
        case "--max-connections": configuration.maxConnections = number(value())
        case "--header-timeout": configuration.connection.headerTimeout = seconds(value())
        case "--idle-timeout": configuration.connection.idleTimeout = seconds(value())
        case "--max-ws-message": configuration.maxWebSocketMessageBytes = number(value())
        case "--allowed-origins": configuration.connection.allowedOrigins = value().split(separator: ",").map(String.init)
        case "--loops": configuration.eventLoopCount = number(value())
        case "--async": useAsync = true
        case "-h", "--help": httpServeUsage()
        default:
            FileHandle.standardError.write(Data("unknown option \(arguments[i])\n".utf8))
            httpServeUsage()
        }
        i += 1
    }
    let handler: any HTTPHandler = useAsync ? AsyncHTTPHandlerAdapter(AsyncServeHandler()) : ServeHandler()
    let server = HTTPServer(configuration: configuration, handler: handler, webSocketHandler: EchoWebSocketHandler())
    let address = try server.start()
    // Written with write(2) so it is flushed at once, whatever stdout's buffering.
    FileHandle.standardOutput.write(Data("Listening on http://\(address)\n".utf8))

    let signals = [SIGINT, SIGTERM].map { signo -> DispatchSourceSignal in
        signal(signo, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signo, queue: .main)
        source.setEventHandler {
            server.shutdown(gracePeriod: 5) { exit(0) }
        }
        source.resume()
        return source
    }
    withExtendedLifetime(signals) { dispatchMain() }
}
