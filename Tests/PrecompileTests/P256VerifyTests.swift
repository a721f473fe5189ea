import EVM
import XCTest

final class P256VerifyTests: XCTestCase {
    func testFixtureVectors() throws {
        let n = try PrecompileFixtures.check("p256Verify.json", P256VerifyPrecompile(), fork: .osaka)
        XCTAssertGreaterThan(n, 100)
    }

    func testWrongLengthIsEmptyOutputNotFailure() throws {
        let r = try P256VerifyPrecompile().run(input: [UInt8](repeating: 1, count: 159), gasLimit: 6900, fork: .osaka).get()
        XCTAssertEqual(r.output, [])
        XCTAssertEqual(r.gasUsed, 6900)
    }
}
