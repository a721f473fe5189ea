import Primitives

/// A chain's fork schedule as geth's `genesis.json` `config` states it: forks up to London
/// activate at a block number, the merge at the terminal total difficulty (or
/// `mergeNetsplitBlock`), and Shanghai onwards at a timestamp. Also the per-fork blob schedule
/// (EIP-7840) and the EIP-6110 deposit contract.
public struct ChainConfig: Hashable, Sendable {
    public var chainId: UInt64
    /// Activation block of each block-numbered fork (Homestead … London) that the config names.
    public var forkBlocks: [Fork: UInt64]
    /// Activation time of each timestamped fork (Shanghai … BPO5) that the config names.
    public var forkTimes: [Fork: UInt64]
    /// The merge happens at the first block whose parent's total difficulty reaches this.
    public var terminalTotalDifficulty: UInt256?
    /// geth's explicit merge block, when the config states one.
    public var mergeNetsplitBlock: UInt64?
    /// Blob parameters per fork that the config states; `blobSchedule(for:)` fills mainnet's otherwise.
    public var blobSchedules: [Fork: BlobSchedule]
    /// EIP-6110: deposit requests come from this contract's `DepositEvent` logs.
    public var depositContractAddress: Address
    /// Difficulty-bomb delays (EIP-2384, EIP-4345, EIP-5133) by activation block; they change only PoW difficulty.
    public var bombDelayBlocks: [UInt64: UInt64]

    /// Mainnet's deposit contract (the EIP-6110 default).
    public static let mainnetDepositContract = try! Address(hex: "0x00000000219ab540356cBB839Cbe05303d7705Fa")

    public init(chainId: UInt64, forkBlocks: [Fork: UInt64] = [:], forkTimes: [Fork: UInt64] = [:],
                terminalTotalDifficulty: UInt256? = nil, mergeNetsplitBlock: UInt64? = nil,
                blobSchedules: [Fork: BlobSchedule] = [:], depositContractAddress: Address = ChainConfig.mainnetDepositContract,
                bombDelayBlocks: [UInt64: UInt64] = [:]) {
        self.chainId = chainId; self.forkBlocks = forkBlocks; self.forkTimes = forkTimes
        self.terminalTotalDifficulty = terminalTotalDifficulty; self.mergeNetsplitBlock = mergeNetsplitBlock
        self.blobSchedules = blobSchedules; self.depositContractAddress = depositContractAddress
        self.bombDelayBlocks = bombDelayBlocks
    }

    /// Every fork from genesis on, post-merge from genesis (what a dev chain starting at `fork` uses).
    public static func allAtGenesis(_ fork: Fork, chainId: UInt64) -> ChainConfig {
        var c = ChainConfig(chainId: chainId)
        for f in Fork.allCases where f <= fork {
            if f == .frontier || f == .paris { continue }
            if f < .paris { c.forkBlocks[f] = 0 } else { c.forkTimes[f] = 0 }
        }
        if fork >= .paris { c.terminalTotalDifficulty = .zero; c.mergeNetsplitBlock = 0 }
        return c
    }

    /// The fork whose rules a block follows. `merged` says whether the block is past the merge
    /// (its parent reached the terminal total difficulty); nil decides from the config alone:
    /// `mergeNetsplitBlock`, or a terminal total difficulty of zero.
    public func fork(atBlock number: UInt64, timestamp: UInt64, merged: Bool? = nil) -> Fork {
        var fork = Fork.frontier
        for (f, block) in forkBlocks where number >= block && f > fork { fork = f }
        let isMerged = merged ?? ((mergeNetsplitBlock.map { number >= $0 } ?? false) || terminalTotalDifficulty == .zero)
        guard isMerged else { return fork }
        fork = max(fork, .paris)
        for (f, time) in forkTimes where timestamp >= time && f > fork { fork = f }
        return fork
    }

    /// Whether the chain has a merge at all (geth: a terminal total difficulty is configured).
    public var hasMerge: Bool { terminalTotalDifficulty != nil || mergeNetsplitBlock != nil }

    /// The blob parameters of `fork`: the config's entry, else mainnet's (nil before Cancun).
    public func blobSchedule(for fork: Fork) -> BlobSchedule? {
        guard fork >= .cancun else { return nil }
        if let s = blobSchedules[fork] { return s }
        // Osaka and later forks without an entry keep the newest configured parameters before them.
        if let previous = blobSchedules.filter({ $0.key <= fork }).max(by: { $0.key < $1.key }), previous.key >= .prague {
            return previous.value
        }
        return BlobSchedule.mainnet(fork)
    }

    /// The difficulty-bomb delay in force at block `number`: Byzantium 3,000,000 (EIP-649),
    /// Constantinople 5,000,000 (EIP-1234), London 9,700,000 (EIP-3554), or a later glacier
    /// fork's from `bombDelayBlocks` (as geth, Berlin without muirGlacierBlock keeps 5,000,000).
    public func bombDelay(atBlock number: UInt64, fork: Fork) -> UInt64 {
        var delay: UInt64 = fork >= .constantinople ? 5_000_000 : fork >= .byzantium ? 3_000_000 : 0
        for (block, d) in bombDelayBlocks where number >= block { delay = max(delay, d) }
        if fork >= .london { delay = max(delay, 9_700_000) }
        return delay
    }
}
