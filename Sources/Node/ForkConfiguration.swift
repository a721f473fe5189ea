import EVM
import Ethereum
import Primitives

/// One fork's configuration as EIP-7910 (`eth_config`) reports it, with geth's choices: the
/// precompiles as name → address, the EIP-2124 fork id of the fork, and the system contracts the
/// fork's blocks rely on.
public struct ForkConfiguration: Sendable, Equatable {
    /// The fork.
    public var fork: Fork
    /// Seconds since the epoch; 0 for a fork active at genesis.
    public var activationTime: UInt64
    /// The fork's blob parameters (nil before Cancun).
    public var blobSchedule: BlobSchedule?
    public var chainId: UInt64
    /// The 4-byte EIP-2124 fork hash of a head at the fork's activation.
    public var forkId: [UInt8]
    /// Active precompiles, sorted by name.
    public var precompiles: [(name: String, address: Address)]
    /// System contracts, sorted by name (empty before Cancun).
    public var systemContracts: [(name: String, address: Address)]

    public static func == (a: ForkConfiguration, b: ForkConfiguration) -> Bool {
        a.fork == b.fork && a.activationTime == b.activationTime && a.blobSchedule == b.blobSchedule && a.chainId == b.chainId
            && a.forkId == b.forkId && a.precompiles.map(\.name) == b.precompiles.map(\.name)
            && a.precompiles.map(\.address) == b.precompiles.map(\.address)
            && a.systemContracts.map(\.name) == b.systemContracts.map(\.name)
            && a.systemContracts.map(\.address) == b.systemContracts.map(\.address)
    }

    /// `eth_config`'s three members. Only timestamp-scheduled forks (Shanghai on) have a
    /// configuration, as in geth: `current` is the newest one active at `headTime` (nil on a
    /// chain before Shanghai), `next` the first one scheduled after it, `last` the newest one
    /// scheduled at all; `last` is nil whenever `next` is.
    public static func eip7910(config: ChainConfig, genesisHash: Hash, genesisTime: UInt64, headTime: UInt64)
        -> (current: ForkConfiguration?, next: ForkConfiguration?, last: ForkConfiguration?) {
        let scheduled = config.forkTimes.filter { $0.key >= .shanghai }.sorted { $0.key < $1.key }
        let current = scheduled.last { $0.value <= headTime }
        let next = scheduled.first { $0.key > (current?.key ?? .paris) && $0.value > headTime }
        func make(_ entry: (key: Fork, value: UInt64)?) -> ForkConfiguration? {
            guard let (fork, time) = entry else { return nil }
            // The fork whose rules hold at `time` (a later fork scheduled at the same time wins).
            let effective = scheduled.last { $0.value <= time }?.key ?? fork
            return ForkConfiguration(config: config, fork: effective, time: time, genesisHash: genesisHash, genesisTime: genesisTime)
        }
        let nextConfiguration = make(next)
        return (make(current), nextConfiguration, nextConfiguration == nil ? nil : make(scheduled.last))
    }

    init(config: ChainConfig, fork: Fork, time: UInt64, genesisHash: Hash, genesisTime: UInt64) {
        self.fork = fork
        activationTime = genesisTime >= time ? 0 : time
        blobSchedule = config.blobSchedule(for: fork)
        chainId = config.chainId
        forkId = ForkID.hash(config: config, genesisHash: genesisHash, genesisTime: genesisTime, time: time)
        precompiles = PrecompileSet.forFork(fork).addresses.compactMap { a in Self.precompileNames[UInt64(a.lo)].map { ($0, a) } }
            .sorted { $0.name < $1.name }
        var system: [(name: String, address: Address)] = []
        if fork >= .cancun { system.append(("BEACON_ROOTS_ADDRESS", SystemContracts.beaconRoots.address)) }
        if fork >= .prague {
            system.append(("CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS", SystemContracts.consolidationRequests.address))
            system.append(("DEPOSIT_CONTRACT_ADDRESS", config.depositContractAddress))
            system.append(("HISTORY_STORAGE_ADDRESS", SystemContracts.historyStorage.address))
            system.append(("WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS", SystemContracts.withdrawalRequests.address))
        }
        systemContracts = system.sorted { $0.name < $1.name }
    }

    /// geth's precompile names (`PrecompiledContract.Name()`) by address.
    static let precompileNames: [UInt64: String] = [
        0x01: "ECREC", 0x02: "SHA256", 0x03: "RIPEMD160", 0x04: "ID", 0x05: "MODEXP",
        0x06: "BN254_ADD", 0x07: "BN254_MUL", 0x08: "BN254_PAIRING", 0x09: "BLAKE2F", 0x0a: "KZG_POINT_EVALUATION",
        0x0b: "BLS12_G1ADD", 0x0c: "BLS12_G1MSM", 0x0d: "BLS12_G2ADD", 0x0e: "BLS12_G2MSM",
        0x0f: "BLS12_PAIRING_CHECK", 0x10: "BLS12_MAP_FP_TO_G1", 0x11: "BLS12_MAP_FP2_TO_G2", 0x100: "P256VERIFY",
    ]
}
