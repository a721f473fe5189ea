import Primitives

/// Decodes the reason Solidity encodes in revert data, as geth's `abi.UnpackRevert` does:
/// `Error(string)` gives the string, `Panic(uint256)` the panic code's description.
public enum RevertReason {
    /// keccak256("Error(string)")[0..<4].
    static let errorSelector: [UInt8] = [0x08, 0xc3, 0x79, 0xa0]
    /// keccak256("Panic(uint256)")[0..<4].
    static let panicSelector: [UInt8] = [0x4e, 0x48, 0x7b, 0x71]

    /// Solidity's panic codes, worded as geth (and ethers) word them.
    static let panicReasons: [UInt64: String] = [
        0x00: "generic panic",
        0x01: "assert(false)",
        0x11: "arithmetic underflow or overflow",
        0x12: "division or modulo by zero",
        0x21: "enum overflow",
        0x22: "invalid encoded storage byte array accessed",
        0x31: "out-of-bounds array access; popping on an empty array",
        0x32: "out-of-bounds access of an array or bytesN",
        0x41: "out of memory",
        0x51: "uninitialized function",
    ]

    /// The reason, or nil when the data is neither a well-formed `Error(string)` nor `Panic(uint256)`.
    public static func decode(_ data: [UInt8]) -> String? {
        guard data.count >= 4 else { return nil }
        let selector = Array(data[0..<4])
        let body = Array(data[4...])
        if selector == errorSelector { return decodeString(body) }
        if selector == panicSelector {
            guard body.count >= 32, let code = UInt256(bigEndian: body[0..<32]) else { return nil }
            if let small = code.uint64, let reason = panicReasons[small] { return reason }
            return "unknown panic code: " + code.hexQuantity
        }
        return nil
    }

    /// ABI-decodes a single `string` argument: a 32-byte offset, then at that offset a 32-byte
    /// length and the bytes. Every bound is checked; nothing here can trap on hostile data.
    static func decodeString(_ body: [UInt8]) -> String? {
        guard body.count >= 32, let offsetWord = UInt256(bigEndian: body[0..<32]),
              let offset = offsetWord.int, offset <= body.count - 32 else { return nil }
        guard let lengthWord = UInt256(bigEndian: body[offset..<(offset + 32)]),
              let length = lengthWord.int, length <= body.count - offset - 32 else { return nil }
        let start = offset + 32
        return String(decoding: body[start..<(start + length)], as: UTF8.self)
    }
}
