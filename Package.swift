// swift-tools-version:6.0
import PackageDescription

/// Lanes: an Ethereum-compatible development chain with a parallel (Block-STM) executor.
/// Module layering follows ARCHITECTURE.md: each target depends only on the rows above it.
let package = Package(
    name: "Lanes",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lanes", targets: ["lanes"]),
        .executable(name: "lanes-bench", targets: ["lanes-bench"]),
        .library(name: "Lanes", targets: ["Lanes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
    ],
    targets: [
        .target(name: "CKeccak"),
        .target(name: "Primitives", dependencies: ["CKeccak"]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .target(name: "Keys", dependencies: [
            "Primitives", "CSecp256k1",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .target(name: "Trie", dependencies: ["Primitives"]),
        .target(name: "Ethereum", dependencies: ["Primitives", "Keys", "Trie", .product(name: "Crypto", package: "swift-crypto")]),
        // x86-64 MULX/ADX field multiplication for BLS12-381 (Curves falls back to Swift without it).
        .target(name: "CBLSField"),
        .target(name: "Curves", dependencies: ["Primitives", "CBLSField", .product(name: "Crypto", package: "swift-crypto")],
                resources: [.copy("Resources/trusted_setup.json")]),
        .target(name: "EVM", dependencies: ["Primitives", "Keys", "Curves", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "State", dependencies: ["Primitives", "Trie", "Ethereum"]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Storage", dependencies: ["Primitives", "Ethereum", "State", "CSQLite"]),
        // A cache prefetch hint for Block-STM's multi-version memory (Swift has none).
        .target(name: "CPrefetch"),
        .target(name: "Execution", dependencies: ["EVM", "State", "Trie", "Ethereum", "Curves", "CPrefetch"]),
        .target(name: "Node", dependencies: ["Primitives", "Keys", "Ethereum", "State", "EVM", "Execution", "Storage", "Curves", "Trie", "CZlib"]),
        .executableTarget(name: "lanes", dependencies: ["Primitives", "Keys", "Ethereum", "Execution", "State", "Storage", "Node", "RPC", "Lanes", "HTTPServer"]),
        .target(name: "HTTPServer", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Workloads", dependencies: ["Primitives", "Keys", "Ethereum", "State", "EVM", "Execution"], exclude: ["Contracts"]),
        .target(name: "Tracing", dependencies: ["Primitives", "EVM"]),
        .target(name: "RPC", dependencies: ["Primitives", "Keys", "Ethereum", "State", "EVM", "Execution", "Storage", "Node", "Tracing"]),
        .target(name: "Lanes", dependencies: ["RPC", "HTTPServer", "Node", "Storage", "Execution", "State", "Ethereum", "Keys", "Primitives"]),
        .executableTarget(name: "lanes-bench", dependencies: ["Primitives", "Keys", "Ethereum", "Trie", "HTTPServer", "EVM", "Execution", "State", "Workloads", "Storage", "Node"]),

        .target(name: "LanesTestSupport", dependencies: ["Primitives"], path: "Tests/LanesTestSupport"),
        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives", "CKeccak", "LanesTestSupport", .product(name: "BigInt", package: "BigInt")]),
        .testTarget(name: "KeysTests", dependencies: ["Keys", "LanesTestSupport"]),
        .testTarget(name: "TrieTests", dependencies: ["Trie", "LanesTestSupport"]),
        .testTarget(name: "EthereumTests", dependencies: ["Ethereum", "LanesTestSupport"], exclude: ["Vectors"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
        .testTarget(name: "BLS12381Tests", dependencies: ["EVM", "Curves", "Primitives", "LanesTestSupport"]),
        .testTarget(name: "PrecompileTests", dependencies: ["EVM", "Curves", "Primitives", "LanesTestSupport"]),
        .testTarget(name: "RPCTests", dependencies: ["RPC", "Lanes", "HTTPServer", "Ethereum", "Keys", "Primitives"]),
        .testTarget(name: "NodeTests", dependencies: ["Node", "Lanes", "RPC", "Storage", "Execution", "EVM", "State", "Ethereum", "Keys", "Trie", "Primitives"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Primitives", "Keys", "Ethereum", "State", "LanesTestSupport"]),
        .testTarget(name: "ExecutionTests", dependencies: ["Execution", "EVM", "State", "Ethereum", "Keys", "Curves"]),
        .testTarget(name: "TracingTests", dependencies: ["Tracing", "RPC", "Node", "Execution", "EVM", "State", "Ethereum", "Keys", "Primitives"]),
        .testTarget(name: "ParallelExecutionTests", dependencies: ["Execution", "Workloads", "State", "Ethereum", "Primitives"]),
    ]
)
