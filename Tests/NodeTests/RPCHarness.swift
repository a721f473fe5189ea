import Ethereum
import Keys
import Node
import Primitives
import RPC
import XCTest

/// A dev node with every node-backed method registered, called through the registry as the
/// dispatcher calls it; with a storage contract in genesis for proof tests.
struct RPCHarness {
    /// Stores calldata word 1 at the slot calldata word 0 names: PUSH1 0x20 CALLDATALOAD PUSH1 0 CALLDATALOAD SSTORE STOP.
    static let storeCode: [UInt8] = [0x60, 0x20, 0x35, 0x60, 0x00, 0x35, 0x55, 0x00]
    static let contract = try! Address(hex: "0x00000000000000000000000000000000c0ffee00")
    /// The contract's genesis storage: slot i → i * 1000 + 7 for i in 1...40.
    static let genesisStorage: [UInt256: UInt256] = Dictionary(uniqueKeysWithValues: (1...40).map {
        (UInt256(UInt64($0)), UInt256(UInt64($0 * 1000 + 7)))
    })

    let node: DevNode
    let registry = RPCRegistry()

    init(configuration: NodeConfiguration = RPCHarness.configuration()) throws {
        node = try DevNode(configuration: configuration)
        registry.registerNodeMethods(node)
    }

    static func configuration() -> NodeConfiguration {
        var c = TestNode.configuration()
        c.genesis.alloc[contract] = Genesis.Account(balance: UInt256(5), nonce: 1, code: storeCode, storage: genesisStorage)
        return c
    }

    /// Calls `method` and returns its result or error.
    func call(_ method: String, _ params: [JSON]) async -> Result<JSON, RPCError> {
        await registry.call(method, params: .array(params))
    }

    /// The result of a call that must succeed.
    func result(_ method: String, _ params: [JSON], file: StaticString = #filePath, line: UInt = #line) async throws -> JSON {
        switch await call(method, params) {
        case .success(let v): return v
        case .failure(let e):
            XCTFail("\(method) failed: \(e.code) \(e.message)", file: file, line: line)
            throw e
        }
    }

    /// The error of a call that must fail.
    func error(_ method: String, _ params: [JSON], file: StaticString = #filePath, line: UInt = #line) async -> RPCError? {
        switch await call(method, params) {
        case .success(let v):
            XCTFail("\(method) answered \(v) instead of failing", file: file, line: line)
            return nil
        case .failure(let e): return e
        }
    }

    /// A signed call of the storage contract setting `slot` to `value`.
    static func store(slot: UInt64, value: UInt64, nonce: UInt64, key: PrivateKey = TestNode.keys[0]) -> Transaction {
        var tx = Transaction(type: .dynamicFee, chainId: 31337, nonce: nonce)
        tx.maxPriorityFeePerGas = UInt256(1_000_000_000)
        tx.maxFeePerGas = UInt256(100_000_000_000)
        tx.gasLimit = 100_000
        tx.to = contract
        tx.data = UInt256(slot).bigEndianBytes + UInt256(value).bigEndianBytes
        return tx.signed(with: key)
    }

    /// Decodes a DATA string.
    static func bytes(_ json: JSON?) throws -> [UInt8] { try Hex.decode(XCTUnwrap(json?.stringValue)) }
}
