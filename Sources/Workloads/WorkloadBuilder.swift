import EVM
import Ethereum
import Execution
import Primitives
import State

/// One block ready for an executor: the parent state, the block's context and its transactions.
public struct BlockWorkload: Sendable {
    public var name: String
    public var parent: WorldState
    public var context: BlockContext
    public var transactions: [BlockTransaction]

    /// Gas the transactions may use at most (their gas limits summed).
    public var gasLimitSum: UInt64 { transactions.reduce(0) { $0 + $1.transaction.gasLimit } }
}

/// Deterministic addresses, contract storage slots and call data for the workloads.
public enum WorkloadBuilder {
    public static let coinbase = Address(hashSuffix: Keccak256.hash(Array("lanes coinbase".utf8)))
    public static let chainId: UInt64 = 31337
    public static let baseFee = UInt256(1_000_000_000)
    public static let ether = UInt256(1_000_000_000_000_000_000 as UInt64)

    /// A distinct address per (kind, index).
    public static func address(_ kind: String, _ index: Int) -> Address {
        Address(hashSuffix: Keccak256.hash(Array("\(kind)/\(index)".utf8)))
    }

    /// The block context of a workload block at `fork`.
    public static func context(fork: Fork = .osaka, gasLimit: UInt64, number: UInt64 = 1) -> BlockContext {
        let london = fork >= .london
        let environment = BlockEnvironment(number: number, coinbase: coinbase, timestamp: 1_700_000_000 + number, gasLimit: gasLimit,
                                           baseFee: london ? baseFee : nil, difficulty: fork >= .paris ? .zero : UInt256(131_072),
                                           prevRandao: Hash(UInt256(number)), blobBaseFee: fork >= .cancun ? UInt256(1) : nil, chainId: chainId)
        return BlockContext(environment: environment, fork: fork, blobSchedule: BlobSchedule.mainnet(fork), excessBlobGas: 0,
                            parentHash: Hash(UInt256(number &- 1)), parentBeaconBlockRoot: fork >= .cancun ? .zero : nil,
                            withdrawals: fork >= .shanghai ? [] : nil)
    }

    /// The slot of `map[key]` for a Vyper `HashMap` at storage slot `slot`: keccak256(slot ‖ key).
    public static func vyperMapSlot(_ slot: UInt256, _ key: UInt256) -> UInt256 {
        Keccak256.hash(slot.bigEndianBytes + key.bigEndianBytes).uint256
    }

    public static func word(_ a: Address) -> UInt256 { UInt256(bigEndian: a.bytes)! }

    /// ABI call data: a selector and 32-byte words.
    public static func call(_ selector: UInt32, _ words: [UInt256]) -> [UInt8] {
        var data = withUnsafeBytes(of: selector.bigEndian) { Array($0) }
        for w in words { data += w.bigEndianBytes }
        return data
    }

    /// A transaction of the workloads: EIP-1559 from London, legacy before; signature left empty
    /// (executors take the sender as given).
    public static func transaction(fork: Fork, nonce: UInt64, to: Address?, value: UInt256 = .zero, data: [UInt8] = [],
                                   gas: UInt64, tip: UInt256 = UInt256(1_000_000_000)) -> Transaction {
        if fork >= .london {
            return Transaction(type: .dynamicFee, chainId: chainId, nonce: nonce, maxPriorityFeePerGas: tip,
                               maxFeePerGas: baseFee &* UInt256(2) &+ tip, gasLimit: gas, to: to, value: value, data: data)
        }
        return Transaction(type: .legacy, chainId: chainId, nonce: nonce, maxPriorityFeePerGas: baseFee &+ tip,
                           maxFeePerGas: baseFee &+ tip, gasLimit: gas, to: to, value: value, data: data)
    }

    static func code(_ hex: String) -> [UInt8] { try! Hex.decode(hex) }

    public enum Selector {
        public static let transfer: UInt32 = 0xa9059cbb
        public static let transferFrom: UInt32 = 0x23b872dd
        public static let balanceOf: UInt32 = 0x70a08231
        public static let swap: UInt32 = 0x4312ae31
        public static let bump: UInt32 = 0x68110b2f
    }
}

/// Token and pool set-up in a world state (storage written directly, slots from `vyper -f layout`).
extension WorldState {
    mutating func fund(_ address: Address, _ balance: UInt256) {
        setAccount(address, nonce: 0, balance: balance, code: [], storage: [:])
    }

    /// Deploys `Token.vy` at `address` with token balances and (owner → spender) allowances.
    mutating func deployToken(_ address: Address, balances: [(Address, UInt256)], allowances: [(Address, Address)] = []) {
        var storage: [UInt256: UInt256] = [:]
        var supply = UInt256.zero
        for (holder, amount) in balances {
            storage[WorkloadBuilder.vyperMapSlot(.zero, WorkloadBuilder.word(holder))] = amount
            supply = supply &+ amount
        }
        for (owner, spender) in allowances {
            let inner = WorkloadBuilder.vyperMapSlot(UInt256(1), WorkloadBuilder.word(owner))
            storage[WorkloadBuilder.vyperMapSlot(inner, WorkloadBuilder.word(spender))] = .max
        }
        storage[UInt256(2)] = supply
        setAccount(address, nonce: 1, balance: .zero, code: WorkloadBuilder.code(ContractBytecode.token), storage: storage)
    }

    /// Deploys `Pair.vy` at `address` over two tokens with the given reserves (the caller gives the
    /// pool the matching token balances).
    mutating func deployPair(_ address: Address, token0: Address, token1: Address, reserve0: UInt256, reserve1: UInt256) {
        let storage: [UInt256: UInt256] = [.zero: WorkloadBuilder.word(token0), UInt256(1): WorkloadBuilder.word(token1),
                                           UInt256(2): reserve0, UInt256(3): reserve1]
        setAccount(address, nonce: 1, balance: .zero, code: WorkloadBuilder.code(ContractBytecode.pair), storage: storage)
    }
}
