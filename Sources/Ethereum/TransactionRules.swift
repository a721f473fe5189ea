import Keys
import Primitives

/// The per-fork rules that decide whether a transaction is valid on its own: the types a fork
/// accepts, replay protection, signature form, intrinsic gas and its EIP-7623 floor, the
/// initcode limit and the EIP-7825 gas cap. Execution adds the state-dependent checks.
public enum TransactionRules {
    /// EIP-3860 initcode limit (Shanghai): twice the EIP-170 code size limit.
    public static let maxInitcodeSize = 2 * 24_576
    /// EIP-7825 transaction gas limit cap (Osaka).
    public static let maxTransactionGas: UInt64 = 1 << 24
    /// EIP-7594 blob limit per transaction (Osaka).
    public static let maxBlobsPerTransaction = 6

    /// Gas charged before execution starts, and the EIP-7623 floor (0 before Prague).
    public struct IntrinsicGas: Equatable, Sendable {
        public var intrinsic: UInt64
        public var floor: UInt64
        /// The gas limit must cover both.
        public var minimum: UInt64 { max(intrinsic, floor) }
    }

    /// Intrinsic gas of `tx` under `fork`: 21,000, plus 32,000 for creation (Homestead), calldata
    /// at 4 per zero byte and 68 (16 from Istanbul, EIP-2028) per other byte, 2 per initcode word
    /// (Shanghai, EIP-3860), access-list entries (EIP-2930) and 25,000 per authorization (EIP-7702);
    /// from Prague the floor 21,000 + 10 per calldata token (EIP-7623).
    public static func intrinsicGas(_ tx: Transaction, fork: Fork) -> IntrinsicGas {
        var zeros: UInt64 = 0
        for b in tx.data where b == 0 { zeros += 1 }
        let nonZeros = UInt64(tx.data.count) - zeros
        var gas: UInt64 = 21_000
        gas += zeros * 4 + nonZeros * (fork >= .istanbul ? 16 : 68)
        if tx.isCreate {
            if fork >= .homestead { gas += 32_000 }
            if fork >= .shanghai { gas += 2 * ((UInt64(tx.data.count) + 31) / 32) }
        }
        for entry in tx.accessList { gas += 2_400 + 1_900 * UInt64(entry.storageKeys.count) }
        gas += 25_000 * UInt64(tx.authorizationList.count)
        var floor: UInt64 = 0
        if fork >= .prague { floor = 21_000 + 10 * (zeros + 4 * nonZeros) }
        return IntrinsicGas(intrinsic: gas, floor: floor)
    }

    /// Checks every rule that needs no state and returns the sender.
    /// - Parameters:
    ///   - chainId: the chain's id; replay-protected and typed transactions must carry it.
    ///   - maxBlobsPerBlock: the blob schedule's max for the fork (bounds a blob transaction before Osaka).
    public static func validate(_ tx: Transaction, fork: Fork, chainId: UInt64, maxBlobsPerBlock: Int? = nil) throws(InvalidTransaction) -> Address {
        guard fork >= tx.type.introducedIn else { throw .typeNotSupported(tx.type.rawValue) }
        if tx.type == .legacy {
            if let id = tx.chainId {
                guard fork >= .spuriousDragon, id == chainId else { throw .chainIdMismatch(expected: chainId, got: id) }
            }
        } else if tx.chainId != chainId {
            throw .chainIdMismatch(expected: chainId, got: tx.chainId)
        }
        let sender = try tx.recoverSender(lowS: fork >= .homestead)
        guard tx.nonce < UInt64.max else { throw .nonceTooBig }
        try validateGasAndFees(tx, fork: fork)
        if tx.type == .blob {
            guard !tx.blobVersionedHashes.isEmpty else { throw .noBlobs }
            let limit = fork >= .osaka ? maxBlobsPerTransaction : (maxBlobsPerBlock ?? Int.max)
            guard tx.blobVersionedHashes.count <= limit else { throw .tooManyBlobs(have: tx.blobVersionedHashes.count, max: limit) }
            for h in tx.blobVersionedHashes where h.w0 >> 56 != 0x01 { throw .invalidBlobVersionedHash(h) }
        }
        if tx.type == .setCode, tx.authorizationList.isEmpty { throw .emptyAuthorizationList }
        return sender
    }

    /// The gas and fee rules alone (shared by the mempool, which has already recovered the sender).
    public static func validateGasAndFees(_ tx: Transaction, fork: Fork) throws(InvalidTransaction) {
        if tx.isCreate, fork >= .shanghai, tx.data.count > maxInitcodeSize {
            throw .initcodeSizeExceeded(size: tx.data.count, limit: maxInitcodeSize)
        }
        let gas = intrinsicGas(tx, fork: fork)
        guard tx.gasLimit >= gas.minimum else { throw .intrinsicGasTooLow(have: tx.gasLimit, want: gas.minimum) }
        if fork >= .osaka, tx.gasLimit > maxTransactionGas {
            throw .gasLimitExceedsMaximum(have: tx.gasLimit, limit: maxTransactionGas)
        }
        guard tx.maxPriorityFeePerGas <= tx.maxFeePerGas else { throw .priorityFeeGreaterThanMaxFee }
        guard tx.maxFeePerGas.multipliedFullWidth(by: UInt256(tx.gasLimit)).high.isZero else {
            throw .gasLimitPriceProductOverflow
        }
    }
}
