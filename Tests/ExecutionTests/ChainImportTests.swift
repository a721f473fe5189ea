import Ethereum
import Execution
import Foundation
import Primitives
import State
import XCTest

/// Imports the committed multi-fork chain (Tests/Fixtures/chain, made by
/// scripts/gen_multifork_chain.py: Frontier … London with ommers, the merge, Shanghai withdrawals,
/// Cancun blobs, Prague requests and EIP-7702, Osaka) and checks every block hash, state root and
/// receipts root against what the reference implementation computed. Lanes produced none of them.
final class ChainImportTests: XCTestCase {
    static let chainDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/chain")

    struct Expected {
        var genesisHash: String
        var blocks: [[String: Any]]
    }

    func load() throws -> (Genesis, [Block], Expected) {
        let genesis = try Genesis(contentsOf: Self.chainDir.appendingPathComponent("genesis.json").path)
        var reader = BlockFileReader([UInt8](try Data(contentsOf: Self.chainDir.appendingPathComponent("chain.rlp"))))
        var blocks: [Block] = []
        while let b = try reader.next() { blocks.append(b) }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.chainDir.appendingPathComponent("expected.json"))) as! [String: Any]
        return (genesis, blocks, Expected(genesisHash: json["genesisHash"] as! String, blocks: json["blocks"] as! [[String: Any]]))
    }

    /// Imports `blocks` in order; returns the results, stopping at the first error.
    func importAll(_ importer: BlockImporter, genesis: Genesis, blocks: [Block]) -> ([BlockImporter.Result], BlockImportError?) {
        let g = importer.genesis(genesis)
        var parent = g.block
        var state = g.state
        var known: [Hash: ImportedBlock] = [parent.hash: parent]
        var results: [BlockImporter.Result] = []
        for block in blocks {
            do {
                let r = try importer.importBlock(block, parent: parent, parentState: state) { known[$0] }
                results.append(r)
                known[r.block.hash] = r.block
                parent = r.block
                state = r.state
            } catch {
                return (results, error)
            }
        }
        return (results, nil)
    }

    func testEveryBlockMatchesTheReference() throws {
        try checkEveryBlock(executor: SequentialExecutor())
    }

    /// The same chain through Block-STM (forced: no sequential fallback for small blocks).
    func testEveryBlockMatchesTheReferenceInParallel() throws {
        try checkEveryBlock(executor: ParallelExecutor(configuration: .forced(threads: 2)))
    }

    func checkEveryBlock(executor: any BlockExecutor) throws {
        let (genesis, blocks, expected) = try load()
        XCTAssertEqual(blocks.count, expected.blocks.count)
        let importer = BlockImporter(config: genesis.config, executor: executor)
        XCTAssertEqual(importer.genesis(genesis).block.hash.description, expected.genesisHash)
        let (results, error) = importAll(importer, genesis: genesis, blocks: blocks)
        XCTAssertNil(error, "\(error.map { "\($0)" } ?? "")")
        XCTAssertEqual(results.count, expected.blocks.count)
        for (r, e) in zip(results, expected.blocks) {
            let n = e["number"] as! Int
            XCTAssertEqual(r.block.header.number, UInt64(n))
            XCTAssertEqual(r.block.hash.description, e["hash"] as? String, "block \(n) hash")
            XCTAssertEqual(r.block.header.stateRoot.description, e["stateRoot"] as? String, "block \(n) state root")
            XCTAssertEqual(Block.receiptsRoot(r.receipts).description, e["receiptsRoot"] as? String, "block \(n) receipts root")
            XCTAssertEqual(r.block.fork, Fork(name: e["fork"] as! String), "block \(n) fork")
        }
        // The chain really crosses the eras it is meant to.
        let forks = Set(results.map(\.block.fork))
        for f in [Fork.frontier, .homestead, .tangerineWhistle, .spuriousDragon, .byzantium, .petersburg, .istanbul, .berlin,
                  .london, .paris, .shanghai, .cancun, .prague, .osaka] {
            XCTAssertTrue(forks.contains(f), "no block under \(f)")
        }
        XCTAssertTrue(blocks.contains { !$0.ommers.isEmpty }, "no ommers")
        XCTAssertTrue(blocks.contains { $0.ommers.count == 2 }, "no block with two ommers")
        XCTAssertTrue(results.contains { r in r.receipts.contains { if case .stateRoot = $0.outcome { return true } else { return false } } })
    }

    /// A block whose header lies about its state root stops the import at that block; the blocks
    /// before it are kept.
    func testBadBlockStopsAtItsNumber() throws {
        let (genesis, blocks, _) = try load()
        let importer = BlockImporter(config: genesis.config, executor: SequentialExecutor())
        for target in [2, 12, 24] {  // proof of work with an ommer, Istanbul, Cancun
            var damaged = blocks
            damaged[target - 1].header.stateRoot = Hash(UInt256(0xbad))
            let (results, error) = importAll(importer, genesis: genesis, blocks: damaged)
            XCTAssertEqual(results.count, target - 1)
            XCTAssertEqual(error?.number, UInt64(target))
            XCTAssertTrue(error?.reason.contains("state root") ?? false, "\(error.map { "\($0)" } ?? "")")
        }
    }

    /// Paying an ommer's miner differently is caught: the ommer reward enters the state root.
    func testOmmerWithWrongParentIsRejected() throws {
        let (genesis, blocks, _) = try load()
        let importer = BlockImporter(config: genesis.config, executor: SequentialExecutor())
        let index = blocks.firstIndex { $0.ommers.count == 2 }!
        var damaged = blocks
        damaged[index].ommers[1] = damaged[index].ommers[0]
        damaged[index].header.ommersHash = Block.ommersHash(damaged[index].ommers)
        let (_, error) = importAll(importer, genesis: genesis, blocks: damaged)
        XCTAssertEqual(error?.number, blocks[index].header.number)
        XCTAssertTrue(error?.reason.contains("duplicate") ?? false, "\(error.map { "\($0)" } ?? "")")
    }
}
