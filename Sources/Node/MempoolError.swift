import Ethereum
import Primitives

/// Why the mempool refused a transaction. Each `description` is the message geth's transaction
/// pool returns for the same rejection (core/txpool/errors.go, core/txpool/validation.go,
/// core/txpool/legacypool, core/error.go), sentinel first and details after a colon, so that
/// tools matching on geth's strings (`nonce too low`, `replacement transaction underpriced`…)
/// behave the same against Lanes. The RPC layer maps every case to JSON-RPC error -32000.
public enum MempoolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The pool already holds a transaction with this hash.
    case alreadyKnown
    /// The active fork does not accept the transaction's type yet (`introducedIn` names the fork).
    case typeNotSupported(type: UInt8, introducedIn: Fork)
    /// More blobs than one transaction may carry.
    case blobLimitExceeded(count: Int, limit: Int)
    /// Larger than the pool accepts (128 KiB for non-blob transactions, as geth's legacy pool).
    case oversizedData(size: Int, limit: Int)
    /// EIP-3860 initcode limit (Shanghai).
    case initcodeSizeExceeded(size: Int, limit: Int)
    /// EIP-7825 per-transaction gas cap (Osaka).
    case gasLimitTooHigh(gas: UInt64, cap: UInt64)
    /// Gas limit above the block gas limit.
    case exceedsBlockGasLimit
    /// maxPriorityFeePerGas > maxFeePerGas.
    case tipAboveFeeCap
    /// The signature does not recover, or signs for another chain.
    case invalidSender(String)
    /// EIP-2681: the nonce is 2^64 − 1.
    case nonceMax
    /// Gas limit below the intrinsic gas.
    case intrinsicGasTooLow(gas: UInt64, minimum: UInt64)
    /// Gas limit below the EIP-7623 calldata floor (Prague).
    case floorDataGasTooLow(gas: UInt64, minimum: UInt64)
    /// Fee cap below the pool's minimum gas price (`--min-gas-price`).
    case gasPriceBelowMinimum(feeCap: UInt256, minimum: UInt256)
    /// Blob fee cap below EIP-4844's minimum blob gas price (1 wei).
    case blobFeeCapBelowMinimum(feeCap: UInt256, minimum: UInt256)
    /// Fee cap below the pending block's base fee; only when the pool is configured to
    /// reject such transactions (Anvil does; geth keeps them until the base fee drops).
    case feeCapBelowBaseFee(feeCap: UInt256, baseFee: UInt256)
    /// A blob transaction without its blobs, commitments and proofs.
    case missingSidecar
    /// A blob transaction with no blob hashes.
    case blobless
    /// The sidecar does not match the transaction (counts, sizes, versioned hashes).
    case invalidSidecar(String)
    /// A blob proof failed KZG verification.
    case kzgVerification(String)
    /// Blob (type 3) and set-code (type 4) transactions cannot create contracts.
    case createNotAllowed(type: UInt8)
    /// A set-code transaction without authorizations.
    case emptyAuthorizationList
    /// Nonce below the account's nonce.
    case nonceTooLow(next: UInt64, got: UInt64)
    /// Balance below gas × fee cap + value + blob gas × blob fee cap.
    case insufficientFunds(balance: UInt256, cost: UInt256)
    /// Balance below the cost of this transaction plus the sender's pending ones.
    case insufficientFundsForQueue(balance: UInt256, queuedCost: UInt256, cost: UInt256)
    /// A same-nonce replacement without the required fee-cap and tip bump.
    case replacementUnderpriced
    /// The pool is full and the transaction pays no more than the cheapest evictable one.
    case underpriced
    /// The pool is full and nothing can be evicted for this transaction.
    case poolFull
    /// The pool is full and only pending transactions could make room for a future one.
    case futureReplacesPending
    /// The sender already has as many transactions in the pool as it may.
    case accountLimitExceeded(pooled: Int)

    public var description: String {
        switch self {
        case .alreadyKnown: return "already known"
        case .typeNotSupported(let type, let fork):
            return "transaction type not supported: type \(type) rejected, pool not yet in \(fork.fixtureName)"
        case .blobLimitExceeded(let count, let limit): return "transaction blob limit exceeded: blob count \(count), limit \(limit)"
        case .oversizedData(let size, let limit): return "oversized data: transaction size \(size), limit \(limit)"
        case .initcodeSizeExceeded(let size, let limit): return "max initcode size exceeded: code size \(size), limit \(limit)"
        case .gasLimitTooHigh(let gas, let cap): return "transaction gas limit too high (cap: \(cap), tx: \(gas))"
        case .exceedsBlockGasLimit: return "exceeds block gas limit"
        case .tipAboveFeeCap: return "max priority fee per gas higher than max fee per gas"
        case .invalidSender(let reason): return "invalid sender: \(reason)"
        case .nonceMax: return "nonce has max value"
        case .intrinsicGasTooLow(let gas, let minimum): return "intrinsic gas too low: gas \(gas), minimum needed \(minimum)"
        case .floorDataGasTooLow(let gas, let minimum): return "insufficient gas for floor data gas cost: gas \(gas), minimum needed \(minimum)"
        case .gasPriceBelowMinimum(let feeCap, let minimum):
            return "transaction gas price below minimum: gas fee cap \(feeCap), minimum needed \(minimum)"
        case .blobFeeCapBelowMinimum(let feeCap, let minimum):
            return "transaction gas price below minimum: blob fee cap \(feeCap), minimum needed \(minimum)"
        case .feeCapBelowBaseFee(let feeCap, let baseFee):
            return "max fee per gas less than block base fee: maxFeePerGas: \(feeCap), baseFee: \(baseFee)"
        case .missingSidecar: return "missing sidecar in blob transaction"
        case .blobless: return "blobless blob transaction"
        case .invalidSidecar(let reason): return reason
        case .kzgVerification(let reason): return "KZG verification error: \(reason)"
        case .createNotAllowed(let type):
            return type == TransactionType.blob.rawValue ? "blob transaction of type create" : "set code transaction of type create"
        case .emptyAuthorizationList: return "set code tx must have at least one authorization tuple"
        case .nonceTooLow(let next, let got): return "nonce too low: next nonce \(next), tx nonce \(got)"
        case .insufficientFunds(let balance, let cost):
            return "insufficient funds for gas * price + value: balance \(balance), tx cost \(cost), overshot \(cost &- balance)"
        case .insufficientFundsForQueue(let balance, let queued, let cost):
            return "insufficient funds for gas * price + value: balance \(balance), queued cost \(queued), tx cost \(cost), overshot \(queued &+ cost &- balance)"
        case .replacementUnderpriced: return "replacement transaction underpriced"
        case .underpriced: return "transaction underpriced"
        case .poolFull: return "txpool is full"
        case .futureReplacesPending: return "future transaction tries to replace pending"
        case .accountLimitExceeded(let pooled): return "account limit exceeded: pooled \(pooled) txs"
        }
    }
}
