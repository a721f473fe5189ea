// The EIP-2537 (Prague) operations on their byte encodings. The precompiles in EVM only price the
// call and map errors; the arithmetic stays in this module so that it is specialised and inlined.
//
// Encodings: an F_p element is 64 bytes, 16 zero bytes then the 48-byte big-endian value (< p);
// F_p2 is c0 ‖ c1; a G1 point is x ‖ y (128 bytes), a G2 point x ‖ y (256 bytes); infinity is all
// zeros. Points must be on their curve; MSM and pairing inputs must also be in the r-order subgroup.
// Scalars are 32-byte big-endian integers, not reduced modulo r.

/// Why an EIP-2537 input is rejected (the messages are go-ethereum's).
public enum EIP2537Error: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidLength
    case topBytes
    case notCanonical
    case notOnCurve
    case g1NotInSubgroup
    case g2NotInSubgroup

    public var description: String {
        switch self {
        case .invalidLength: return "invalid input length"
        case .topBytes: return "invalid field element top bytes"
        case .notCanonical: return "invalid fp.Element encoding"
        case .notOnCurve: return "invalid point: not on curve"
        case .g1NotInSubgroup: return "g1 point is not on correct subgroup"
        case .g2NotInSubgroup: return "g2 point is not on correct subgroup"
        }
    }
}

/// EIP-2537 operations on raw precompile input.
public enum EIP2537 {
    /// Sizes of the encodings.
    public static let g1Size = 128, g2Size = 256, scalarSize = 32
    public static let g1PairSize = 160, g2PairSize = 288, pairingPairSize = 384

    static func decodeFp(_ b: ArraySlice<UInt8>) throws(EIP2537Error) -> Fp {
        let s = b.startIndex
        for i in 0..<16 where b[s + i] != 0 { throw .topBytes }
        guard let v = Fp(bytes48: b[(s + 16)..<(s + 64)]) else { throw .notCanonical }
        return v
    }

    static func decodeFp2(_ b: ArraySlice<UInt8>) throws(EIP2537Error) -> Fp2 {
        let s = b.startIndex
        return Fp2(try decodeFp(b[s..<(s + 64)]), try decodeFp(b[(s + 64)..<(s + 128)]))
    }

    /// Decodes a 128-byte G1 point; checks the curve equation and, if asked, the subgroup.
    public static func decodeG1(_ b: ArraySlice<UInt8>, subgroupCheck: Bool) throws(EIP2537Error) -> G1Affine {
        let s = b.startIndex
        let x = try decodeFp(b[s..<(s + 64)]), y = try decodeFp(b[(s + 64)..<(s + 128)])
        if x.isZero && y.isZero { return .infinity }
        let p = G1Affine(x: x, y: y)
        guard p.isOnCurve else { throw .notOnCurve }
        if subgroupCheck && !p.isInSubgroup { throw .g1NotInSubgroup }
        return p
    }

    /// Decodes a 256-byte G2 point; checks the curve equation and, if asked, the subgroup.
    public static func decodeG2(_ b: ArraySlice<UInt8>, subgroupCheck: Bool) throws(EIP2537Error) -> G2Affine {
        let s = b.startIndex
        let x = try decodeFp2(b[s..<(s + 128)]), y = try decodeFp2(b[(s + 128)..<(s + 256)])
        if x.isZero && y.isZero { return .infinity }
        let p = G2Affine(x: x, y: y)
        guard p.isOnCurve else { throw .notOnCurve }
        if subgroupCheck && !p.isInSubgroup { throw .g2NotInSubgroup }
        return p
    }

    static func decodeScalar(_ b: ArraySlice<UInt8>) -> Scalar256 {
        (readWordBE(b, 24), readWordBE(b, 16), readWordBE(b, 8), readWordBE(b, 0))
    }

    /// G1ADD: two points, no subgroup check.
    public static func g1Add(_ input: [UInt8]) throws(EIP2537Error) -> [UInt8] {
        guard input.count == 2 * g1Size else { throw .invalidLength }
        let a = try decodeG1(input[0..<128], subgroupCheck: false)
        let b = try decodeG1(input[128..<256], subgroupCheck: false)
        return (a.jacobian.adding(b)).affine.eip2537Bytes
    }

