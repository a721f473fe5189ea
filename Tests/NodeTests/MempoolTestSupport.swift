import Ethereum
import Keys
import Node
import Primitives
import State
import Synchronization
import XCTest

/// Dev keys, a funded state and the next block's parameters, plus a signer for test transactions.
struct TestChain {
    static let keys: [PrivateKey] = try! HDWallet.accounts(count: 6)
    static let gwei = UInt256(1_000_000_000)
    static let recipient = try! Address(hex: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")

    var state = WorldState()
    var context = MempoolContext(chainId: 31_337, fork: .osaka, baseFee: TestChain.gwei, blockGasLimit: 30_000_000,
                                 blobSchedule: BlobSchedule.mainnet(.bpo2))

    init(balance: UInt256 = UInt256(1_000) &* UInt256(1_000_000_000_000_000_000)) {
        for key in Self.keys { state.setAccount(key.address, nonce: 0, balance: balance, code: [], storage: [:]) }
    }

    func key(_ i: Int) -> PrivateKey { Self.keys[i] }
    func address(_ i: Int) -> Address { Self.keys[i].address }

    /// Sets an account's nonce (as a mined block would).
    mutating func setNonce(_ i: Int, _ nonce: UInt64) {
        let account = state.account(address(i))!
        state.setAccount(address(i), nonce: nonce, balance: account.balance, code: [], storage: [:])
    }

    mutating func setBalance(_ i: Int, _ balance: UInt256) {
        let account = state.account(address(i))!
        state.setAccount(address(i), nonce: account.nonce, balance: balance, code: [], storage: [:])
    }

    /// A signed EIP-1559 transfer (or another type) from dev account `from`; fees in gwei.
    func tx(_ from: Int, nonce: UInt64, tip: UInt64 = 1, feeCap: UInt64 = 10, gas: UInt64 = 21_000,
            type: TransactionType = .dynamicFee, to: Address? = TestChain.recipient, value: UInt256 = .one,
            data: [UInt8] = [], chainId: UInt64? = 31_337) -> Transaction {
        txWei(from, nonce: nonce, tip: UInt256(tip) &* Self.gwei, feeCap: UInt256(feeCap) &* Self.gwei, gas: gas,
              type: type, to: to, value: value, data: data, chainId: chainId)
    }

    /// As `tx`, with fees in wei.
    func txWei(_ from: Int, nonce: UInt64, tip: UInt256, feeCap: UInt256, gas: UInt64 = 21_000,
               type: TransactionType = .dynamicFee, to: Address? = TestChain.recipient, value: UInt256 = .one,
               data: [UInt8] = [], chainId: UInt64? = 31_337) -> Transaction {
        var t = Transaction(type: type, chainId: chainId, nonce: nonce, gasLimit: gas, to: to, value: value, data: data)
        if type < .dynamicFee { t.gasPrice = feeCap } else { t.maxFeePerGas = feeCap; t.maxPriorityFeePerGas = tip }
        return t.signed(with: key(from))
    }
}

/// Asserts that `body` throws exactly `expected` and that its message is `message`.
func XCTAssertRejects(_ expected: MempoolError, message: String, file: StaticString = #filePath, line: UInt = #line,
                      _ body: () throws(MempoolError) -> Void) {
    do {
        try body()
        XCTFail("accepted; expected \(expected)", file: file, line: line)
    } catch {
        XCTAssertEqual(error, expected, file: file, line: line)
        XCTAssertEqual(error.description, message, file: file, line: line)
    }
}

/// Collects announced hashes from subscription callbacks (which may run on any thread).
final class HashRecorder: Sendable {
    private let storage = Mutex<[Hash]>([])
    var hashes: [Hash] { storage.withLock { $0 } }
    func record(_ hash: Hash) { storage.withLock { $0.append(hash) } }
}
