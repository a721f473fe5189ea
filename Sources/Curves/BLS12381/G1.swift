// G1: points of E1: y² = x³ + 4 over F_p, and its order-r subgroup.

/// An affine point of E1(F_p).
public typealias G1Affine = AffinePoint<Fp>
/// A Jacobian point of E1(F_p).
public typealias G1Jacobian = JacobianPoint<Fp>

/// |x| for the BLS parameter x = −0xd201000000010000.
let blsXAbs: UInt64 = 0xd201_0000_0001_0000

extension AffinePoint where F == Fp {
    /// The standard generator of G1.
    public static var generator: G1Affine { G1Affine(x: BLSConstants.g1x, y: BLSConstants.g1y) }

    /// EIP-2537 encoding: x and y as 64-byte big-endian values (16 zero bytes + 48), infinity as 128 zero bytes.
    public var eip2537Bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        if isInfinity { return [UInt8](repeating: 0, count: 128) }
        out.append(contentsOf: repeatElement(0, count: 16)); x.append48(to: &out)
        out.append(contentsOf: repeatElement(0, count: 16)); y.append48(to: &out)
        return out
    }

    /// The 48-byte compressed (ZCash) encoding used by KZG commitments and proofs.
    public var compressedBytes: [UInt8] {
        if isInfinity { var b = [UInt8](repeating: 0, count: 48); b[0] = 0xc0; return b }
        var out: [UInt8] = []
        out.reserveCapacity(48)
        x.append48(to: &out)
        out[0] |= 0x80
        if y.isLexLargest { out[0] |= 0x20 }
        return out
    }

    /// Decodes a 48-byte compressed point; checks the flags, that x < p and that the point is on the curve
    /// (not the subgroup: see `isInSubgroup`).
    public init?(compressed b: ArraySlice<UInt8>) {
        guard b.count == 48 else { return nil }
        let first = b[b.startIndex]
        guard first & 0x80 != 0 else { return nil }
        let infinity = first & 0x40 != 0, sign = first & 0x20 != 0
        var xb = Array(b)
        xb[0] &= 0x1f
        if infinity {
            guard !sign, xb.allSatisfy({ $0 == 0 }) else { return nil }
            self = .infinity
            return
        }
        guard let x = Fp(bytes48: xb[...]) else { return nil }
        guard var y = (x.squared() * x + BLSConstants.b1).sqrt() else { return nil }
        if y.isLexLargest != sign { y = -y }
        self.init(x: x, y: y)
    }

    /// Subgroup membership: φ(P) = −[x²]P with φ(x, y) = (βx, y) (Scott, eprint 2021/1130 §6).
    public var isInSubgroup: Bool {
        if isInfinity { return true }
        let q = jacobian.multiplied(by: blsXAbs).multiplied(by: blsXAbs)
        return q.isEqual(to: G1Affine(x: x * BLSConstants.beta, y: -y))
    }
}
