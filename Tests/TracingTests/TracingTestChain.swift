import EVM
import Ethereum
import Execution
import Keys
import Node
import Primitives
import RPC

/// A dev node in manual mining mode with the node's RPC methods, and a few hand-assembled
/// contracts: `child` logs and returns a word, `reverter` writes a slot then reverts, `store`
/// writes 42 to slot 0, and `parent` calls child, reverter and the identity precompile, then
/// reads its slot 5.
final class TracingTestChain {
    static let keys: [PrivateKey] = try! HDWallet.accounts(count: 3)
    let node: DevNode
    let registry = RPCRegistry()
    var nonce: UInt64 = 0
    var sender: Address { Self.keys[0].address }

    init() throws {
        var dev = DevChainConfiguration()
        dev.timestamp = 1_700_000_000
        var c = NodeConfiguration(genesis: dev.genesis(accounts: Self.keys.map(\.address)), executor: SequentialExecutor())
        c.mining = .manual
        c.devKeys = Self.keys
        node = try DevNode(configuration: c)
        registry.registerNodeMethods(node)
    }

    deinit { node.shutdown() }

    // MARK: Contracts

    /// MSTORE 42 at 0, LOG1 (topic 7) of that word, RETURN it.
    static let child: [UInt8] = [0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x07, 0x60, 0x20, 0x60, 0x00, 0xa1, 0x60, 0x20, 0x60, 0x00, 0xf3]
    /// SSTORE slot 0 = 1, then REVERT with no data.
    static let reverter: [UInt8] = [0x60, 0x01, 0x60, 0x00, 0x55, 0x60, 0x00, 0x60, 0x00, 0xfd]
    /// SSTORE slot 0 = 42, STOP.
    static let store: [UInt8] = [0x60, 0x2a, 0x60, 0x00, 0x55, 0x00]

    /// CALL child (50,000 gas, 32 bytes back), CALL reverter (30,000 gas), STATICCALL identity
    /// with 4 bytes of memory, SLOAD slot 5, STOP.
    static func parent(child: Address, reverter: Address) -> [UInt8] {
        var code: [UInt8] = []
        // CALL(gas, to, value 0, in 0/0, out 0/32)
        code += [0x60, 0x20, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x73] + child.bytes + [0x61, 0xc3, 0x50, 0xf1, 0x50]
        code += [0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x73] + reverter.bytes + [0x61, 0x75, 0x30, 0xf1, 0x50]
        // STATICCALL(gas, 0x04, in 0/4, out 0/0)
        code += [0x60, 0x00, 0x60, 0x00, 0x60, 0x04, 0x60, 0x00, 0x60, 0x04, 0x61, 0x27, 0x10, 0xfa, 0x50]
        code += [0x60, 0x05, 0x54, 0x50, 0x00]
        return code
    }

    /// Init code that deploys `runtime`.
    static func deployment(_ runtime: [UInt8]) -> [UInt8] {
        let n = UInt8(runtime.count)
        return [0x60, n, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xf3] + runtime
    }

    // MARK: Transactions

    /// Adds a signed EIP-1559 transaction from the first dev account to the pool; returns its hash.
    @discardableResult
    func submit(to: Address?, data: [UInt8] = [], value: UInt64 = 0, gas: UInt64 = 300_000) throws -> Hash {
        var tx = Transaction(type: .dynamicFee, chainId: 31337, nonce: nonce)
        tx.maxPriorityFeePerGas = UInt256(1_000_000_000)
        tx.maxFeePerGas = UInt256(100_000_000_000)
        tx.gasLimit = gas
        tx.to = to
        tx.value = UInt256(value)
        tx.data = data
        nonce += 1
        return try node.add(PooledTransaction(transaction: tx.signed(with: Self.keys[0])))
    }

    /// Deploys `runtime` in its own block; returns the contract's address.
    func deploy(_ runtime: [UInt8]) throws -> Address {
        let address = ContractAddress.create(sender: sender, nonce: nonce)
        try submit(to: nil, data: Self.deployment(runtime))
        mine()
        return address
    }

    func mine() { _ = node.mineAndWait() }

    // MARK: RPC

    func call(_ method: String, _ params: [JSON]) async throws -> JSON {
        try await registry.call(method, params: .array(params)).get()
    }

    func error(_ method: String, _ params: [JSON]) async -> RPCError? {
        if case .failure(let e) = await registry.call(method, params: .array(params)) { return e }
        return nil
    }

    static func options(_ members: [(String, JSON)]) -> JSON {
        var o = JSONObject()
        for (k, v) in members { o.append(k, v) }
        return .object(o)
    }
}
