// swift-tools-version: 6.0
// A libFuzzer target over HTTPServer's pure layers (parser, connection state machine,
// WebSocket codec and state machine). It compiles those source files directly (symlinks into
// ../../Sources/HTTPServer) so the main package needs no fuzz target and swift-crypto is not
// rebuilt with sanitizers. Build: swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
    name: "HTTPFuzz",
    targets: [
        .executableTarget(name: "HTTPFuzz", path: "Sources/HTTPFuzz"),
    ]
)
