import Ethereum
import Primitives

/// The chain parameters the mempool validates and orders against: those of the block the pool's
/// transactions would go into next. The node passes a fresh value with every call that needs one,
/// so the pool never holds a reference to the chain.
public struct MempoolContext: Sendable, Equatable {
    public var chainId: UInt64
    /// The fork of the next block.
    public var fork: Fork
    /// The next block's base fee (nil before London).
    public var baseFee: UInt256?
    public var blockGasLimit: UInt64
    /// The next block's blob schedule (nil before Cancun).
    public var blobSchedule: BlobSchedule?
    /// Largest init code of a creation (EIP-3860: twice the code size limit).
    public var maxInitcodeSize = TransactionRules.maxInitcodeSize

    public init(chainId: UInt64, fork: Fork, baseFee: UInt256?, blockGasLimit: UInt64, blobSchedule: BlobSchedule?) {
        self.chainId = chainId; self.fork = fork; self.baseFee = baseFee
        self.blockGasLimit = blockGasLimit; self.blobSchedule = blobSchedule
    }
}

/// Limits and policies of the pool. Defaults follow geth's legacy pool where a devchain does not
/// need more, and Anvil where it does (no minimum gas price; room for the thousands of
/// transactions one account sends into a manually mined block).
public struct MempoolConfiguration: Sendable, Equatable {
    /// Lowest fee cap accepted (`--min-gas-price`; 0 as Anvil).
    public var minGasPrice: UInt256 = .zero
    /// Percentage by which a replacement must raise both fee cap and tip (geth's PriceBump).
    public var priceBumpPercent: UInt64 = 10
    /// Most transactions one sender may hold in the pool, pending and queued together.
    public var maxTransactionsPerSender = 4_096
    /// Most future (queued) transactions one sender may hold (geth's AccountQueue).
    public var maxQueuedPerSender = 64
    /// Most transactions in the pool (geth: GlobalSlots + GlobalQueue, counted per transaction here).
    public var maxTransactions = 16_384
    /// Most queued transactions in the pool (geth's GlobalQueue).
    public var maxQueued = 1_024
    /// Largest non-blob transaction (geth's txMaxSize, 4 × 32 KiB).
    public var maxTransactionSize = 128 * 1024
    /// Largest blob transaction in network form, blobs included (geth's blob pool txMaxSize).
    public var maxBlobTransactionSize = 1024 * 1024
    /// Reject transactions whose fee cap is below the next block's base fee (Anvil's behaviour).
    /// geth keeps them queued for a cheaper block instead, which is the default here.
    public var rejectFeeCapBelowBaseFee = false
    /// Require the sidecar of blob transactions (geth does). Re-injected transactions from
    /// dropped blocks never carry one and are exempt.
    public var requireBlobSidecar = true
    /// Verify version-0 blob proofs with KZG on entry.
    public var verifyBlobProofs = true

    public init() {}
}
