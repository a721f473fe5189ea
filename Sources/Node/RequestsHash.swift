import Crypto
import Primitives

/// EIP-7685 commitment to a block's execution-layer requests (Prague):
/// sha256(sha256(type ‖ data) for each request with non-empty data), so a block without
/// requests commits to sha256 of nothing.
public enum RequestsHash {
    /// The requests hash of `requests`, each given as its type byte followed by its data.
    public static func compute(_ requests: [[UInt8]]) -> Hash {
        var outer = SHA256()
        for request in requests where request.count > 1 {
            outer.update(data: Array(SHA256.hash(data: request)))
        }
        return try! Hash(Array(outer.finalize()))
    }

    /// The hash of a block with no requests (every dev genesis from Prague on).
    public static let empty = compute([])
}
