import EVM
import XCTest

final class Blake2FTests: XCTestCase {
    func testFixtureVectors() throws {
        try PrecompileFixtures.check("blake2F.json", Blake2FPrecompile(), fork: .osaka)
    }

    func testMalformedInputsFail() throws {
        try PrecompileFixtures.checkFailures("fail-blake2f.json", Blake2FPrecompile(), fork: .osaka)
    }
}
