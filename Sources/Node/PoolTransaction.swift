import Ethereum
import Primitives

/// A transaction as the pool holds it: the submitted transaction (with its blob sidecar, if any)
/// and what the pool derived once on entry.
public struct PoolTransaction: Sendable, Hashable {
    public let pooled: PooledTransaction
    public let sender: Address
    public let hash: Hash
    /// Encoded size in bytes (the network form for blob transactions).
    public let size: Int
    /// Arrival order within the pool; ties in price go to the earlier transaction, as in geth.
    public let sequence: UInt64

    public var transaction: Transaction { pooled.transaction }
    public var nonce: UInt64 { pooled.transaction.nonce }

    /// Most the transaction can cost its sender: gas × fee cap + value + blob gas × blob fee cap.
    public var cost: UInt256 { Self.cost(of: pooled.transaction) }

    /// The tip per gas a block with `baseFee` pays the miner, or nil if the fee cap is below it.
    public func effectiveTip(baseFee: UInt256?) -> UInt256? { Self.tip(of: pooled.transaction, baseFee: baseFee) }

    /// The tip per gas `tx` pays at `baseFee`: min(tip cap, fee cap − base fee), nil below the base fee.
    static func tip(of tx: Transaction, baseFee: UInt256?) -> UInt256? {
        guard let baseFee else { return tx.maxPriorityFeePerGas }
        guard tx.maxFeePerGas >= baseFee else { return nil }
        return min(tx.maxPriorityFeePerGas, tx.maxFeePerGas &- baseFee)
    }

    /// gas × fee cap + value + blob gas × blob fee cap, saturating at 2^256 − 1.
    public static func cost(of tx: Transaction) -> UInt256 {
        var total = UInt256(tx.gasLimit).multipliedFullWidth(by: tx.maxFeePerGas)
        guard total.high.isZero else { return .max }
        var (sum, overflow) = total.low.addingReportingOverflow(tx.value)
        if tx.type == .blob {
            let blobGas = UInt256(UInt64(tx.blobVersionedHashes.count) * BlobSchedule.gasPerBlob)
            total = blobGas.multipliedFullWidth(by: tx.maxFeePerBlobGas)
            let o2: Bool
            (sum, o2) = sum.addingReportingOverflow(total.low)
            overflow = overflow || o2 || !total.high.isZero
        }
        return overflow ? .max : sum
    }
}
