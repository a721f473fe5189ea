import Ethereum
import Execution
import Foundation
import Primitives
import State

/// What importing a file of blocks did.
public struct ImportReport: Sendable {
    /// Blocks validated, executed and committed.
    public var imported = 0
    /// Blocks of the file the chain already held (a re-run over the same data directory).
    public var alreadyKnown = 0
    public var gasUsed: UInt64 = 0
    public var seconds = 0.0
    /// Why the import stopped early (the chain keeps every block before it).
    public var failure: String?
}

extension DevNode {
    /// Imports blocks stored back to back as RLP (`lanes --genesis G --import C`): each block is
    /// validated and executed by `BlockImporter` with the node's executor and committed like a
    /// produced one. The first invalid block stops the import, leaving the chain at the block
    /// before it. Blocks the chain already holds (same hash at the same number) are skipped.
    public func importBlocks(_ bytes: [UInt8]) -> ImportReport {
        producer.sync { [self] in importOnProducer(bytes) }
    }

    private func importOnProducer(_ bytes: [UInt8]) -> ImportReport {
        var report = ImportReport()
        let importer = BlockImporter(config: chain.config, executor: configuration.executor)
        let start = ContinuousClock.now
        // The imported chain as the importer sees it (total difficulty and ommers matter before
        // the merge), from genesis: blocks already stored are walked through, not re-executed.
        guard let genesisHeader = try? chain.database.header(number: 0) else {
            report.failure = "the chain has no genesis block"
            return report
        }
        var parent = importer.genesisBlock(genesisHeader)
        var recent: [Hash: ImportedBlock] = [parent.hash: parent]
        var reader = BlockFileReader(bytes)
        while true {
            let block: Block
            do {
                guard let next = try reader.next() else { break }
                block = next
            } catch {
                report.failure = "block \(parent.header.number + 1): \(error)"
                break
            }
            let head = chain.head
            let number = block.header.number
            if number <= head.number {
                guard let stored = try? chain.database.blockHash(number: number), stored == block.header.hash else {
                    report.failure = "block \(number): differs from block \(number) of the chain in the data directory"
                    break
                }
                guard block.header.parentHash == parent.hash else {
                    report.failure = "block \(number): unknown parent \(block.header.parentHash)"
                    break
                }
                let fork = chain.config.fork(atBlock: number, timestamp: block.header.timestamp, merged: importer.isMerged(childOf: parent))
                parent = ImportedBlock(header: block.header, fork: fork, totalDifficulty: parent.totalDifficulty &+ block.header.difficulty,
                                       ommerHashes: block.ommers.map(\.hash))
                recent[parent.hash] = parent
                report.alreadyKnown += 1
                continue
            }
            let result: BlockImporter.Result
            do {
                result = try importer.importBlock(block, parent: parent, parentState: head.state) { recent[$0] }
            } catch {
                badBlocks.record(block, reason: "\(error)")
                report.failure = "\(error)"
                break
            }
            do {
                try chain.appendImported(block, result: result)
                parent = result.block
                recent[parent.hash] = parent
                if number >= 7 { recent = recent.filter { $0.value.header.number + 7 > number } }
                report.imported += 1
                report.gasUsed += block.header.gasUsed
            } catch {
                report.failure = "\(error)"
                break
            }
        }
        let elapsed = ContinuousClock.now - start
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }
}
