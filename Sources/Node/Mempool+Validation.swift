import Execution
import Ethereum
import Keys
import Primitives

/// What stateless validation derived from a transaction.
struct ValidatedTransaction: Sendable {
    var sender: Address
    var hash: Hash
    var size: Int
}

extension Mempool {
    /// Every check that needs neither the pool nor account state, in geth's order
    /// (`txpool.ValidateTransaction`), so the first failing rule reports what geth would report.
    /// Runs outside the pool's lock: sender recovery and KZG checks are the expensive part of entry.
    static func validateStateless(_ pooled: PooledTransaction, context: MempoolContext,
                                  configuration: MempoolConfiguration, requireSidecar: Bool,
                                  knownSender: Address? = nil) throws(MempoolError) -> ValidatedTransaction {
        let tx = pooled.transaction
        let fork = context.fork
        // Types the fork does not know yet; geth names Berlin for any typed transaction before it.
        if tx.type != .legacy, fork < tx.type.introducedIn {
            throw .typeNotSupported(type: tx.type.rawValue, introducedIn: fork < .berlin ? .berlin : tx.type.introducedIn)
        }
        let blobLimit = fork >= .osaka ? TransactionRules.maxBlobsPerTransaction : Int(context.blobSchedule?.max ?? 0)
        if tx.blobVersionedHashes.count > blobLimit {
            throw .blobLimitExceeded(count: tx.blobVersionedHashes.count, limit: blobLimit)
        }
        let envelope = tx.envelope
        let size: Int
        if tx.type == .blob {
            // Blob transactions are bounded by their blob count (above) and, like geth's blob
            // pool, by their network size with the sidecar.
            size = pooled.sidecar == nil ? envelope.count : pooled.networkBytes.count
            guard size <= configuration.maxBlobTransactionSize else {
                throw .oversizedData(size: size, limit: configuration.maxBlobTransactionSize)
            }
        } else {
            size = envelope.count
            guard size <= configuration.maxTransactionSize else { throw .oversizedData(size: size, limit: configuration.maxTransactionSize) }
        }
        if tx.isCreate {
            if tx.type == .blob || tx.type == .setCode { throw .createNotAllowed(type: tx.type.rawValue) }
            if fork >= .shanghai, tx.data.count > context.maxInitcodeSize {
                throw .initcodeSizeExceeded(size: tx.data.count, limit: context.maxInitcodeSize)
            }
        }
        if fork >= .osaka, tx.gasLimit > TransactionRules.maxTransactionGas {
            throw .gasLimitTooHigh(gas: tx.gasLimit, cap: TransactionRules.maxTransactionGas)
        }
        guard tx.gasLimit <= context.blockGasLimit else { throw .exceedsBlockGasLimit }
        guard tx.maxPriorityFeePerGas <= tx.maxFeePerGas else { throw .tipAboveFeeCap }
        let sender: Address
        if let knownSender { sender = knownSender } else { sender = try recoverSender(tx, context: context) }
        guard tx.nonce < UInt64.max else { throw .nonceMax }
        let gas = TransactionRules.intrinsicGas(tx, fork: fork)
        guard tx.gasLimit >= gas.intrinsic else { throw .intrinsicGasTooLow(gas: tx.gasLimit, minimum: gas.intrinsic) }
        if fork >= .prague, tx.gasLimit < gas.floor { throw .floorDataGasTooLow(gas: tx.gasLimit, minimum: gas.floor) }
        guard tx.maxFeePerGas >= configuration.minGasPrice else {
            throw .gasPriceBelowMinimum(feeCap: tx.maxFeePerGas, minimum: configuration.minGasPrice)
        }
        if configuration.rejectFeeCapBelowBaseFee, let baseFee = context.baseFee, tx.maxFeePerGas < baseFee {
            throw .feeCapBelowBaseFee(feeCap: tx.maxFeePerGas, baseFee: baseFee)
        }
        if tx.type == .blob { try validateBlobs(pooled, configuration: configuration, requireSidecar: requireSidecar) }
        if tx.type == .setCode, tx.authorizationList.isEmpty { throw .emptyAuthorizationList }
        return ValidatedTransaction(sender: sender, hash: Keccak256.hash(envelope), size: size)
    }

    /// Chain id first (geth's signer rejects a foreign chain id before recovering), then the signature.
    private static func recoverSender(_ tx: Transaction, context: MempoolContext) throws(MempoolError) -> Address {
        if let id = tx.chainId {
            guard id == context.chainId, tx.type != .legacy || context.fork >= .spuriousDragon else {
                throw .invalidSender("invalid chain id for signer: have \(id) want \(context.chainId)")
            }
        } else if tx.type != .legacy {
            throw .invalidSender("invalid chain id for signer: have 0 want \(context.chainId)")
        }
        do {
            return try tx.recoverSender(lowS: context.fork >= .homestead)
        } catch {
            // geth's ErrInvalidSig covers both malformed values and failed recovery.
            throw .invalidSender(InvalidTransaction.invalidSignatureValues.description)
        }
    }

    private static func validateBlobs(_ pooled: PooledTransaction, configuration: MempoolConfiguration,
                                      requireSidecar: Bool) throws(MempoolError) {
        let tx = pooled.transaction
        if pooled.sidecar == nil, requireSidecar { throw .missingSidecar }
        // EIP-4844's minimum blob gas price.
        guard tx.maxFeePerBlobGas >= .one else { throw .blobFeeCapBelowMinimum(feeCap: tx.maxFeePerBlobGas, minimum: .one) }
        guard !tx.blobVersionedHashes.isEmpty else { throw .blobless }
        for (i, h) in tx.blobVersionedHashes.enumerated() where UInt8(h.w0 >> 56) != BlobSidecar.kzgVersion {
            throw .invalidSidecar("blob \(i) has invalid hash version")
        }
        guard let sidecar = pooled.sidecar else { return }
        do {
            try sidecar.validate(against: tx)
        } catch {
            throw .invalidSidecar(error.description)
        }
        // Version-1 (cell-proof) sidecars cannot be checked by this node's KZG code; they are
        // accepted on their structure alone (see BlobSidecar.verifyProofs).
        if configuration.verifyBlobProofs, sidecar.wrapperVersion == 0 {
            do {
                try sidecar.verifyProofs()
            } catch {
                throw .kzgVerification("invalid blob proof: \(error.description)")
            }
        }
    }

    /// geth's replacement rule (legacypool list.Add): the new transaction must raise the fee cap
    /// and the tip (and, for blob transactions, the blob fee cap) strictly, and by at least
    /// `priceBumpPercent` percent each.
    static func isSufficientBump(old: Transaction, new: Transaction, percent: UInt64) -> Bool {
        func bumped(_ oldValue: UInt256, _ newValue: UInt256) -> Bool {
            guard newValue > oldValue else { return false }
            let (high, low) = oldValue.multipliedFullWidth(by: UInt256(100 + percent))
            guard high.isZero else { return false }
            return newValue >= low / UInt256(100)
        }
        guard bumped(old.maxFeePerGas, new.maxFeePerGas), bumped(old.maxPriorityFeePerGas, new.maxPriorityFeePerGas) else { return false }
        if old.type == .blob || new.type == .blob { return bumped(old.maxFeePerBlobGas, new.maxFeePerBlobGas) }
        return true
    }
}
