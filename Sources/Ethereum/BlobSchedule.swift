import Primitives

/// Blob gas parameters of a fork (EIP-4844, EIP-7691, EIP-7892 blob-parameter-only forks).
public struct BlobSchedule: Hashable, Sendable {
    /// Blob gas one blob uses.
    public static let gasPerBlob: UInt64 = 131_072

    public var target: UInt64
    public var max: UInt64
    public var updateFraction: UInt64

    public init(target: UInt64, max: UInt64, updateFraction: UInt64) {
        self.target = target; self.max = max; self.updateFraction = updateFraction
    }

    /// Mainnet's schedule for `fork` (nil before Cancun).
    public static func mainnet(_ fork: Fork) -> BlobSchedule? {
        switch fork {
        case _ where fork < .cancun: return nil
        case .cancun: return BlobSchedule(target: 3, max: 6, updateFraction: 3_338_477)
        case .prague, .osaka: return BlobSchedule(target: 6, max: 9, updateFraction: 5_007_716)
        case .bpo1: return BlobSchedule(target: 10, max: 15, updateFraction: 8_346_193)
        default: return BlobSchedule(target: 14, max: 21, updateFraction: 11_684_671)
        }
    }

    /// The blob base fee for a block with `excessBlobGas`: fake_exponential(1, excess, updateFraction).
    public func blobBaseFee(excessBlobGas: UInt64) -> UInt256 {
        BlobSchedule.fakeExponential(factor: .one, numerator: UInt256(excessBlobGas), denominator: UInt256(updateFraction))
    }

    /// Taylor-series approximation of factor · e^(numerator / denominator), as EIP-4844 defines it.
    public static func fakeExponential(factor: UInt256, numerator: UInt256, denominator: UInt256) -> UInt256 {
        var i = UInt256.one
        var output = UInt256.zero
        var accumulator = factor &* denominator
        while !accumulator.isZero {
            output = output &+ accumulator
            let (high, low) = accumulator.multipliedFullWidth(by: numerator)
            guard high.isZero else { return .max }  // beyond any payable fee
            accumulator = low / (denominator &* i)
            i = i &+ .one
        }
        return output / denominator
    }
}
