import Primitives

/// Why a header cannot follow its parent.
public enum InvalidHeader: Error, Equatable, Sendable, CustomStringConvertible {
    case parentHash, number, timestamp, gasLimit, gasUsedAboveLimit, baseFee(expected: UInt256, got: UInt256?)
    case extraDataTooLong(Int), difficulty, nonce, ommersHash, ommersNotAllowed
    case withdrawalsRoot, missingWithdrawals, blobGasUsed, excessBlobGas(expected: UInt64, got: UInt64?)
    case parentBeaconBlockRoot, transactionsRoot, unexpectedField(String), missingRequestsHash
    case tooManyOmmers, invalidOmmer(String)

    public var description: String { "invalid header: \(reason)" }

    /// Spelled out case by case: interpolating `self` would call `description` again.
    var reason: String {
        switch self {
        case .parentHash: return "parent hash"
        case .number: return "number"
        case .timestamp: return "timestamp not after the parent's"
        case .gasLimit: return "gas limit out of bounds"
        case .gasUsedAboveLimit: return "gas used above gas limit"
        case .baseFee(let expected, let got): return "base fee \(got.map { "\($0)" } ?? "none"), expected \(expected)"
        case .extraDataTooLong(let n): return "extra data of \(n) bytes"
        case .difficulty: return "difficulty"
        case .nonce: return "nonce"
        case .ommersHash: return "ommers hash"
        case .ommersNotAllowed: return "ommers after the merge"
        case .withdrawalsRoot: return "withdrawals root"
        case .missingWithdrawals: return "missing withdrawals"
        case .blobGasUsed: return "blob gas used"
        case .excessBlobGas(let expected, let got): return "excess blob gas \(got.map { "\($0)" } ?? "none"), expected \(expected)"
        case .parentBeaconBlockRoot: return "missing parent beacon block root"
        case .transactionsRoot: return "transactions root"
        case .unexpectedField(let f): return "unexpected field \(f)"
        case .missingRequestsHash: return "missing requests hash"
        case .tooManyOmmers: return "more than two ommers"
        case .invalidOmmer(let why): return "ommer: \(why)"
        }
    }
}

/// Consensus rules for a header given its parent: before the merge the difficulty the caller
/// computed and the ommers hash, after it no proof of work and no ommers.
public enum HeaderRules {
    public static let elasticityMultiplier: UInt64 = 2
    public static let baseFeeChangeDenominator: UInt64 = 8
    public static let gasLimitBoundDivisor: UInt64 = 1024
    public static let minGasLimit: UInt64 = 5000

    /// EIP-1559 base fee of the child of `parent` (for the first London block, the initial 1 gwei).
    public static func nextBaseFee(parent: Header, parentFork: Fork) -> UInt256 {
        guard parentFork >= .london, let parentBaseFee = parent.baseFeePerGas else { return UInt256(1_000_000_000) }
        let target = parent.gasLimit / elasticityMultiplier
        if target == 0 { return parentBaseFee }
        if parent.gasUsed == target { return parentBaseFee }
        if parent.gasUsed > target {
            let delta = parentBaseFee &* UInt256(parent.gasUsed - target) / UInt256(target) / UInt256(baseFeeChangeDenominator)
            return parentBaseFee &+ max(delta, .one)
        }
        let delta = parentBaseFee &* UInt256(target - parent.gasUsed) / UInt256(target) / UInt256(baseFeeChangeDenominator)
        return parentBaseFee &- delta
    }

    /// EIP-4844 excess blob gas of the child (with EIP-7918's reserve price from Osaka).
    public static func nextExcessBlobGas(parent: Header, schedule: BlobSchedule, fork: Fork) -> UInt64 {
        let parentExcess = parent.excessBlobGas ?? 0
        let parentUsed = parent.blobGasUsed ?? 0
        let targetGas = schedule.target * BlobSchedule.gasPerBlob
        if parentExcess + parentUsed < targetGas { return 0 }
        if fork >= .osaka, let baseFee = parent.baseFeePerGas {
            // EIP-7918: while blobs are cheaper than the execution reserve, excess only grows.
            let reserve = UInt256(1 << 13) &* baseFee
            let blobCost = UInt256(BlobSchedule.gasPerBlob) &* schedule.blobBaseFee(excessBlobGas: parentExcess)
            if reserve > blobCost {
                return parentExcess + parentUsed * (schedule.max - schedule.target) / schedule.max
            }
        }
        return parentExcess + parentUsed - targetGas
    }

