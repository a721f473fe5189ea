import Ethereum
import Execution
import Foundation
import Lanes
import Node

/// `lanes --genesis genesis.json --import chain.rlp [--data-dir D]`: imports blocks stored back to
/// back as RLP into the node's chain, verifying each, reports blocks/s and Mgas/s, and then the
/// node serves the chain. The first invalid block stops the import (the chain keeps the blocks
/// before it; with `--data-dir` they persist) and the process exits 1.
enum ChainImport {
    static func run(path: String, node: LanesNode) {
        guard let data = FileManager.default.contents(atPath: path) else {
            node.stop()
            fail("cannot read \(path)")
        }
        let genesis = try? node.node.chain.database.header(number: 0)
        if let genesis {
            let fork = BlockImporter(config: node.node.chain.config).genesisBlock(genesis).fork
            print("genesis: block 0 \(genesis.hash) (\(fork)), state root \(genesis.stateRoot)")
        }
        let report = node.node.importBlocks([UInt8](data))
        let seconds = max(report.seconds, 1e-9)
        print("imported \(report.imported) blocks, \(report.gasUsed) gas in \(String(format: "%.3f", seconds)) s: "
              + "\(String(format: "%.1f", Double(report.imported) / seconds)) blocks/s, "
              + "\(String(format: "%.2f", Double(report.gasUsed) / seconds / 1e6)) Mgas/s"
              + (report.alreadyKnown > 0 ? " (\(report.alreadyKnown) blocks already in the chain)" : ""))
        let head = node.node.head
        print("head: block \(head.number) \(head.hash) (\(head.fork)), state root \(head.block.header.stateRoot)")
        fflush(nil)
        if let failure = report.failure {
            FileHandle.standardError.write(Data("error: import stopped: \(failure)\n".utf8))
            node.stop()
            exit(1)
        }
    }
}
