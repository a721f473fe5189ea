import EVM
import Primitives
import XCTest

final class SHA256Tests: XCTestCase {
    func testKnownDigestsAndGas() throws {
        let p = SHA256Precompile()
        let empty = try p.run(input: [], gasLimit: 60, fork: .osaka).get()
        XCTAssertEqual(Hex.encode(empty.output, prefix: false), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(empty.gasUsed, 60)
        let abc = try p.run(input: Array("abc".utf8), gasLimit: 1000, fork: .osaka).get()
        XCTAssertEqual(Hex.encode(abc.output, prefix: false), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(abc.gasUsed, 72)
        XCTAssertEqual(p.run(input: [0], gasLimit: 71, fork: .osaka), .failure(.outOfGas))
    }
}
