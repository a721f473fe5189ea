import Primitives

// The execution-apis scalar encodings: QUANTITY as minimal hex ("0x0", "0x1a"), DATA as
// even-length lower-case hex ("0x" for empty), addresses and hashes as lower-case hex.

extension JSON {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A QUANTITY.
    public static func quantity(_ value: UInt64) -> JSON {
        if value == 0 { return .string("0x0") }
        var digits: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        var shift = (63 - value.leadingZeroBitCount) / 4 * 4
        while shift >= 0 {
            digits.append(hexDigits[Int((value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
        return .string(String(decoding: digits, as: UTF8.self))
    }

    /// A QUANTITY.
    public static func quantity(_ value: Int) -> JSON { quantity(UInt64(clamping: value)) }

    /// A QUANTITY.
    public static func quantity(_ value: UInt256) -> JSON { .string(value.hexQuantity) }

    /// DATA.
    public static func data(_ bytes: some Sequence<UInt8>) -> JSON { .string(Hex.encode(bytes)) }

    /// An address, lower-case.
    public static func address(_ address: Address) -> JSON { .string(address.description) }

    /// An address or null.
    public static func address(_ address: Address?) -> JSON { address.map { .string($0.description) } ?? .null }

    /// A 32-byte hash.
    public static func hash(_ hash: Hash) -> JSON { .string(hash.description) }
}
