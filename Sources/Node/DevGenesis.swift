import Ethereum
import Keys
import Primitives
import State
import Trie

/// The genesis of a development chain: the funded dev accounts and the fork's system contracts
/// in a `WorldState`, and the genesis header with exactly the fields the fork requires.
///
/// Header fields by fork (each optional field appears from the fork that introduced it):
/// base fee (London) = the configured initial base fee; withdrawals root (Shanghai) = the empty
/// trie; blob gas used and excess blob gas = 0 and parent beacon root = zero (Cancun; EIP-4788
/// requires the zero root at genesis, and dev blocks keep using it as geth's dev mode does);
/// requests hash (Prague) = the hash of no requests. From the merge on, difficulty and nonce are
/// 0 and mixHash (PREVRANDAO) is zero.
public struct DevGenesis: Sendable {
    public let configuration: DevChainConfiguration
    /// The dev account keys, in derivation order.
    public let accounts: [PrivateKey]
    public let state: WorldState
    public let header: Header

    /// The genesis block hash.
    public var hash: Hash { header.hash }

    /// The genesis block (no transactions; an empty withdrawals list from Shanghai on).
    public var block: Block {
        Block(header: header, withdrawals: configuration.fork >= .shanghai ? [] : nil)
    }

    /// Difficulty of a pre-merge genesis (geth's params.GenesisDifficulty).
    public static let preMergeDifficulty = UInt256(131_072)

    public init(configuration: DevChainConfiguration = DevChainConfiguration()) throws(KeyError) {
        self.configuration = configuration
        let keys = try configuration.accountKeys()
        self.accounts = keys
        let fork = configuration.fork

        var state = WorldState()
        for key in keys {
            state.setAccount(key.address, nonce: 0, balance: configuration.balance, code: [], storage: [:])
        }
        for contract in SystemContracts.required(by: fork) {
            state.setAccount(contract.address, nonce: 1, balance: .zero, code: contract.code, storage: [:])
        }

        var header = Header(coinbase: configuration.coinbase,
                            stateRoot: state.stateRoot(),
                            transactionsRoot: Trie.emptyRoot,
                            receiptsRoot: Trie.emptyRoot,
                            difficulty: fork >= .paris ? .zero : Self.preMergeDifficulty,
                            number: 0,
                            gasLimit: configuration.gasLimit,
                            timestamp: configuration.resolvedTimestamp)
        if fork >= .london { header.baseFeePerGas = configuration.baseFee }
        if fork >= .shanghai { header.withdrawalsRoot = Trie.emptyRoot }
        if fork >= .cancun {
            header.blobGasUsed = 0
            header.excessBlobGas = 0
            header.parentBeaconBlockRoot = .zero
        }
        if fork >= .prague { header.requestsHash = Requests.emptyHash }
        self.state = state
        self.header = header
    }

    /// The mempool parameters for the block after genesis (the first dev block).
    public var nextBlockContext: MempoolContext {
        MempoolContext(chainId: configuration.chainId, fork: configuration.fork,
                       baseFee: configuration.fork >= .london
                           ? HeaderRules.nextBaseFee(parent: header, parentFork: configuration.fork) : nil,
                       blockGasLimit: configuration.gasLimit, blobSchedule: configuration.blobSchedule)
    }
}
