import EVM
import Primitives
import XCTest

final class RIPEMD160Tests: XCTestCase {
    /// The test vectors of the RIPEMD-160 reference page (Bosselaers).
    func testStandardVectors() {
        let vectors: [(String, String)] = [
            ("", "9c1185a5c5e9fc54612808977ee8f548b2258d31"),
            ("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"),
            ("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
            ("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"),
            ("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "b0e20b6e3116640286ed3a87a5713079b21f5189"),
            (String(repeating: "1234567890", count: 8), "9b752e45573d4b39f4dbd3323cab82bf63326bfb"),
        ]
        for (message, digest) in vectors {
            XCTAssertEqual(Hex.encode(RIPEMD160.hash(Array(message.utf8)), prefix: false), digest, message)
        }
    }

    func testMillionAs() {
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        XCTAssertEqual(Hex.encode(RIPEMD160.hash(million), prefix: false), "52783243c1697bdbe16d37f97f68f08325dc1528")
    }

    /// Lengths around the 55/56/64-byte padding boundaries must not crash and must differ.
    func testPaddingBoundaries() {
        var seen = Set<[UInt8]>()
        for n in 50...130 { seen.insert(RIPEMD160.hash([UInt8](repeating: 0x61, count: n))) }
        XCTAssertEqual(seen.count, 81)
    }

    func testPrecompileLeftPadsAndPrices() throws {
        let r = try RIPEMD160Precompile().run(input: Array("abc".utf8), gasLimit: 720, fork: .osaka).get()
        XCTAssertEqual(Hex.encode(r.output, prefix: false), "0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc")
        XCTAssertEqual(r.gasUsed, 720)
        XCTAssertEqual(RIPEMD160Precompile().run(input: [], gasLimit: 599, fork: .osaka), .failure(.outOfGas))
    }
}
