import Foundation
import Ethereum
import Keys
import Node
import Primitives

/// The flags of `lanes` (serving mode), with Anvil's defaults.
struct CommandLineOptions {
    var host = "127.0.0.1"
    var port = 8545
    var accountCount = 10
    var balanceETH = UInt256(10_000)
    var mnemonic = HDWallet.defaultMnemonic
    var pathPrefix = HDWallet.defaultPathPrefix
    var chainId: UInt64 = 31337
    var gasLimit: UInt64 = 30_000_000
    var baseFee = UInt256(1_000_000_000)
    var forkName = "latest"
    var timestamp: UInt64?
    var genesisPath: String?
    var importPath: String?
    var dataDirectory: String?
    /// Anvil's `--dump-state` / `--load-state` / `--state` (both).
    var dumpStatePath: String?
    var loadStatePath: String?
    var blockTime: Double?
    var noMining = false
    var automineBatch = false
    var executorName = "parallel"
    var threads: Int?
    var minGasPrice = UInt256.zero
    var silent = false
    /// Anvil's devchain flags.
    var autoImpersonate = false
    var codeSizeLimit: Int?
    var disableCodeSizeLimit = false
    var disableBlockGasLimit = false
    var noPriorityFee = false
    var order = "fees"
    /// `--prune-history [N]`: keep N historical states in memory (0: only the head's).
    var pruneHistory: Int?
    var disableConsoleLog = false
    var help = false
    var version = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var balanceWei: UInt256 { balanceETH &* UInt256(1_000_000_000_000_000_000 as UInt64) }

    var miningMode: MiningMode {
        if noMining { return .manual }
        if let blockTime { return .interval(seconds: blockTime) }
        return .automine(batch: automineBatch)
    }

    mutating func parse(_ arguments: [String]) throws(Failure) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            func value() throws(Failure) -> String {
                guard let v = rest.popFirst() else { throw Failure(description: "\(flag) needs a value") }
                return v
            }
            func number<T: FixedWidthInteger>(_ type: T.Type) throws(Failure) -> T {
                let text = try value()
                guard let n = T(text) else { throw Failure(description: "\(flag) wants a number, got \(text)") }
                return n
            }
            func word() throws(Failure) -> UInt256 {
                let text = try value()
                guard let w = UInt256(decimal: text) else { throw Failure(description: "\(flag) wants a decimal number, got \(text)") }
                return w
            }
            switch flag {
            case "--version", "-V": version = true
            case "--help", "-h": help = true
            case "--host": host = try value()
            case "--port", "-p":
                port = try number(Int.self)
                guard (0...65535).contains(port) else { throw Failure(description: "--port wants 0…65535") }
            case "--accounts", "-a":
                accountCount = try number(Int.self)
                guard (0...10_000).contains(accountCount) else { throw Failure(description: "--accounts wants a count 0…10000") }
            case "--balance": balanceETH = try word()
            case "--mnemonic", "-m": mnemonic = try value()
            case "--derivation-path":
                var p = try value()
                while p.hasSuffix("/") { p.removeLast() }
                pathPrefix = p
            case "--chain-id": chainId = try number(UInt64.self)
            case "--gas-limit": gasLimit = try number(UInt64.self)
            case "--base-fee", "--block-base-fee-per-gas": baseFee = try word()
            case "--hardfork":
                forkName = try value()
                guard DevChainConfiguration(hardfork: forkName) != nil else { throw Failure(description: "unknown hard fork \(forkName)") }
            case "--timestamp": timestamp = try number(UInt64.self)
            case "--genesis": genesisPath = try value()
            case "--import": importPath = try value()
            case "--data-dir": dataDirectory = try value()
            case "--dump-state": dumpStatePath = try value()
            case "--load-state": loadStatePath = try value()
            case "--state":
                let path = try value()
                dumpStatePath = path
                loadStatePath = FileManager.default.fileExists(atPath: path) ? path : nil
            case "--block-time", "-b":
                let text = try value()
                guard let s = Double(text), s > 0 else { throw Failure(description: "--block-time wants seconds > 0, got \(text)") }
                blockTime = s
            case "--no-mining": noMining = true
            case "--automine-batch": automineBatch = true
            case "--executor": executorName = try value()
            case "--threads":
                threads = try number(Int.self)
                guard threads! > 0 else { throw Failure(description: "--threads wants at least 1") }
            case "--min-gas-price": minGasPrice = try word()
            case "--silent": silent = true
            case "--auto-impersonate": autoImpersonate = true
            case "--code-size-limit":
                codeSizeLimit = try number(Int.self)
                guard codeSizeLimit! > 0, codeSizeLimit! <= 1 << 30 else { throw Failure(description: "--code-size-limit wants 1…1073741824 bytes") }
            case "--disable-code-size-limit": disableCodeSizeLimit = true
            case "--disable-block-gas-limit": disableBlockGasLimit = true
            case "--no-priority-fee": noPriorityFee = true
            case "--order":
                order = try value()
                guard order == "fees" || order == "fifo" else { throw Failure(description: "--order wants fees or fifo, got \(order)") }
            case "--prune-history":
                // An optional count: the next argument when it is a number.
                if let next = rest.first, let n = Int(next), n >= 0 {
                    rest.removeFirst()
                    pruneHistory = n
                } else {
                    pruneHistory = 0
                }
            case "--disable-console-log": disableConsoleLog = true
            default: throw Failure(description: "unknown flag \(flag) (try --help)")
            }
        }
    }
}
