import Curves
import Primitives

// EIP-196 (0x06 add, 0x07 scalar multiplication) and EIP-197 (0x08 pairing check) on BN254,
// priced by EIP-1108 from Istanbul. Coordinates are 32-byte big-endian integers; (0, 0) encodes
// the point at infinity; a coordinate ≥ p or a point off the curve fails the call. G2 points
// are encoded imaginary part first: x = (x₁, x₀) meaning x₁·u + x₀.

/// Decoding and encoding of EIP-196/197 points (a namespace, so no helper name leaks into the module).
private enum BN254Codec {
    /// Copies up to `count` bytes of `input` into a zero-padded buffer of exactly `count` bytes
    /// (ecAdd and ecMul read their input as if right-padded with zeros).
    static func padded(_ input: [UInt8], to count: Int) -> [UInt8] {
        if input.count == count { return input }
        if input.count > count { return Array(input[0..<count]) }
        return input + [UInt8](repeating: 0, count: count - input.count)
    }

    /// Decodes a G1 point from 64 bytes at `pointer`, validating range and curve membership.
    static func readG1(_ pointer: UnsafeRawPointer) throws(PrecompileError) -> BN254.G1Affine {
        // SAFETY: callers guarantee 64 readable bytes.
        guard let x = BN254.Fp(bigEndianWord: pointer), let y = BN254.Fp(bigEndianWord: pointer + 32) else {
            throw .invalidInput("bn254: G1 coordinate not below the field modulus")
        }
        let point = BN254.G1Affine(x: x, y: y)
        guard BN254.isOnG1Curve(point) else { throw .invalidInput("bn254: G1 point not on curve") }
        return point
    }

    /// Decodes a G2 point from 128 bytes at `pointer`, validating range, curve and subgroup membership.
    static func readG2(_ pointer: UnsafeRawPointer) throws(PrecompileError) -> BN254.G2Affine {
        // SAFETY: callers guarantee 128 readable bytes.
        guard let x1 = BN254.Fp(bigEndianWord: pointer), let x0 = BN254.Fp(bigEndianWord: pointer + 32),
              let y1 = BN254.Fp(bigEndianWord: pointer + 64), let y0 = BN254.Fp(bigEndianWord: pointer + 96)
        else { throw .invalidInput("bn254: G2 coordinate not below the field modulus") }
        let point = BN254.G2Affine(x: BN254.Fp2(x0, x1), y: BN254.Fp2(y0, y1))
        guard BN254.isOnTwist(point) else { throw .invalidInput("bn254: G2 point not on curve") }
        guard BN254.isInG2Subgroup(point) else { throw .invalidInput("bn254: G2 point not in subgroup") }
        return point
    }

    /// The 64-byte encoding of a G1 point.
    static func encode(_ point: BN254.G1Affine) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        if point.isInfinity { return out }
        out.withUnsafeMutableBytes { o in
            // SAFETY: `out` holds 64 bytes, two 32-byte words.
            point.x.writeBigEndian(to: o.baseAddress!)
            point.y.writeBigEndian(to: o.baseAddress! + 32)
        }
        return out
    }
}

/// 0x06 ECADD (EIP-196): the sum of two G1 points; 500 gas, 150 from Istanbul (EIP-1108).
public struct BN254AddPrecompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Adds the two points encoded in the (zero-padded) first 128 bytes of `input`.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(fork >= .istanbul ? 150 : 500, gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            let bytes = BN254Codec.padded(input, to: 128)
            let (a, b) = try bytes.withUnsafeBytes { p in
                // SAFETY: `bytes` holds exactly 128 bytes.
                Result { () throws(PrecompileError) in (try BN254Codec.readG1(p.baseAddress!), try BN254Codec.readG1(p.baseAddress! + 64)) }
            }.get()
            return BN254Codec.encode(BN254.addG1(a, b))
        }
    }
}

/// 0x07 ECMUL (EIP-196): a G1 point times a 256-bit scalar; 40000 gas, 6000 from Istanbul.
public struct BN254ScalarMulPrecompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Multiplies the point in the first 64 bytes by the scalar in the next 32 (zero-padded input).
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        charge(fork >= .istanbul ? 6000 : 40000, gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            let bytes = BN254Codec.padded(input, to: 96)
            let (point, scalar) = try bytes.withUnsafeBytes { p in
                // SAFETY: `bytes` holds exactly 96 bytes.
                Result { () throws(PrecompileError) in (try BN254Codec.readG1(p.baseAddress!), UInt256(bigEndianWord: p.baseAddress! + 64)) }
            }.get()
            return BN254Codec.encode(BN254.multiplyG1Affine(point, by: scalar))
        }
    }
}

/// 0x08 ECPAIRING (EIP-197): whether ∏ e(Pᵢ, Qᵢ) = 1 over k (G1, G2) pairs of 192 bytes;
/// 100000 + 80000·k gas, 45000 + 34000·k from Istanbul. Output is the word 1 or 0.
public struct BN254PairingPrecompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Checks the pairing product; fails unless the input is a whole number of pairs and every point is valid.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        let k = UInt64(input.count / 192)
        let cost = fork >= .istanbul ? 45000 + 34000 * k : 100_000 + 80000 * k
        guard input.count % 192 == 0 else { return .failure(.invalidInput("bn254: pairing input not a multiple of 192 bytes")) }
        return charge(cost, gasLimit: gasLimit) { () throws(PrecompileError) -> [UInt8] in
            var pairs: [(BN254.G1Affine, BN254.G2Affine)] = []
            pairs.reserveCapacity(Int(k))
            try input.withUnsafeBytes { p in
                Result { () throws(PrecompileError) in
                    for i in 0..<Int(k) {
                        // SAFETY: pair i spans bytes 192i..<192(i+1), within the input.
                        let base = p.baseAddress! + 192 * i
                        pairs.append((try BN254Codec.readG1(base), try BN254Codec.readG2(base + 64)))
                    }
                }
            }.get()
            var out = [UInt8](repeating: 0, count: 32)
            if BN254.pairingCheck(pairs) { out[31] = 1 }
            return out
        }
    }
}
