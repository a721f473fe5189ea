/// Why the HTTP/1.1 request parser rejected its input; each maps to the status the server
/// answers with before closing the connection.
public enum HTTPParseError: Error, Equatable, Sendable {
    /// The request line or headers are not well-formed HTTP/1.1.
    case malformed(String)
    /// The request head (request line plus headers) exceeds the configured limit.
    case headersTooLarge
    /// The declared or received body exceeds the configured limit.
    case bodyTooLarge
    /// The HTTP version is not 1.0 or 1.1.
    case unsupportedVersion
    /// A `Transfer-Encoding` other than `chunked` was sent.
    case unsupportedTransferEncoding
    /// An `Expect` value other than `100-continue` was sent.
    case unsupportedExpectation

    /// The status code the server answers this error with.
    public var status: Int {
        switch self {
        case .malformed: 400
        case .headersTooLarge: 431
        case .bodyTooLarge: 413
        case .unsupportedVersion: 505
        case .unsupportedTransferEncoding: 501
        case .unsupportedExpectation: 417
        }
    }
}
