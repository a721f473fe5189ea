import EVM
import Primitives
import XCTest

final class IdentityTests: XCTestCase {
    func testEchoesInputAndPricesPerWord() throws {
        let p = IdentityPrecompile()
        for (n, gas) in [(0, 15), (1, 18), (32, 18), (33, 21), (64, 21)] as [(Int, UInt64)] {
            let input = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let r = try p.run(input: input, gasLimit: 1000, fork: .osaka).get()
            XCTAssertEqual(r.output, input)
            XCTAssertEqual(r.gasUsed, gas)
        }
        XCTAssertEqual(p.run(input: [1], gasLimit: 17, fork: .osaka), .failure(.outOfGas))
    }
}
