import Ethereum
import Foundation
import Keys
import Lanes
import Node
import Primitives

/// The startup banner, laid out as Anvil's: accounts, keys, wallet, chain parameters.
enum Banner {
    static func print(keys: [PrivateKey], options: CommandLineOptions, genesis: Genesis, node: DevNode) {
        let head = node.head
        var out = "lanes \(LanesVersion.number)\n\nAvailable Accounts\n==================\n\n"
        for (i, key) in keys.enumerated() {
            let balance = head.state.account(key.address)?.balance ?? .zero
            out += "(\(i)) \(key.address.checksummed) (\(ether(balance)) ETH)\n"
        }
        out += "\nPrivate Keys\n==================\n\n"
        for (i, key) in keys.enumerated() { out += "(\(i)) \(key)\n" }
        out += "\nWallet\n==================\nMnemonic:          \(options.mnemonic)\nDerivation path:   \(options.pathPrefix)/\n\n"
        out += "\nChain ID\n==================\n\n\(genesis.config.chainId)\n"
        // As Anvil: the base fee of the head block (the configured one at genesis).
        out += "\nBase Fee\n==================\n\n\(head.block.header.baseFeePerGas.map { "\($0)" } ?? "none")\n"
        out += "\nGas Limit\n==================\n\n\(node.builder.gasLimit)\n"
        out += "\nGenesis Timestamp\n==================\n\n\(genesis.timestamp)\n"
        out += "\nHard Fork\n==================\n\n\(head.fork)\(options.genesisPath == nil && options.forkName == "latest" ? " (latest)" : "")\n"
        if let dir = options.dataDirectory { out += "\nData Directory\n==================\n\n\(dir) (head block \(head.number))\n" }
        out += "\nMining\n==================\n\n\(describe(node.miningMode))\n"
        Swift.print(out)
    }

    static func describe(_ mode: MiningMode) -> String {
        switch mode {
        case .automine(let batch): return batch ? "automine, one block per JSON-RPC batch" : "automine"
        case .interval(let s): return "every \(s) s"
        case .manual: return "manual (evm_mine)"
        }
    }

    /// Wei as ETH with 18 decimals.
    static func ether(_ wei: UInt256) -> String {
        let unit = UInt256(1_000_000_000_000_000_000 as UInt64)
        let whole = wei / unit
        let frac = String(decimalString(wei % unit))
        return "\(decimalString(whole)).\(String(repeating: "0", count: 18 - frac.count))\(frac)"
    }

    static func decimalString(_ v: UInt256) -> String { "\(v)" }
}

/// One log line per block and per transaction, as Anvil prints them.
enum BlockLog {
    static func attach(to node: DevNode) {
        node.events.subscribeCallConsole { lines in
            guard node.settings.loggingEnabled else { return }
            Swift.print("    console.log (eth_call):\n" + lines.map { "      \($0)\n" }.joined())
            fflush(nil)
        }
        node.events.subscribeNewBlocks { block in
            guard node.settings.loggingEnabled else { return }
            var out = ""
            for (i, tx) in block.block.transactions.enumerated() {
                let r = block.receipts[i]
                out += "    Transaction: \(tx.hash)\n"
                if let created = r.contractAddress { out += "    Contract created: \(created.checksummed)\n" }
                out += "    Gas used: \(r.gasUsed)\n    Status: \(r.receipt.succeeded ? "success" : "reverted")\n\n"
                if i < block.consoleLogs.count, !block.consoleLogs[i].isEmpty {
                    out += "    console.log:\n" + block.consoleLogs[i].map { "      \($0)\n" }.joined() + "\n"
                }
            }
            for dropped in block.dropped { out += "    Dropped: \(dropped.hash): \(dropped.reason)\n" }
            let h = block.block.header
            out += "    Block Number: \(h.number)\n    Block Hash: \(block.hash)\n    Block Time: \(h.timestamp)\n"
            out += "    Transactions: \(block.block.transactions.count), gas used \(h.gasUsed)\n"
            Swift.print(out)
            fflush(nil)
        }
    }
}