    /// Checks everything about `header` that does not need its transactions executed.
    public static func validate(_ header: Header, parent: Header, fork: Fork, parentFork: Fork, ommers: [Header],
                                withdrawals: [Withdrawal]?, transactions: [Transaction], schedule: BlobSchedule?,
                                expectedDifficulty: UInt256? = nil) throws(InvalidHeader) {
        guard header.parentHash == parent.hash else { throw .parentHash }
        guard header.number == parent.number + 1 else { throw .number }
        guard header.timestamp > parent.timestamp else { throw .timestamp }
        guard header.gasUsed <= header.gasLimit else { throw .gasUsedAboveLimit }
        // EIP-1559: the first London block's limit moves around twice the parent's (the new gas target).
        let parentLimit = fork >= .london && parentFork < .london ? parent.gasLimit * elasticityMultiplier : parent.gasLimit
        let bound = parentLimit / gasLimitBoundDivisor
        let diff = header.gasLimit > parentLimit ? header.gasLimit - parentLimit : parentLimit - header.gasLimit
        guard diff < bound, header.gasLimit >= minGasLimit, header.gasLimit <= UInt64(Int64.max) else { throw .gasLimit }
        guard header.extraData.count <= 32 else { throw .extraDataTooLong(header.extraData.count) }
        if fork >= .london {
            let expected = nextBaseFee(parent: parent, parentFork: parentFork)
            guard header.baseFeePerGas == expected else { throw .baseFee(expected: expected, got: header.baseFeePerGas) }
        } else if header.baseFeePerGas != nil {
            throw .unexpectedField("baseFeePerGas")
        }
        if fork >= .paris {
            guard header.difficulty.isZero else { throw .difficulty }
            guard header.nonce == 0 else { throw .nonce }
            guard header.ommersHash == Header.emptyOmmersHash else { throw .ommersHash }
            guard ommers.isEmpty else { throw .ommersNotAllowed }
        } else {
            guard header.ommersHash == Block.ommersHash(ommers) else { throw .ommersHash }
            guard ommers.count <= 2 else { throw .tooManyOmmers }
            if let expectedDifficulty, header.difficulty != expectedDifficulty { throw .difficulty }
        }
        if fork >= .shanghai {
            guard let withdrawals else { throw .missingWithdrawals }
            guard header.withdrawalsRoot == Block.withdrawalsRoot(withdrawals) else { throw .withdrawalsRoot }
        } else if header.withdrawalsRoot != nil || withdrawals != nil {
            throw .unexpectedField("withdrawals")
        }
        if fork >= .cancun, let schedule {
            let expectedExcess = nextExcessBlobGas(parent: parent, schedule: schedule, fork: fork)
            guard header.excessBlobGas == expectedExcess else { throw .excessBlobGas(expected: expectedExcess, got: header.excessBlobGas) }
            let blobGas = transactions.reduce(UInt64(0)) { $0 + UInt64($1.blobVersionedHashes.count) * BlobSchedule.gasPerBlob }
            guard header.blobGasUsed == blobGas, blobGas <= schedule.max * BlobSchedule.gasPerBlob else { throw .blobGasUsed }
            guard header.parentBeaconBlockRoot != nil else { throw .parentBeaconBlockRoot }
        } else if header.blobGasUsed != nil || header.excessBlobGas != nil || header.parentBeaconBlockRoot != nil {
            throw .unexpectedField("blob fields")
        }
        if fork >= .prague {
            guard header.requestsHash != nil else { throw .missingRequestsHash }
        } else if header.requestsHash != nil {
            throw .unexpectedField("requestsHash")
        }
        guard header.transactionsRoot == Block.transactionsRoot(transactions) else { throw .transactionsRoot }
    }
}
