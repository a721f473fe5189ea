import Ethereum
import Foundation
import Keys
import LanesTestSupport
import Primitives
import State
import Storage

/// Builders for chains of blocks with transactions, receipts, logs and random state changes.
struct ChainBuilder {
    var rng: SplitMix64
    var head: Header?
    /// The in-memory oracle: a WorldState that applied every committed block's changes.
    var reference = WorldState()
    /// Address pools: a few hot contracts emit most logs, many cold ones the rest.
    let hotAddresses: [Address]
    let coldAddresses: [Address]
    let eventTopics: [Hash]
    let accounts: [Address]

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        hotAddresses = (1...3).map { Address(low: 0xC0_0000 + $0) }
        coldAddresses = (1...40).map { Address(low: 0xD0_0000 + $0) }
        eventTopics = (1...5).map { Hash(UInt256(0xE0_0000 + $0)) }
        accounts = (1...25).map { Address(low: 0xA0_0000 + $0) }
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func randomLog() -> Log {
        let address = chance(0.6) ? hotAddresses[int(0...hotAddresses.count - 1)] : coldAddresses[int(0...coldAddresses.count - 1)]
        let topicCount = int(0...4)
        var topics: [Hash] = []
        for i in 0..<topicCount {
            // Position 0 is an event signature; others small account-like values, so repeats occur.
            topics.append(i == 0 ? eventTopics[int(0...eventTopics.count - 1)] : Hash(UInt256(UInt64(int(1...6)))))
        }
        let data = (0..<int(0...40)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Log(address: address, topics: topics, data: data)
    }

    /// A signed-looking transaction of a random type (signature values are arbitrary but well-formed).
    mutating func randomTransaction(nonce: UInt64) -> Transaction {
        let types: [TransactionType] = [.legacy, .accessList, .dynamicFee, .blob, .setCode]
        var tx = Transaction(type: types[int(0...types.count - 1)], chainId: 31337, nonce: nonce,
                             maxPriorityFeePerGas: UInt256(UInt64(int(1...5))), maxFeePerGas: UInt256(UInt64(int(10...50))),
                             gasLimit: UInt64(int(21_000...100_000)), to: accounts[int(0...accounts.count - 1)],
                             value: UInt256(UInt64(int(0...1_000_000))), data: (0..<int(0...20)).map { UInt8($0) },
                             signature: Signature(r: UInt256(UInt64(int(1...1_000_000))), s: UInt256(UInt64(int(1...1_000_000))), yParity: UInt8(int(0...1))))
        if tx.type == .legacy { tx.gasPrice = tx.maxFeePerGas }
        if tx.type == .accessList { tx.gasPrice = tx.maxFeePerGas; tx.accessList = [AccessListEntry(address: accounts[0], storageKeys: [Hash(UInt256(7))])] }
        if tx.type == .blob { tx.maxFeePerBlobGas = UInt256(3); tx.blobVersionedHashes = [Hash(UInt256(0x01) << 248)] }
        if tx.type == .setCode {
            tx.authorizationList = [Authorization(chainId: UInt256(31337), address: accounts[1], nonce: 0, yParity: 1, r: UInt256(5), s: UInt256(6))]
        }
        if tx.type == .legacy && chance(0.3) { tx.to = nil }
        if tx.type == .accessList || tx.type == .dynamicFee { if chance(0.2) { tx.to = nil } }
        return tx
    }

    /// Random state changes over a small pool, following WorldState's rules (code hash = keccak(code)).
    mutating func randomStateChanges() -> StateChanges {
        var changes = StateChanges()
        for _ in 0..<int(1...6) {
            let address = accounts[int(0...accounts.count - 1)]
            if chance(0.1) {
                changes.accounts[address] = StateChanges.AccountChange(account: nil)
                continue
            }
            var change = StateChanges.AccountChange(account: Account(nonce: UInt64(int(0...100)), balance: UInt256(UInt64(int(0...1_000_000)))))
            if chance(0.2) {
                let code = (0..<int(1...30)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                change.account!.codeHash = Keccak256.hash(code)
                change.code = code
            } else if let existing = reference.account(address), existing.hasCode {
                change.account!.codeHash = existing.codeHash
            }
            change.storageCleared = chance(0.1)
            for _ in 0..<int(0...5) {
                let slot = UInt256(UInt64(int(0...8)))
                change.storage[slot] = chance(0.25) ? .zero : UInt256(UInt64(int(1...1_000_000)))
            }
            changes.accounts[address] = change
        }
        return changes
    }

    /// The next block: `txCount` transactions with random receipts and logs, random state changes.
    mutating func nextBlock(txCount: Int? = nil, withdrawals: Bool = true, stateChanges: StateChanges? = nil) -> BlockCommit {
        let number = head.map { $0.number + 1 } ?? 0
        let count = txCount ?? int(0...6)
        var txs: [Transaction] = []
        var senders: [Address] = []
        var receipts: [ReceiptDetails] = []
        var cumulative: UInt64 = 0
        for i in 0..<count {
            let tx = randomTransaction(nonce: number * 1000 + UInt64(i))
            txs.append(tx)
            senders.append(accounts[int(0...accounts.count - 1)])
            let gas = UInt64(int(21_000...90_000))
            cumulative += gas
            let logs = (0..<int(0...3)).map { _ in randomLog() }
            let outcome: Receipt.Outcome = chance(0.1) ? .stateRoot(Hash(UInt256(UInt64(int(1...99))))) : .status(chance(0.85))
            receipts.append(ReceiptDetails(receipt: Receipt(type: tx.type, outcome: outcome, cumulativeGasUsed: cumulative, logs: logs),
                                           gasUsed: gas, effectiveGasPrice: UInt256(UInt64(int(1...100))),
                                           blobGasUsed: tx.type == .blob ? 131_072 : nil, blobGasPrice: tx.type == .blob ? UInt256(1) : nil,
                                           contractAddress: tx.to == nil ? Address(low: 0xF0_0000 + number * 1000 + UInt64(i)) : nil))
        }
        let header = Header(parentHash: head?.hash ?? .zero, coinbase: accounts[0], stateRoot: Hash(UInt256(number)),
                            number: number, gasLimit: 30_000_000, gasUsed: cumulative, timestamp: 1_700_000_000 + number * 12,
                            baseFeePerGas: UInt256(7), withdrawalsRoot: withdrawals ? .zero : nil)
        let wds: [Withdrawal]? = withdrawals ? (0..<int(0...2)).map { Withdrawal(index: number * 10 + UInt64($0), validatorIndex: 5, address: accounts[2], amountGwei: 1_000) } : nil
        let block = Block(header: header, transactions: txs, withdrawals: wds)
        let changes = stateChanges ?? randomStateChanges()
        return BlockCommit(block: block, senders: senders, receipts: receipts, stateChanges: changes)
    }

    /// Records a block as committed: advances the head and the reference state.
    mutating func accept(_ commit: BlockCommit) {
        head = commit.block.header
        reference.apply(commit.stateChanges)
        reference.blockHashes[commit.block.header.number] = commit.block.hash
    }
}

/// A unique path for a database file under the system temp directory, removed with its directory.
final class TemporaryDirectory {
    let path: String
    init() {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("storage-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    var databasePath: String { (path as NSString).appendingPathComponent("chain.sqlite") }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
