/// One response from the handler: status, headers and body. The server adds
/// `Content-Length`, `Connection` and CORS headers itself.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Header fields to send, in order.
    public var headers: HTTPHeaders
    /// The body bytes (not sent for HEAD requests, 1xx, 204 and 304).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int = 200, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Serialises the response. `includeBody` is false for HEAD; `close` adds
    /// `Connection: close`; `extraHeaders` (CORS) are appended after the handler's own.
    public func serialized(includeBody: Bool, close: Bool, extraHeaders: HTTPHeaders = [:]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + body.count + headers.count * 32)
        out.append(contentsOf: "HTTP/1.1 \(status) \(HTTPResponse.reasonPhrase(status))\r\n".utf8)
        var hasContentLength = false
        for (name, value) in headers {
            if asciiCaseInsensitiveEquals(name, "Content-Length") { hasContentLength = true }
            if asciiCaseInsensitiveEquals(name, "Connection") || asciiCaseInsensitiveEquals(name, "Transfer-Encoding") { continue }
            append(name: name, value: value, to: &out)
        }
        for (name, value) in extraHeaders { append(name: name, value: value, to: &out) }
        let bodyless = status < 200 || status == 204 || status == 304
        if !hasContentLength && !bodyless {
            out.append(contentsOf: "Content-Length: ".utf8)
            out.append(contentsOf: String(body.count).utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        if close { out.append(contentsOf: "Connection: close\r\n".utf8) }
        out.append(contentsOf: "\r\n".utf8)
        if includeBody && !bodyless { out.append(contentsOf: body) }
        return out
    }

    /// Appends one header line, dropping CR/LF from the handler's strings so a handler
    /// cannot split the response.
    private func append(name: String, value: String, to out: inout [UInt8]) {
        for b in name.utf8 where b != 13 && b != 10 { out.append(b) }
        out.append(contentsOf: ": ".utf8)
        for b in value.utf8 where b != 13 && b != 10 { out.append(b) }
        out.append(contentsOf: "\r\n".utf8)
    }

    /// The standard reason phrase for a status code.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 417: "Expectation Failed"
        case 426: "Upgrade Required"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }
}
