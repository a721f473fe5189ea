import Dispatch
import Ethereum
import Execution
import Foundation
import Keys
import Lanes
import Node
import Primitives
import RPC
import Synchronization

/// `lanes` command line entry: flags, the dev chain, the banner, the JSON-RPC server, signals.
let version = LanesVersion.number

func printUsage() {
    print("""
    lanes \(version) — an Ethereum development chain with a parallel executor

    usage: lanes [options]
           lanes --genesis genesis.json --import chain.rlp [--executor sequential|parallel]
           lanes statetest [--fork NAME]... [--json] PATH...
           lanes blocktest [--executor sequential|parallel] [--json] PATH...

    server:   --host HOST (127.0.0.1)  --port PORT (8545; 0 = any free port)  --silent
    accounts: --accounts N (10)  --balance ETH (10000)  --mnemonic "words"  --derivation-path m/44'/60'/0'/0/
    chain:    --chain-id ID (31337)  --gas-limit GAS (30000000)  --base-fee WEI (1000000000)
              --hardfork NAME (latest = osaka)  --timestamp SECONDS  --genesis FILE  --data-dir PATH
              --dump-state FILE (on exit)  --load-state FILE  --state FILE (both)  --import FILE (with --genesis)
    mining:   --block-time SECONDS  --no-mining  --automine-batch  --min-gas-price WEI  --order fees|fifo
    devchain: --auto-impersonate  --code-size-limit BYTES  --disable-code-size-limit  --disable-block-gas-limit
              --no-priority-fee  --prune-history [STATES]  --disable-console-log
    executor: --executor sequential|parallel (parallel)  --threads N (all cores)
    """)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "statetest" { StateTestCommand.run(Array(arguments.dropFirst())) }
if arguments.first == "blocktest" { BlockTestCommand.run(Array(arguments.dropFirst())) }

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(2)
}

var options = CommandLineOptions()
do { try options.parse(arguments) } catch { fail("\(error)") }
if options.help { printUsage(); exit(0) }
if options.version { print("lanes \(version)"); exit(0) }

guard let executor = makeExecutor(name: options.executorName, threads: options.threads) else {
    fail("unknown executor \(options.executorName) (\(executorNames.joined(separator: ", ")))")
}
if options.importPath != nil && options.genesisPath == nil { fail("--import needs --genesis") }

let keys: [PrivateKey]
do {
    keys = try HDWallet.accounts(mnemonic: options.mnemonic, pathPrefix: options.pathPrefix, count: options.accountCount)
} catch {
    fail("\(error)")
}

guard var dev = DevChainConfiguration(hardfork: options.forkName) else { fail("unknown hard fork \(options.forkName)") }
dev.timestamp = options.timestamp ?? UInt64(Date().timeIntervalSince1970)
dev.chainId = options.chainId
dev.balance = options.balanceWei
dev.gasLimit = options.gasLimit
dev.baseFee = options.baseFee
dev.accountCount = options.accountCount
dev.mnemonic = options.mnemonic
dev.derivationPath = options.pathPrefix
var genesis: Genesis
if let genesisPath = options.genesisPath {
    do { genesis = try Genesis(contentsOf: genesisPath) } catch { fail("genesis \(genesisPath): \(error)") }
} else {
    genesis = dev.genesis(accounts: keys.map(\.address))
}
if let path = options.loadStatePath {
    // The dumped accounts become part of the genesis allocation (over the dev accounts).
    do {
        for (address, account) in try StateDump.load(path) { genesis.alloc[address] = account }
    } catch {
        fail("\(error)")
    }
}

var configuration = NodeConfiguration(genesis: genesis, executor: executor)
configuration.dataDirectory = options.dataDirectory
configuration.devKeys = keys
configuration.mempool.minGasPrice = options.minGasPrice
configuration.mining = options.miningMode
configuration.autoImpersonate = options.autoImpersonate
configuration.consoleLog = !options.disableConsoleLog
configuration.blockGasLimitDisabled = options.disableBlockGasLimit
configuration.noPriorityFee = options.noPriorityFee
configuration.order = options.order == "fifo" ? .fifo : .fees
// Without a limit: large enough for any code a block's gas can deploy, small enough for 2× to fit an Int.
configuration.maxCodeSize = options.disableCodeSizeLimit ? 1 << 40 : options.codeSizeLimit ?? configuration.maxCodeSize
if let states = options.pruneHistory { configuration.retainedStates = states + 1 }
if options.genesisPath == nil { configuration.gasLimit = options.gasLimit }

// SIGINT / SIGTERM: stop serving, let the block producer finish, close the database. Installed
// before the server starts, so a signal right after the `Listening on` line is never lost.
let running = Mutex<LanesNode?>(nil)
signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let signalSources = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler {
        let node = running.withLock { $0 }
        node?.stop()
        if let path = options.dumpStatePath, let head = node?.node.head {
            do { try StateDump.write(head.state, head: head, to: path) } catch {
                FileHandle.standardError.write(Data("error: --dump-state \(path): \(error)\n".utf8))
                exit(1)
            }
        }
        exit(0)
    }
    source.resume()
    return source
}

let lanes: LanesNode
do {
    lanes = try LanesNode.start(configuration, host: options.host, port: options.port)
} catch {
    fail("\(error)")
}

running.withLock { $0 = lanes }
if let importPath = options.importPath { ChainImport.run(path: importPath, node: lanes) }
if !options.silent {
    Banner.print(keys: keys, options: options, genesis: genesis, node: lanes.node)
    BlockLog.attach(to: lanes.node)
}
// Tools wait for this line: always printed, and flushed at once.
print("Listening on \(lanes.url)")
fflush(nil)

dispatchMain()
