import EVM
import Primitives

/// The dev-chain knobs that test suites turn at run time (Anvil's and Hardhat's controls) and that
/// shape the next block: who mines it, when, with which base fee and randomness, under which
/// chain id and gas limit, and who may send without a key.
///
/// One-shot values (`nextTimestamp`, `nextBaseFee`, `nextPrevRandao`) apply to the next produced
/// block only. Time is the wall clock plus `timeOffset` (evm_increaseTime, anvil_setTime).
public struct DevSettings: Sendable, Equatable {
    /// Fee recipient of produced blocks (anvil_setCoinbase).
    public var coinbase: Address
    /// Gas limit of produced blocks (evm_setBlockGasLimit).
    public var gasLimit: UInt64
    /// Anvil's `--disable-block-gas-limit`: a transaction may use more gas than the block limit.
    public var blockGasLimitDisabled = false
    /// The chain id transactions are signed for and CHAINID answers (anvil_setChainId).
    public var chainId: UInt64
    /// Seconds added to the wall clock (negative moves time back).
    public var timeOffset: Int64 = 0
    /// The next block's timestamp, exactly (evm_setNextBlockTimestamp, evm_mine with a timestamp).
    public var nextTimestamp: UInt64?
    /// Each block `interval` seconds after its parent instead of the clock (anvil_setBlockTimestampInterval).
    public var timestampInterval: UInt64?
    /// The next block's base fee (anvil_setNextBlockBaseFeePerGas).
    public var nextBaseFee: UInt256?
    /// The next block's prevRandao / mixHash (anvil_setNextBlockPrevRandao).
    public var nextPrevRandao: Hash?
    /// Accounts whose transactions are accepted without a signature (anvil_impersonateAccount).
    public var impersonated: Set<Address> = []
    /// Every account is impersonated (anvil_autoImpersonateAccount, `--auto-impersonate`).
    public var autoImpersonate = false
    /// Whether the node logs RPC-driven events (anvil_setLoggingEnabled).
    public var loggingEnabled = true
    /// How the builder orders pending transactions (`--order`).
    public var order: TransactionPriceHeap.Order = .fees
    /// `--no-priority-fee`: suggested tips are zero (eth_maxPriorityFeePerGas, filled sends).
    public var noPriorityFee = false
    /// Largest deployable code (`--code-size-limit`, `--disable-code-size-limit`).
    public var maxCodeSize = BlockEnvironment.standardMaxCodeSize

    public init(coinbase: Address, gasLimit: UInt64, chainId: UInt64) {
        self.coinbase = coinbase; self.gasLimit = gasLimit; self.chainId = chainId
    }

    /// Whether `address` may send unsigned transactions.
    public func isImpersonated(_ address: Address) -> Bool { autoImpersonate || impersonated.contains(address) }

    /// The clock the chain sees: the wall clock moved by `timeOffset`, never below zero.
    public func now(wallClock: UInt64) -> UInt64 {
        let t = Int64(clamping: wallClock) &+ timeOffset
        return t < 0 ? 0 : UInt64(t)
    }
}
