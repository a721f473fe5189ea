import Ethereum
import Keys
import Primitives

extension DevChainConfiguration {
    /// The chain configuration of the dev chain: every fork up to `fork` active at genesis, with
    /// the configured blob schedule for that fork.
    public var chainConfig: ChainConfig {
        var c = ChainConfig.allAtGenesis(fork, chainId: chainId)
        if let blobSchedule, fork >= .cancun { c.blobSchedules[fork] = blobSchedule }
        return c
    }

    /// The dev genesis as a geth-style `Genesis` (allocation and header fields), which the node
    /// opens exactly as it opens a `--genesis` file. Its header equals `DevGenesis(configuration:)`'s.
    public func genesis(accounts: [Address]) -> Genesis {
        var g = Genesis(config: chainConfig)
        for address in accounts { g.alloc[address] = Genesis.Account(balance: balance) }
        for contract in SystemContracts.required(by: fork) {
            g.alloc[contract.address] = Genesis.Account(balance: .zero, nonce: 1, code: contract.code)
        }
        g.gasLimit = gasLimit
        g.timestamp = resolvedTimestamp
        g.coinbase = coinbase
        g.baseFeePerGas = fork >= .london ? baseFee : nil
        g.difficulty = fork >= .paris ? .zero : DevGenesis.preMergeDifficulty
        return g
    }
}
