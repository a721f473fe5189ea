/// Why a hex string was rejected.
public enum HexError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingPrefix
    case oddLength(Int)
    case invalidCharacter(Character, offset: Int)
    case wrongLength(expected: Int, actual: Int)
    case tooLarge(maxBytes: Int)
    case empty
    case leadingZeros

    public var description: String {
        switch self {
        case .missingPrefix: return "hex string must start with 0x"
        case .oddLength(let n): return "hex string has odd length \(n)"
        case .invalidCharacter(let c, let offset): return "invalid hex character '\(c)' at offset \(offset)"
        case .wrongLength(let expected, let actual): return "hex string has \(actual) bytes, want \(expected)"
        case .tooLarge(let max): return "hex number larger than \(max) bytes"
        case .empty: return "empty hex number"
        case .leadingZeros: return "hex number with leading zero digits"
        }
    }
}

/// Hex encoding and decoding of byte strings, as Ethereum's JSON-RPC uses them.
public enum Hex {
    @usableFromInline static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    @inline(__always) @usableFromInline
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    /// Strips an optional (or, with `requirePrefix`, mandatory) `0x`/`0X` prefix.
    static func body(_ s: Substring.UTF8View, requirePrefix: Bool) throws(HexError) -> Substring.UTF8View {
        var it = s.startIndex
        if s.count >= 2, s[it] == UInt8(ascii: "0") {
            let next = s.index(after: it)
            if s[next] == UInt8(ascii: "x") || s[next] == UInt8(ascii: "X") {
                it = s.index(after: next)
                return s[it...]
            }
        }
        if requirePrefix { throw .missingPrefix }
        return s
    }

    /// Decodes a byte string; the `0x` prefix is optional unless `requirePrefix` is set.
    public static func decode(_ string: some StringProtocol, requirePrefix: Bool = false) throws(HexError) -> [UInt8] {
        let utf8 = Substring(string).utf8
        let body = try body(utf8, requirePrefix: requirePrefix)
        let count = body.count
        guard count % 2 == 0 else { throw .oddLength(count) }
        var out = [UInt8]()
        out.reserveCapacity(count / 2)
        var i = body.startIndex
        var offset = utf8.count - count
        while i != body.endIndex {
            let hiChar = body[i]
            i = body.index(after: i)
            let loChar = body[i]
            i = body.index(after: i)
            guard let hi = nibble(hiChar) else { throw .invalidCharacter(Character(UnicodeScalar(hiChar)), offset: offset) }
            guard let lo = nibble(loChar) else { throw .invalidCharacter(Character(UnicodeScalar(loChar)), offset: offset + 1) }
            out.append(hi << 4 | lo)
            offset += 2
        }
        return out
    }

    /// Decodes a hex quantity (`0x` + digits, no leading zeros unless `strict` is false) into big-endian bytes.
    public static func decodeQuantityDigits(_ string: some StringProtocol, maxBytes: Int, strict: Bool) throws(HexError) -> [UInt8] {
        let utf8 = Substring(string).utf8
        let body = try body(utf8, requirePrefix: strict)
        guard !body.isEmpty else { throw .empty }
        if strict, body.count > 1, body.first == UInt8(ascii: "0") { throw .leadingZeros }
        var digits = [UInt8]()
        digits.reserveCapacity(body.count)
        var offset = utf8.count - body.count
        for c in body {
            guard let n = nibble(c) else { throw .invalidCharacter(Character(UnicodeScalar(c)), offset: offset) }
            digits.append(n)
            offset += 1
        }
        // Drop leading zero digits, then pack two digits a byte from the right.
        let firstNonZero = digits.firstIndex(where: { $0 != 0 }) ?? digits.count
        let significant = digits[firstNonZero...]
        let byteCount = (significant.count + 1) / 2
        guard byteCount <= maxBytes else { throw .tooLarge(maxBytes: maxBytes) }
        var out = [UInt8](repeating: 0, count: byteCount)
        var d = significant.endIndex
        var b = byteCount
        while d > significant.startIndex {
            d -= 1
            b -= 1
            var v = significant[d]
            if d > significant.startIndex {
                d -= 1
                v |= significant[d] << 4
            }
            out[b] = v
        }
        return out
    }

    /// Encodes bytes as lower-case hex, with the `0x` prefix unless `prefix` is false.
    public static func encode(_ bytes: some Sequence<UInt8>, prefix: Bool = true) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2 + 2)
        if prefix { out.append(UInt8(ascii: "0")); out.append(UInt8(ascii: "x")) }
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Decodes hex (prefix optional); throws `HexError` on bad input.
    public init(hex: some StringProtocol) throws(HexError) {
        self = try Hex.decode(hex)
    }

    /// Lower-case hex with `0x` prefix.
    public var hexString: String { Hex.encode(self) }
}

extension ArraySlice where Element == UInt8 {
    /// Lower-case hex with `0x` prefix.
    public var hexString: String { Hex.encode(self) }
}
