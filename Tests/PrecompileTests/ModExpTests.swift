import EVM
import Primitives
import XCTest

final class ModExpTests: XCTestCase {
    func testEIP198Vectors() throws {
        for fork in [Fork.byzantium, .istanbul] {
            try PrecompileFixtures.check("modexp.json", ModExpPrecompile(), fork: fork)
        }
    }

    func testEIP2565Vectors() throws {
        for fork in [Fork.berlin, .prague] {
            try PrecompileFixtures.check("modexp_eip2565.json", ModExpPrecompile(), fork: fork)
        }
    }

    func testEIP7883Vectors() throws {
        try PrecompileFixtures.check("modexp_eip7883.json", ModExpPrecompile(), fork: .osaka)
    }

    /// Random cases checked against Python's pow(b, e, m) (generated once; sizes 1–200 bytes,
    /// odd, even and power-of-two moduli, leading zeros, short exponents).
    func testAgainstReferenceResults() throws {
        for (i, c) in ModExpReferenceCases.cases.enumerated() {
            let input = encode(base: bytes(c.base), exp: bytes(c.exp), mod: bytes(c.mod))
            XCTAssertEqual(Hex.encode(output(ModExpPrecompile(), input, fork: .berlin) ?? [], prefix: false), c.result, "case \(i)")
        }
    }

    func testEdgeCases() throws {
        let p = ModExpPrecompile()
        // Zero modulus length: empty output.
        XCTAssertEqual(output(p, encode(base: [2], exp: [3], mod: [])), [])
        // Modulus 0 and 1: zero of the modulus length.
        XCTAssertEqual(output(p, encode(base: [2], exp: [3], mod: [0, 0])), [0, 0])
        XCTAssertEqual(output(p, encode(base: [2], exp: [3], mod: [0, 1])), [0, 0])
        // Exponent 0: 1 (mod m > 1), even with a zero base.
        XCTAssertEqual(output(p, encode(base: [0], exp: [0], mod: [0, 7])), [0, 1])
        XCTAssertEqual(output(p, encode(base: [], exp: [], mod: [9])), [1])
        // Base longer than the modulus, exponent 1: plain reduction.
        XCTAssertEqual(output(p, encode(base: [1, 0, 0], exp: [1], mod: [0xff])), [1])  // 65536 mod 255
        // Truncated input: the modulus is right-padded with zeros (m = 0x0500 → 3^2 mod 1280 = 9).
        var short = encode(base: [3], exp: [2], mod: [5, 0])
        short.removeLast()
        XCTAssertEqual(output(p, short), [0, 9])
    }

    func testHugeDeclaredLengthsAreRejectedByGasNotAllocated() {
        let p = ModExpPrecompile()
        var input = [UInt8](repeating: 0, count: 96)
        for i in 0..<32 { input[i] = 0xff }  // base length 2²⁵⁶ − 1
        input[95] = 1
        XCTAssertEqual(p.run(input: input, gasLimit: 10_000_000, fork: .berlin), .failure(.outOfGas))
        if case .success = p.run(input: input, gasLimit: .max, fork: .osaka) { XCTFail("EIP-7823 length cap not applied") }
        // Huge exponent length with zero base and modulus lengths costs 0 (EIP-198) or 200 (EIP-2565) and returns nothing.
        var expOnly = [UInt8](repeating: 0, count: 96)
        for i in 32..<64 { expOnly[i] = 0xff }
        XCTAssertEqual(try p.run(input: expOnly, gasLimit: 1000, fork: .byzantium).get(), PrecompileOutput(gasUsed: 0, output: []))
        XCTAssertEqual(try p.run(input: expOnly, gasLimit: 1000, fork: .berlin).get(), PrecompileOutput(gasUsed: 200, output: []))
        // A 1024-byte exponent whose bits are almost all implicit zero padding: priced and computed without allocation.
        var padded = [UInt8](repeating: 0, count: 96)
        padded[31] = 1; padded[62] = 4; padded[95] = 1  // base 1 byte, exp 1024 bytes, mod 1 byte
        padded += [3, 1]  // base 3, exponent 0x01 00…00 (2^8184), modulus missing → 0
        XCTAssertEqual(try p.run(input: padded, gasLimit: 1_000_000, fork: .osaka).get().output, [0])
    }

    private func encode(base: [UInt8], exp: [UInt8], mod: [UInt8]) -> [UInt8] {
        UInt256(base.count).bigEndianBytes + UInt256(exp.count).bigEndianBytes + UInt256(mod.count).bigEndianBytes + base + exp + mod
    }
}
