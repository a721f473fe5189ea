import XCTest
import EVM
import Primitives
import LanesTestSupport

/// Every EIP-2537 / EIP-4844 precompile vector in the shared fixtures (output and gas), and every
/// failure vector (must fail). The former MUL vectors run through the MSM precompiles with one pair.
final class PrecompileVectorTests: XCTestCase {
    struct Case { let name: String; let input: [UInt8]; let expected: [UInt8]?; let gas: UInt64? }

    func load(_ file: String) throws -> [Case] {
        let json = try Fixtures.loadJSON(try Fixtures.url("precompiles/\(file)"))
        guard let list = json as? [[String: Any]] else { XCTFail("bad fixture \(file)"); return [] }
        return try list.map { entry in
            Case(name: entry["Name"] as? String ?? "?",
                 input: try Hex.decode(entry["Input"] as? String ?? ""),
                 expected: try (entry["Expected"] as? String).map { try Hex.decode($0) },
                 gas: (entry["Gas"] as? NSNumber)?.uint64Value)
        }
    }

    func runVectors(_ file: String, _ precompile: any Precompile, fork: Fork = .osaka) throws {
        let cases = try load(file)
        XCTAssertFalse(cases.isEmpty, file)
        for c in cases {
            switch precompile.run(input: c.input, gasLimit: 100_000_000, fork: fork) {
            case .success(let out):
                XCTAssertEqual(Hex.encode(out.output, prefix: false), Hex.encode(c.expected ?? [], prefix: false), "\(file): \(c.name)")
                XCTAssertEqual(out.gasUsed, c.gas, "\(file): \(c.name) gas")
            case .failure(let error):
                XCTFail("\(file): \(c.name) failed: \(error)")
            }
            // With one gas less than the price the call must run out of gas.
            if let gas = c.gas, gas > 0 {
                XCTAssertEqual(try? precompile.run(input: c.input, gasLimit: gas - 1, fork: fork).get(), nil, "\(c.name) under-priced")
            }
        }
    }

    func runFailures(_ file: String, _ precompile: any Precompile) throws {
        let cases = try load(file)
        XCTAssertFalse(cases.isEmpty, file)
        for c in cases {
            if case .success(let out) = precompile.run(input: c.input, gasLimit: 100_000_000, fork: .osaka) {
                XCTFail("\(file): \(c.name) succeeded with \(Hex.encode(out.output))")
            }
        }
    }

    func testG1Add() throws { try runVectors("blsG1Add.json", BLS12381G1AddPrecompile()); try runFailures("fail-blsG1Add.json", BLS12381G1AddPrecompile()) }
    func testG2Add() throws { try runVectors("blsG2Add.json", BLS12381G2AddPrecompile()); try runFailures("fail-blsG2Add.json", BLS12381G2AddPrecompile()) }
    func testG1Mul() throws { try runVectors("blsG1Mul.json", BLS12381G1MSMPrecompile()); try runFailures("fail-blsG1Mul.json", BLS12381G1MSMPrecompile()) }
    func testG2Mul() throws { try runVectors("blsG2Mul.json", BLS12381G2MSMPrecompile()); try runFailures("fail-blsG2Mul.json", BLS12381G2MSMPrecompile()) }
    func testG1MSM() throws { try runVectors("blsG1MultiExp.json", BLS12381G1MSMPrecompile()); try runFailures("fail-blsG1MultiExp.json", BLS12381G1MSMPrecompile()) }
    func testG2MSM() throws { try runVectors("blsG2MultiExp.json", BLS12381G2MSMPrecompile()); try runFailures("fail-blsG2MultiExp.json", BLS12381G2MSMPrecompile()) }
    func testPairing() throws { try runVectors("blsPairing.json", BLS12381PairingCheckPrecompile()); try runFailures("fail-blsPairing.json", BLS12381PairingCheckPrecompile()) }
    func testMapG1() throws { try runVectors("blsMapG1.json", BLS12381MapFpToG1Precompile()); try runFailures("fail-blsMapG1.json", BLS12381MapFpToG1Precompile()) }
    func testMapG2() throws { try runVectors("blsMapG2.json", BLS12381MapFp2ToG2Precompile()); try runFailures("fail-blsMapG2.json", BLS12381MapFp2ToG2Precompile()) }
}
