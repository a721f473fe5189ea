import Ethereum
import Primitives

/// The genesis of a dev chain, with Anvil's defaults: chain id 31337, the dev accounts funded
/// with 10,000 ETH each, a 30,000,000 gas limit, a 1 gwei initial base fee, every fork up to the
/// chosen one active from genesis (`latest` = Osaka with mainnet's BPO2 blob schedule, as
/// mainnet runs it) and the system contracts that fork needs predeployed.
public struct DevGenesis: Sendable {
    /// 10,000 ETH in wei.
    public static let defaultBalance = UInt256(10_000) &* UInt256(1_000_000_000_000_000_000 as UInt64)

    public var chainId: UInt64 = 31337
    public var accounts: [Address] = []
    public var balance: UInt256 = DevGenesis.defaultBalance
    public var gasLimit: UInt64 = 30_000_000
    public var baseFee: UInt256 = Genesis.initialBaseFee
    public var fork: Fork = .osaka
    /// Genesis timestamp in seconds (now, unless `--timestamp`).
    public var timestamp: UInt64

    public init(accounts: [Address], timestamp: UInt64) {
        self.accounts = accounts
        self.timestamp = timestamp
    }

    /// The fork `--hardfork NAME` means: `latest` is Osaka; otherwise a fork's lower-case name
    /// (`prague`, `cancun`, `shanghai`, `paris`/`merge`, `london`, …).
    public static func fork(named name: String) -> Fork? {
        Fork(name: name) ?? Fork.allCases.first { $0.description == name.lowercased() }
    }

    /// The chain configuration: all forks up to `fork` at genesis; from Osaka on the blob
    /// schedule is BPO2's (target 14, max 21), which mainnet uses today.
    public var config: ChainConfig {
        var c = ChainConfig.allAtGenesis(fork, chainId: chainId)
        if fork >= .osaka, let bpo2 = BlobSchedule.mainnet(.bpo2) { c.blobSchedules[fork] = bpo2 }
        return c
    }

    /// The genesis (allocation and header fields).
    public var genesis: Genesis {
        var g = Genesis(config: config)
        for address in accounts { g.alloc[address] = Genesis.Account(balance: balance) }
        for (address, code) in SystemContractCode.predeploys(for: fork) {
            g.alloc[address] = Genesis.Account(balance: .zero, nonce: 1, code: code)
        }
        g.gasLimit = gasLimit
        g.timestamp = timestamp
        g.baseFeePerGas = fork >= .london ? baseFee : nil
        g.difficulty = fork >= .paris ? .zero : UInt256(1)
        return g
    }
}
