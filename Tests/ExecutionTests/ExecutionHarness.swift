import EVM
import Ethereum
import Execution
import Keys
import Primitives
import State
import XCTest

/// A tiny world for per-EIP tests: a funded sender, a contract at `contract` with the code under
/// test, and one transaction applied by `TransactionProcessor` under a chosen fork.
struct ExecutionHarness {
    static let senderKey = try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
    static let otherKey = try! PrivateKey(hex: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
    static let contract = Address(low: 0xC0DE)
    static let coinbase = Address(low: 0xC014_BA5E)
    static let baseFee = UInt256(7)

    var world = WorldState()

    init(code: [UInt8], extraAccounts: [(Address, [UInt8], UInt256)] = []) {
        world.setAccount(Self.senderKey.address, nonce: 0, balance: UInt256(10).power(UInt256(20)), code: [], storage: [:])
        world.setAccount(Self.contract, nonce: 1, balance: .zero, code: code, storage: [:])
        for (address, code, balance) in extraAccounts {
            world.setAccount(address, nonce: code.isEmpty ? 0 : 1, balance: balance, code: code, storage: [:])
        }
    }

    /// Signs and applies a transaction; returns the result (or the rejection) and updates the world.
    mutating func run(fork: Fork, to: Address? = ExecutionHarness.contract, data: [UInt8] = [], gas: UInt64 = 1_000_000,
                      value: UInt256 = .zero, accessList: [AccessListEntry] = [], authorizations: [Authorization] = [],
                      nonce: UInt64 = 0) throws -> TransactionResult {
        var tx = Transaction(type: fork >= .london ? (authorizations.isEmpty ? .dynamicFee : .setCode) : (fork >= .berlin ? .accessList : .legacy),
                             chainId: 1, nonce: nonce, gasLimit: gas, to: to, value: value, data: data, accessList: accessList,
                             authorizationList: authorizations)
        tx.maxFeePerGas = UInt256(10)
        tx.maxPriorityFeePerGas = fork >= .london ? UInt256(2) : UInt256(10)
        tx.sign(with: Self.senderKey)
        let sender = try TransactionRules.validate(tx, fork: fork, chainId: 1)
        let block = BlockEnvironment(number: 1, coinbase: Self.coinbase, timestamp: 1000, gasLimit: 30_000_000,
                                     baseFee: fork >= .london ? Self.baseFee : nil, chainId: 1)
        let state = JournaledState(base: world)
        let result = try TransactionProcessor.execute(tx, sender: sender, state: state,
                                                      context: .init(block: block, fork: fork, blobBaseFee: fork >= .cancun ? .one : nil,
                                                                     blockGasAvailable: 30_000_000))
        world.apply(state.changes())
        return result
    }

    func storage(_ slot: UInt64, of address: Address = ExecutionHarness.contract) -> UInt256 {
        world.storage(address, UInt256(slot))
    }
}

/// A few opcodes by name, to keep the test programs readable.
enum Op {
    static func push(_ value: UInt64) -> [UInt8] {
        let bytes = UInt256(value).minimalBigEndianBytes
        if bytes.isEmpty { return [0x60, 0x00] }
        return [0x5f + UInt8(bytes.count)] + bytes
    }
    static func push(_ address: Address) -> [UInt8] { [0x73] + address.bytes }
    static let stop: [UInt8] = [0x00]
    static let pop: [UInt8] = [0x50]
    static let sstore: [UInt8] = [0x55]
    static let sload: [UInt8] = [0x54]
    static let balance: [UInt8] = [0x31]
    static let push0: [UInt8] = [0x5f]
    static let tload: [UInt8] = [0x5c]
    static let tstore: [UInt8] = [0x5d]
    static let mcopy: [UInt8] = [0x5e]
    static let clz: [UInt8] = [0x1e]
    static let selfdestruct: [UInt8] = [0xff]
}
