import EVM
import Foundation
import LanesTestSupport
import Primitives
import XCTest

/// One `{Input, Expected, Gas, Name}` vector from `fixtures/precompiles/*.json`.
struct PrecompileVector {
    let name: String
    let input: [UInt8]
    let expected: [UInt8]
    let gas: UInt64
}

/// Loads and runs the shared precompile fixture files.
enum PrecompileFixtures {
    /// The success vectors of `file`.
    static func vectors(_ file: String) throws -> [PrecompileVector] {
        let json = try Fixtures.loadJSON(try Fixtures.url("precompiles/" + file))
        guard let list = json as? [[String: Any]] else { throw XCTSkip("unexpected fixture shape in \(file)") }
        return try list.map { entry in
            PrecompileVector(
                name: entry["Name"] as? String ?? "?",
                input: try Hex.decode(entry["Input"] as? String ?? ""),
                expected: try Hex.decode(entry["Expected"] as? String ?? ""),
                gas: UInt64((entry["Gas"] as? NSNumber)?.uint64Value ?? 0))
        }
    }

    /// Runs every vector of `file` and checks output and gas; returns how many ran.
    @discardableResult
    static func check(_ file: String, _ precompile: any Precompile, fork: Fork,
                      file source: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let vectors = try vectors(file)
        XCTAssertFalse(vectors.isEmpty, "no vectors in \(file)", file: source, line: line)
        for v in vectors {
            switch precompile.run(input: v.input, gasLimit: 100_000_000, fork: fork) {
            case .success(let out):
                XCTAssertEqual(Hex.encode(out.output, prefix: false), Hex.encode(v.expected, prefix: false), "\(file) \(v.name): output", file: source, line: line)
                XCTAssertEqual(out.gasUsed, v.gas, "\(file) \(v.name): gas", file: source, line: line)
                // One gas short must fail with out-of-gas.
                if v.gas > 0 {
                    XCTAssertEqual(precompile.run(input: v.input, gasLimit: v.gas - 1, fork: fork), .failure(.outOfGas),
                                   "\(file) \(v.name): one gas short", file: source, line: line)
                }
            case .failure(let error):
                XCTFail("\(file) \(v.name): unexpected failure \(error)", file: source, line: line)
            }
        }
        return vectors.count
    }

    /// Runs every `{Input, ExpectedError, Name}` vector of a `fail-*.json` file and checks each fails.
    static func checkFailures(_ file: String, _ precompile: any Precompile, fork: Fork,
                              file source: StaticString = #filePath, line: UInt = #line) throws {
        let json = try Fixtures.loadJSON(try Fixtures.url("precompiles/" + file))
        guard let list = json as? [[String: Any]] else { throw XCTSkip("unexpected fixture shape in \(file)") }
        XCTAssertFalse(list.isEmpty, file: source, line: line)
        for entry in list {
            let input = try Hex.decode(entry["Input"] as? String ?? "")
            if case .success = precompile.run(input: input, gasLimit: 100_000_000, fork: fork) {
                XCTFail("\(file) \(entry["Name"] ?? "?"): expected failure \(entry["ExpectedError"] ?? "")", file: source, line: line)
            }
        }
    }
}

/// Runs `precompile` with ample gas and returns the output, failing the test on an error.
func output(_ precompile: any Precompile, _ input: [UInt8], fork: Fork = .osaka,
            file: StaticString = #filePath, line: UInt = #line) -> [UInt8]? {
    switch precompile.run(input: input, gasLimit: 100_000_000, fork: fork) {
    case .success(let out): return out.output
    case .failure(let error):
        XCTFail("unexpected failure \(error)", file: file, line: line)
        return nil
    }
}

/// Decodes hex in a test, where a typo should crash loudly.
func bytes(_ hex: String) -> [UInt8] { try! Hex.decode(hex) }