    /// G2ADD: two points, no subgroup check.
    public static func g2Add(_ input: [UInt8]) throws(EIP2537Error) -> [UInt8] {
        guard input.count == 2 * g2Size else { throw .invalidLength }
        let a = try decodeG2(input[0..<256], subgroupCheck: false)
        let b = try decodeG2(input[256..<512], subgroupCheck: false)
        return (a.jacobian.adding(b)).affine.eip2537Bytes
    }

    /// G1MSM: k (scalar-less point ‖ scalar) pairs, k ≥ 1, points subgroup-checked.
    public static func g1MSM(_ input: [UInt8]) throws(EIP2537Error) -> [UInt8] {
        guard !input.isEmpty, input.count % g1PairSize == 0 else { throw .invalidLength }
        let k = input.count / g1PairSize
        var points: [G1Affine] = [], scalars: [Scalar256] = []
        points.reserveCapacity(k); scalars.reserveCapacity(k)
        for i in 0..<k {
            let o = i * g1PairSize
            let p = try decodeG1(input[o..<(o + 128)], subgroupCheck: true)
            let s = decodeScalar(input[(o + 128)..<(o + 160)])
            if p.isInfinity || (s.0 | s.1 | s.2 | s.3) == 0 { continue }
            points.append(p); scalars.append(s)
        }
        return multiScalarMul(points, scalars).affine.eip2537Bytes
    }

    /// G2MSM: k (point ‖ scalar) pairs, k ≥ 1, points subgroup-checked.
    public static func g2MSM(_ input: [UInt8]) throws(EIP2537Error) -> [UInt8] {
        guard !input.isEmpty, input.count % g2PairSize == 0 else { throw .invalidLength }
        let k = input.count / g2PairSize
        var points: [G2Affine] = [], scalars: [Scalar256] = []
        points.reserveCapacity(k); scalars.reserveCapacity(k)
        for i in 0..<k {
            let o = i * g2PairSize
            let p = try decodeG2(input[o..<(o + 256)], subgroupCheck: true)
            let s = decodeScalar(input[(o + 256)..<(o + 288)])
            if p.isInfinity || (s.0 | s.1 | s.2 | s.3) == 0 { continue }
            points.append(p); scalars.append(s)
        }
        return multiScalarMul(points, scalars).affine.eip2537Bytes
    }

    /// PAIRING_CHECK: k (G1 ‖ G2) pairs, k ≥ 1; 32-byte 1 if ∏ e(Pᵢ, Qᵢ) = 1, else 0.
    public static func pairingCheck(_ input: [UInt8]) throws(EIP2537Error) -> [UInt8] {
        guard !input.isEmpty, input.count % pairingPairSize == 0 else { throw .invalidLength }
        let k = input.count / pairingPairSize
        var pairs: [(G1Affine, G2Prepared)] = []
        pairs.reserveCapacity(k)
        for i in 0..<k {
            let o = i * pairingPairSize
            let p = try decodeG1(input[o..<(o + 128)], subgroupCheck: true)
            let q = try decodeG2(input[(o + 128)..<(o + 384)], subgroupCheck: true)
            if p.isInfinity || q.isInfinity { continue }
            pairs.append((p, G2Prepared(q)))
        }
        var out = [UInt8](repeating: 0, count: 32)
        if Curves.pairingCheck(prepared: pairs) { out[31] = 1 }
        return out
    }

    /// MAP_FP_TO_G1: one 64-byte field element.
    public static func mapFpToG1(_ input: [UInt8]) throws(EIP2537Error) -> [UInt8] {
        guard input.count == 64 else { throw .invalidLength }
        return G1Affine.mapToCurve(try decodeFp(input[0..<64])).eip2537Bytes
    }

    /// MAP_FP2_TO_G2: one 128-byte F_p2 element.
    public static func mapFp2ToG2(_ input: [UInt8]) throws(EIP2537Error) -> [UInt8] {
        guard input.count == 128 else { throw .invalidLength }
        return G2Affine.mapToCurve(try decodeFp2(input[0..<128])).eip2537Bytes
    }
}
