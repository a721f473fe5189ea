import Crypto
import Foundation

/// The server side of the RFC 6455 §4.2.2 opening handshake.
public enum WebSocketHandshake {
    /// The GUID every server appends to the client's key before hashing.
    static let magic = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`: base64(SHA-1(key + GUID)).
    public static func acceptValue(forKey key: String) -> String {
        let digest = Insecure.SHA1.hash(data: Array((key.trimmingCharacters(in: .whitespaces) + magic).utf8))
        return Data(digest).base64EncodedString()
    }

    /// The `101 Switching Protocols` response bytes for an upgrade request.
    public static func response(for request: HTTPRequest) -> [UInt8] {
        let accept = acceptValue(forKey: request.headers["Sec-WebSocket-Key"] ?? "")
        return Array("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(accept)\r\n\r\n".utf8)
    }
}
