import EVM
import Primitives
import XCTest

final class ECRecoverTests: XCTestCase {
    func testFixtureVectors() throws {
        try PrecompileFixtures.check("ecRecover.json", ECRecoverPrecompile(), fork: .osaka)
    }

    func testInvalidInputsGiveEmptyOutputAndFullGas() throws {
        let p = ECRecoverPrecompile()
        let valid = try PrecompileFixtures.vectors("ecRecover.json").first { !$0.expected.isEmpty }!.input
        func run(_ input: [UInt8]) throws -> PrecompileOutput { try p.run(input: input, gasLimit: 3000, fork: .osaka).get() }
        XCTAssertEqual(try run([]).output, [])
        XCTAssertEqual(try run([]).gasUsed, 3000)
        var badV = valid; badV[63] = 29
        XCTAssertEqual(try run(badV).output, [])
        var highV = valid; highV[32] = 1  // v = 27 + 2²⁴⁸: not exactly 27/28
        XCTAssertEqual(try run(highV).output, [])
        var zeroR = valid; for i in 64..<96 { zeroR[i] = 0 }
        XCTAssertEqual(try run(zeroR).output, [])
        var bigS = valid; for i in 96..<128 { bigS[i] = 0xff }
        XCTAssertEqual(try run(bigS).output, [])
        // Trailing bytes past 128 are ignored.
        XCTAssertEqual(try run(valid + [1, 2, 3]).output, try run(valid).output)
        XCTAssertEqual(p.run(input: valid, gasLimit: 2999, fork: .osaka), .failure(.outOfGas))
    }
}
