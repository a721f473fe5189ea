extension UInt256: ExpressibleByIntegerLiteral {
    @inlinable public init(integerLiteral value: UInt64) { self.init(value) }
}

extension UInt256 {
    /// From up to 32 big-endian bytes (shorter input is left-padded with zeros); nil if longer.
    @inlinable
    public init?(bigEndian bytes: some Collection<UInt8>) {
        guard bytes.count <= 32 else { return nil }
        var r = UInt256.zero
        var i = bytes.count - 1
        for b in bytes {
            r[limb: i / 8] |= UInt64(b) << UInt64((i % 8) * 8)
            i -= 1
        }
        self = r
    }

    /// From big-endian bytes at a raw pointer, zero-padded on the right past `count` (as CALLDATALOAD).
    @inlinable
    public init(bigEndianWord pointer: UnsafeRawPointer) {
        // SAFETY: callers guarantee 32 readable bytes.
        self.init(
            UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
            UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
    }

    /// Writes the 32 big-endian bytes at `pointer`.
    @inlinable
    public func writeBigEndian(to pointer: UnsafeMutableRawPointer) {
        // SAFETY: callers provide 32 writable bytes.
        pointer.storeBytes(of: w3.bigEndian, toByteOffset: 0, as: UInt64.self)
        pointer.storeBytes(of: w2.bigEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: w1.bigEndian, toByteOffset: 16, as: UInt64.self)
        pointer.storeBytes(of: w0.bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// The 32 big-endian bytes.
    @inlinable
    public var bigEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { writeBigEndian(to: $0.baseAddress!) }
        return out
    }

    /// Big-endian bytes without leading zeros (empty for zero), as RLP encodes integers.
    @inlinable
    public var minimalBigEndianBytes: [UInt8] {
        let n = byteCount
        if n == 0 { return [] }
        return Array(bigEndianBytes[(32 - n)...])
    }

    /// Parses a hex quantity. With `strict` (JSON-RPC QUANTITY) the 0x prefix is required and
    /// leading zeros are rejected; otherwise both are tolerated.
    public init(hex: some StringProtocol, strict: Bool = false) throws(HexError) {
        let bytes = try Hex.decodeQuantityDigits(hex, maxBytes: 32, strict: strict)
        self = UInt256(bigEndian: bytes)!
    }

    /// Parses a decimal string; nil on bad digits or overflow.
    public init?(decimal: some StringProtocol) {
        guard !decimal.isEmpty else { return nil }
        var r = UInt256.zero
        let ten = UInt256(10)
        for c in decimal.utf8 {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            let (h, l) = r.multipliedFullWidth(by: ten)
            guard h.isZero else { return nil }
            let (s, o) = l.addingReportingOverflow(UInt256(UInt64(c - UInt8(ascii: "0"))))
            guard !o else { return nil }
            r = s
        }
        self = r
    }

    /// Hex quantity form `0x…` without leading zeros (`0x0` for zero), as JSON-RPC writes QUANTITY.
    public var hexQuantity: String {
        if isZero { return "0x0" }
        var s = Hex.encode(minimalBigEndianBytes, prefix: false)
        if s.first == "0" { s.removeFirst() }
        return "0x" + s
    }

    /// Decimal digits.
    public var decimalString: String {
        if isZero { return "0" }
        var digits: [UInt8] = []
        var v = self
        let chunk = UInt256(10_000_000_000_000_000_000)  // 10^19, the largest power of ten in a UInt64
        while !v.isZero {
            let (q, r) = v.quotientAndRemainder(dividingBy: chunk)
            var part = r.w0
            for _ in 0..<19 {
                digits.append(UInt8(part % 10) + UInt8(ascii: "0"))
                part /= 10
                if q.isZero && part == 0 { break }
            }
            v = q
        }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}

extension UInt256: CustomStringConvertible {
    /// Decimal digits, as Swift's integers print.
    public var description: String { decimalString }
}
