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

    /// An imported block and the state after it.
    struct Imported {
        var block: ImportedBlock
        var state: WorldState
    }

    /// The chain config of a fixture network: one fork from genesis (`Cancun`), or a transition
    /// (`BerlinToLondonAt5`, `ShanghaiToCancunAtTime15k`), with mainnet's blob schedule.
    static func config(network: String, chainId: UInt64) -> ChainConfig? {
        if let fork = Fork(name: network) { return ChainConfig.allAtGenesis(fork, chainId: chainId) }
        guard let to = network.range(of: "To"), let at = network.range(of: "At", range: to.upperBound..<network.endIndex) else { return nil }
        guard let from = Fork(name: String(network[..<to.lowerBound])), let next = Fork(name: String(network[to.upperBound..<at.lowerBound])) else { return nil }
        var point = String(network[at.upperBound...])
        let byTime = point.hasPrefix("Time")
        if byTime { point.removeFirst(4) }
        var multiplier: UInt64 = 1
        if point.hasSuffix("k") { point.removeLast(); multiplier = 1000 }
        guard let n = UInt64(point) else { return nil }
        var config = ChainConfig.allAtGenesis(from, chainId: chainId)
        if next == .paris {
            config.terminalTotalDifficulty = UInt256(n * multiplier)
            config.mergeNetsplitBlock = nil
        } else if byTime {
            config.forkTimes[next] = n * multiplier
        } else {
            config.forkBlocks[next] = n * multiplier
        }
        return config
    }

    func run(test: [String: Any]) throws {
        guard let network = test["network"] as? String, let config = Self.config(network: network, chainId: chainId) else {
            throw Failure("unsupported network \(test["network"] ?? "nil")")
        }
        guard let pre = test["pre"] as? [String: Any], let genesisRLP = test["genesisRLP"] as? String else { throw Failure("malformed test") }
        let importer = BlockImporter(config: config, executor: executor)
        var world = try StateTestRunner.buildPreState(pre)
        let genesis = try Block(rlp: try Hex.decode(genesisRLP)).header
        guard world.stateRoot() == genesis.stateRoot else { throw Failure("genesis state root \(world.stateRoot()) != \(genesis.stateRoot)") }
        world.blockHashes[0] = genesis.hash
        var chain: [Hash: Imported] = [genesis.hash: Imported(block: importer.genesisBlock(genesis), state: world)]
        var head = genesis.hash
        for (i, value) in (test["blocks"] as? [[String: Any]] ?? []).enumerated() {
            let expectInvalid = value["expectException"] != nil
            guard let rlpHex = value["rlp"] as? String else { throw Failure("block \(i) without rlp") }
            do {
                let block = try Block(rlp: Hex.decode(rlpHex))
                guard let parent = chain[block.header.parentHash] else { throw Rejected("unknown parent") }
                let result = try importer.importBlock(block, parent: parent.block, parentState: parent.state) { chain[$0]?.block }
                if expectInvalid { throw Failure("block \(i) accepted but expected \(value["expectException"]!)") }
                chain[result.block.hash] = Imported(block: result.block, state: result.state)
                // Fork choice: the heaviest chain before the merge, the newest block after it.
                if result.block.header.difficulty.isZero || result.block.totalDifficulty >= chain[head]!.block.totalDifficulty {
                    head = result.block.hash
                }
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
}
