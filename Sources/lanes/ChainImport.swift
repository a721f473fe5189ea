import Ethereum
import Execution
import Foundation
import Primitives
import State

/// `lanes --genesis genesis.json --import chain.rlp`: builds the genesis, then imports blocks
/// stored back to back as RLP, verifying each. The first invalid block stops the import; the
/// chain stays at the last valid block. Prints the head and blocks/s and Mgas/s.
enum ChainImport {
    struct Head {
        var block: ImportedBlock
        var state: WorldState
    }

    /// Builds the genesis of `genesisPath`, or exits 2 when the file is unusable.
    static func loadGenesis(_ genesisPath: String) -> (Genesis, Head) {
        let genesis: Genesis
        do { genesis = try Genesis(contentsOf: genesisPath) } catch { fail("genesis \(genesisPath): \(error)") }
        let made = BlockImporter(config: genesis.config).genesis(genesis)
        return (genesis, Head(block: made.block, state: made.state))
    }

    /// Runs the import; exits 0 when every block was valid, 1 at the first invalid one.
    static func run(genesisPath: String, chainPath: String, executor: any BlockExecutor) -> Never {
        let (genesis, genesisHead) = loadGenesis(genesisPath)
        let importer = BlockImporter(config: genesis.config, executor: executor)
        guard let data = FileManager.default.contents(atPath: chainPath) else { fail("cannot read \(chainPath)") }
        let bytes = [UInt8](data)
        print("genesis: block 0 \(genesisHead.block.hash) (\(genesisHead.block.fork)), state root \(genesisHead.block.header.stateRoot)")

        var head = genesisHead
        // The last seven blocks, for the ommer rules.
        var recent: [Hash: ImportedBlock] = [head.block.hash: head.block]
        var imported = 0
        var gas: UInt64 = 0
        var failure: String?
        let start = ContinuousClock.now
        var reader = BlockFileReader(bytes)
        while true {
            let block: Block
            do {
                guard let next = try reader.next() else { break }
                block = next
            } catch {
                failure = "block \(head.block.header.number + 1): \(error)"
                break
            }
            do {
                let result = try importer.importBlock(block, parent: head.block, parentState: head.state) { recent[$0] }
                head = Head(block: result.block, state: result.state)
                recent[result.block.hash] = result.block
                if result.block.header.number >= 7 {
                    recent = recent.filter { $0.value.header.number + 7 > result.block.header.number }
                }
                imported += 1
                gas += block.header.gasUsed
            } catch {
                failure = "\(error)"
                break
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 1e-9)
        let h = head.block.header
        print("imported \(imported) blocks, \(gas) gas in \(String(format: "%.3f", seconds)) s: "
              + "\(String(format: "%.1f", Double(imported) / seconds)) blocks/s, \(String(format: "%.2f", Double(gas) / seconds / 1e6)) Mgas/s")
        print("head: block \(h.number) \(head.block.hash) (\(head.block.fork)), state root \(h.stateRoot)")
        if let failure {
            FileHandle.standardError.write(Data("error: import stopped: \(failure)\n".utf8))
            exit(1)
        }
        exit(0)
    }
}
