import EVM
import Ethereum
import Foundation
import Primitives
import State

/// Runs ethereum/tests blockchain tests: imports every block onto the genesis built from `pre`,
/// checking each header against its parent and the results of executing it; blocks marked
/// `expectException` must be rejected, the others accepted; the final head and state must match.
public struct BlockchainTestRunner: Sendable {
    public struct Result: Sendable {
        public var name: String
        public var pass: Bool
        public var error: String?
    }

    public let chainId: UInt64 = 1
    public var executor: any BlockExecutor

    public init(executor: any BlockExecutor = SequentialExecutor()) { self.executor = executor }

    public func run(file: String) -> [Result] {
        guard let data = FileManager.default.contents(atPath: file),
              let tests = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return [Result(name: file, pass: false, error: "unreadable JSON")]
        }
        return tests.sorted(by: { $0.key < $1.key }).compactMap { name, value in
            guard let test = value as? [String: Any] else { return nil }
            do {
                try run(test: test)
                return Result(name: name, pass: true, error: nil)
            } catch {
                return Result(name: name, pass: false, error: "\(error)")
            }
        }
    }

    /// The test itself failed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// A block was rejected (what the test expects for blocks marked `expectException`).
    struct Rejected: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// An imported block: its header and the state after it.
    struct Imported {
        var header: Header
        var state: WorldState
    }

    func run(test: [String: Any]) throws {
        guard let network = test["network"] as? String, let fork = Fork(name: network) else {
            throw Failure("unsupported network \(test["network"] ?? "nil")")
        }
        guard let pre = test["pre"] as? [String: Any], let genesisRLP = test["genesisRLP"] as? String else { throw Failure("malformed test") }
        var world = try StateTestRunner.buildPreState(pre)
        let genesis = try Block(rlp: try Hex.decode(genesisRLP)).header
        guard world.stateRoot() == genesis.stateRoot else { throw Failure("genesis state root \(world.stateRoot()) != \(genesis.stateRoot)") }
        world.blockHashes[0] = genesis.hash
        var chain: [Hash: Imported] = [genesis.hash: Imported(header: genesis, state: world)]
        var head = genesis.hash
        for (i, value) in (test["blocks"] as? [[String: Any]] ?? []).enumerated() {
            let expectInvalid = value["expectException"] != nil
            guard let rlpHex = value["rlp"] as? String else { throw Failure("block \(i) without rlp") }
            do {
                let imported = try importBlock(Hex.decode(rlpHex), fork: fork, chain: chain)
                if expectInvalid { throw Failure("block \(i) accepted but expected \(value["expectException"]!)") }
                chain[imported.header.hash] = imported
                head = imported.header.hash
            } catch let f as Failure {
                throw f
            } catch {
                if !expectInvalid { throw Failure("block \(i) rejected: \(error)") }
            }
        }
        if let last = test["lastblockhash"] as? String, head.description != last {
            throw Failure("head \(head) != lastblockhash \(last)")
        }
        var final = chain[head]!.state
        if let post = test["postState"] as? [String: Any] {
            var expected = try StateTestRunner.buildPreState(post)
            let root = final.stateRoot()
            guard root == expected.stateRoot() else { throw Failure("post state root \(root) != \(expected.stateRoot())") }
        } else if let postHash = test["postStateHash"] as? String {
            guard final.stateRoot().description == postHash else { throw Failure("post state hash mismatch") }
        }
    }

    /// Validates and executes one block on top of its parent in `chain`.
    func importBlock(_ bytes: [UInt8], fork: Fork, chain: [Hash: Imported]) throws -> Imported {
        let block = try Block(rlp: bytes)
        let header = block.header
        guard let parent = chain[header.parentHash] else { throw Rejected("unknown parent") }
        let schedule = BlobSchedule.mainnet(fork)
        try HeaderRules.validate(header, parent: parent.header, fork: fork, parentFork: fork, ommers: block.ommers,
                                 withdrawals: block.withdrawals, transactions: block.transactions, schedule: schedule)
        var items: [BlockTransaction] = []
        for tx in block.transactions {
            let sender = try TransactionRules.validate(tx, fork: fork, chainId: chainId, maxBlobsPerBlock: schedule.map { Int($0.max) })
            items.append(BlockTransaction(transaction: tx, sender: sender))
        }
        let environment = BlockEnvironment(number: header.number, coinbase: header.coinbase, timestamp: header.timestamp,
                                           gasLimit: header.gasLimit, baseFee: header.baseFeePerGas, difficulty: header.difficulty,
                                           prevRandao: header.mixHash,
                                           blobBaseFee: schedule?.blobBaseFee(excessBlobGas: header.excessBlobGas ?? 0), chainId: chainId)
        let context = BlockContext(environment: environment, fork: fork, blobSchedule: schedule, excessBlobGas: header.excessBlobGas ?? 0,
                                   parentHash: header.parentHash, parentBeaconBlockRoot: header.parentBeaconBlockRoot,
                                   withdrawals: block.withdrawals)
        let output = withLargeStack { [executor, items, parentState = parent.state] in
            executor.execute(items, context: context, parent: parentState, stopOnInvalid: true)
        }
        if let first = output.invalid.first { throw Rejected("transaction \(first.index) invalid: \(first.error)") }
        guard output.gasUsed == header.gasUsed else { throw Rejected("gas used \(output.gasUsed) != header \(header.gasUsed)") }
        guard Block.receiptsRoot(output.receipts) == header.receiptsRoot else { throw Rejected("receipts root mismatch") }
        guard output.logsBloom == header.logsBloom else { throw Rejected("logs bloom mismatch") }
        var state = parent.state
        state.apply(output.changes)
        let root = state.stateRoot()
        guard root == header.stateRoot else { throw Rejected("state root \(root) != header \(header.stateRoot)") }
        state.blockHashes[header.number] = header.hash
        if header.number > 256 { state.blockHashes[header.number - 257] = nil }
        return Imported(header: header, state: state)
    }
}
