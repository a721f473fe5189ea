import Ethereum
import Foundation
import Keys
import Primitives

/// `lanes` command line entry. Until the node lands this prints the version and the dev
/// accounts the node will fund, derived exactly as Anvil does.
let version = "0.1.0"

func printUsage() {
    print("""
    lanes \(version) — an Ethereum development chain with a parallel executor

    usage: lanes [--accounts N] [--mnemonic "words"] [--derivation-path m/44'/60'/0'/0/] [--version] [--help]
           lanes --genesis genesis.json [--import chain.rlp] [--executor sequential|parallel]
           lanes statetest [--fork NAME]... [--json] PATH...
           lanes blocktest [--executor sequential|parallel] [--json] PATH...
    """)
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "statetest" { StateTestCommand.run(Array(arguments.dropFirst())) }
if arguments.first == "blocktest" { BlockTestCommand.run(Array(arguments.dropFirst())) }
var accountCount = 10
var mnemonic = HDWallet.defaultMnemonic
var pathPrefix = HDWallet.defaultPathPrefix
var genesisPath: String?
var importPath: String?
var executorName = "parallel"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(2)
}

while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else { fail("\(flag) needs a value") }
        return arguments.removeFirst()
    }
    switch flag {
    case "--version", "-V": print("lanes \(version)"); exit(0)
    case "--help", "-h": printUsage(); exit(0)
    case "--accounts", "-a":
        guard let n = Int(value()), n >= 0, n <= 10_000 else { fail("--accounts wants a count 0…10000") }
        accountCount = n
    case "--mnemonic", "-m": mnemonic = value()
    case "--derivation-path":
        var p = value()
        while p.hasSuffix("/") { p.removeLast() }
        pathPrefix = p
    case "--genesis": genesisPath = value()
    case "--import": importPath = value()
    case "--executor": executorName = value()
    default: fail("unknown flag \(flag) (try --help)")
    }
}

if let importPath {
    guard let genesisPath else { fail("--import needs --genesis") }
    guard let executor = makeExecutor(name: executorName) else { fail("unknown executor \(executorName) (\(executorNames.joined(separator: ", ")))") }
    ChainImport.run(genesisPath: genesisPath, chainPath: importPath, executor: executor)
}
if let genesisPath {
    let (_, head) = ChainImport.loadGenesis(genesisPath)
    print("genesis: block 0 \(head.block.hash) (\(head.block.fork)), state root \(head.block.header.stateRoot)")
}

let keys: [PrivateKey]
do {
    keys = try HDWallet.accounts(mnemonic: mnemonic, pathPrefix: pathPrefix, count: accountCount)
} catch {
    fail("\(error)")
}

print("lanes \(version)\n")
print("Available Accounts\n==================")
for (i, key) in keys.enumerated() { print("(\(i)) \(key.address.checksummed) (10000.000000000000000000 ETH)") }
print("\nPrivate Keys\n==================")
for (i, key) in keys.enumerated() { print("(\(i)) \(key)") }
print("\nWallet\n==================\nMnemonic:          \(mnemonic)\nDerivation path:   \(pathPrefix)/")
