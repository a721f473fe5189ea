import EVM
import Ethereum
import Primitives

extension BlockEnvironment {
    /// The EVM's view of an existing block's header on a chain with `config` (`schedule`: the
    /// blob schedule of the header's fork, nil before Cancun).
    public init(header: Header, config: ChainConfig, schedule: BlobSchedule?) {
        self.init(number: header.number, coinbase: header.coinbase, timestamp: header.timestamp, gasLimit: header.gasLimit,
                  baseFee: header.baseFeePerGas, difficulty: header.difficulty, prevRandao: header.mixHash,
                  blobBaseFee: schedule?.blobBaseFee(excessBlobGas: header.excessBlobGas ?? 0), chainId: config.chainId)
    }
}

extension BlockContext {
    /// What executing an existing block needs, from the block itself (import, replay for tracing).
    public init(block: Block, fork: Fork, config: ChainConfig) {
        let header = block.header
        let schedule = config.blobSchedule(for: fork)
        self.init(environment: BlockEnvironment(header: header, config: config, schedule: schedule), fork: fork,
                  blobSchedule: schedule, excessBlobGas: header.excessBlobGas ?? 0, parentHash: header.parentHash,
                  parentBeaconBlockRoot: header.parentBeaconBlockRoot, withdrawals: block.withdrawals, ommers: block.ommers,
                  depositContract: config.depositContractAddress)
    }
}
