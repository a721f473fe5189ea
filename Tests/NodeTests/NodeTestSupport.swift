import Ethereum
import Execution
import Foundation
import Keys
import Node
import Primitives

/// A dev node on a temporary or given data directory, with the default dev accounts.
struct TestNode {
    static let keys: [PrivateKey] = try! HDWallet.accounts(count: 5)

    static func configuration(dataDirectory: String? = nil, mining: MiningMode = .manual,
                              executor: any BlockExecutor = SequentialExecutor()) -> NodeConfiguration {
        var dev = DevChainConfiguration()
        dev.timestamp = 1_700_000_000
        var c = NodeConfiguration(genesis: dev.genesis(accounts: keys.map(\.address)), executor: executor)
        c.dataDirectory = dataDirectory
        c.mining = mining
        c.devKeys = keys
        return c
    }

    /// A signed EIP-1559 transfer.
    static func transfer(from key: PrivateKey, nonce: UInt64, to: Address = Address(hashSuffix: Keccak256.hash([1])),
                         value: UInt64 = 1, tip: UInt64 = 1_000_000_000, gas: UInt64 = 21_000) -> PooledTransaction {
        var tx = Transaction(type: .dynamicFee, chainId: 31337, nonce: nonce)
        tx.maxPriorityFeePerGas = UInt256(tip)
        tx.maxFeePerGas = UInt256(100_000_000_000)
        tx.gasLimit = gas
        tx.to = to
        tx.value = UInt256(value)
        return PooledTransaction(transaction: tx.signed(with: key))
    }

    /// A fresh directory under the temporary directory.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "lanes-node-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
