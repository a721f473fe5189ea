import Ethereum
import Foundation
import Keys
import Primitives

/// The parameters of a fresh development chain, with Anvil's defaults: chain id 31337, ten
/// accounts of 10,000 ETH from the `test … junk` mnemonic, a 30M gas limit, a 1 gwei initial base
/// fee and the latest fork (Osaka, with mainnet's current BPO2 blob schedule).
public struct DevChainConfiguration: Sendable, Equatable {
    /// 10^18 wei.
    public static let ether = UInt256(1_000_000_000_000_000_000)
    /// 10^9 wei.
    public static let gwei = UInt256(1_000_000_000)

    public var chainId: UInt64 = 31_337
    /// Number of funded dev accounts (`--accounts`).
    public var accountCount = 10
    /// Balance of each dev account in wei (`--balance`, given in ETH on the command line).
    public var balance: UInt256 = UInt256(10_000) &* DevChainConfiguration.ether
    public var mnemonic: String = HDWallet.defaultMnemonic
    /// Accounts are derived at `derivationPath/i` (`--derivation-path`).
    public var derivationPath: String = HDWallet.defaultPathPrefix
    public var gasLimit: UInt64 = 30_000_000
    /// Base fee of the genesis block from London on (`--base-fee`).
    public var baseFee: UInt256 = DevChainConfiguration.gwei
    public var fork: Fork = .latest
    /// The blob schedule from Cancun on (nil before); see `defaultBlobSchedule`.
    public var blobSchedule: BlobSchedule? = DevChainConfiguration.defaultBlobSchedule(for: .latest)
    /// Genesis timestamp in seconds; nil means the time the genesis is built (`--timestamp`).
    public var timestamp: UInt64?
    public var coinbase: Address = .zero

    public init() {}

    /// The configuration for `--hardfork NAME`: `latest` or a fork's lower-case name
    /// (`cancun`, `prague`, `shanghai`, `london`, `berlin`, …). nil for an unknown name.
    public init?(hardfork name: String) {
        guard let fork = Fork(name: name) else { return nil }
        self.init()
        self.fork = fork
        self.blobSchedule = Self.defaultBlobSchedule(for: fork)
    }

    /// Mainnet's blob schedule for a fork, except that Osaka — the `latest` fork — runs with the
    /// schedule mainnet runs today (BPO2: target 14, max 21, update fraction 11,684,671), as Anvil's
    /// `latest` does. nil before Cancun.
    public static func defaultBlobSchedule(for fork: Fork) -> BlobSchedule? {
        fork == .osaka ? BlobSchedule.mainnet(.bpo2) : BlobSchedule.mainnet(fork)
    }

    /// The dev account keys.
    public func accountKeys() throws(KeyError) -> [PrivateKey] {
        try HDWallet.accounts(mnemonic: mnemonic, pathPrefix: derivationPath, count: accountCount)
    }

    /// The timestamp the genesis gets: the configured one, or now.
    public var resolvedTimestamp: UInt64 {
        timestamp ?? UInt64(Date().timeIntervalSince1970)
    }
}
