/// One HTTP/1.1 request as the handler sees it: method, target, version, headers and the
/// complete body (bodies are bounded by `maxBodyBytes`, so they are collected whole).
public struct HTTPRequest: Sendable, Equatable {
    /// The method token, e.g. `"POST"`.
    public var method: String
    /// The request target as sent, e.g. `"/"` or `"/path?query"`.
    public var target: String
    /// The minor HTTP version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    public var minorVersion: Int
    /// The header fields in order.
    public var headers: HTTPHeaders
    /// The body bytes (de-chunked).
    public var body: [UInt8]

    /// The path part of the target (before any `?`).
    public var path: Substring {
        if let q = target.firstIndex(of: "?") { return target[..<q] }
        return target[...]
    }

    /// Creates a request.
    public init(method: String, target: String, minorVersion: Int = 1, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
    }

    /// Whether the client asks to keep the connection open after this request.
    public var wantsKeepAlive: Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        if minorVersion == 0 { return headers.containsToken("keep-alive", in: "Connection") }
        return true
    }

    /// Whether this is a WebSocket upgrade request (RFC 6455 §4.2.1).
    public var isWebSocketUpgrade: Bool {
        method == "GET" && headers.containsToken("websocket", in: "Upgrade")
            && headers.containsToken("upgrade", in: "Connection")
            && headers["Sec-WebSocket-Key"] != nil
    }
}
