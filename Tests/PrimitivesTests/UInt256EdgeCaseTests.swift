import BigInt
import Primitives
import XCTest

/// Hand-picked EVM edge cases for UInt256.
final class UInt256EdgeCaseTests: XCTestCase {
    let minSigned = UInt256(0, 0, 0, 1 << 63)  // -2^255
    let minusOne = UInt256.max

    func testDivisionByZero() {
        for a in specialWords {
            XCTAssertEqual(a / .zero, .zero)
            XCTAssertEqual(a % .zero, .zero)
            XCTAssertEqual(a.signedDivided(by: .zero), .zero)
            XCTAssertEqual(a.signedRemainder(dividingBy: .zero), .zero)
            XCTAssertEqual(UInt256.addMod(a, a, .zero), .zero)
            XCTAssertEqual(UInt256.mulMod(a, a, .zero), .zero)
            XCTAssertTrue(a.quotientAndRemainder(dividingBy: .zero) == (.zero, .zero))
        }
    }

    func testSignedDivisionOverflowAndSigns() {
        XCTAssertEqual(minSigned.signedDivided(by: minusOne), minSigned)
        XCTAssertEqual(minSigned.signedRemainder(dividingBy: minusOne), .zero)
        let seven = UInt256(7), three = UInt256(3)
        XCTAssertEqual(seven.negated.signedDivided(by: three), UInt256(2).negated)
        XCTAssertEqual(seven.signedDivided(by: three.negated), UInt256(2).negated)
        XCTAssertEqual(seven.negated.signedDivided(by: three.negated), UInt256(2))
        // SMOD takes the dividend's sign.
        XCTAssertEqual(seven.negated.signedRemainder(dividingBy: three), UInt256(1).negated)
        XCTAssertEqual(seven.signedRemainder(dividingBy: three.negated), UInt256(1))
        XCTAssertEqual(seven.negated.signedRemainder(dividingBy: three.negated), UInt256(1).negated)
    }

    func testAddModMulModCarries() {
        let m = UInt256.max
        // (2^256-1) + (2^256-1) = 2^257 - 2 ≡ 2^256 - 1 ≡ 0 (mod 2^256-1)
        XCTAssertEqual(UInt256.addMod(.max, .max, m), .zero)
        XCTAssertEqual(UInt256.addMod(.max, .max, m &- .one), UInt256(2))
        XCTAssertEqual(UInt256.addMod(.max, UInt256(2), UInt256(10)), UInt256(big: (two256 + 1) % 10))
        XCTAssertEqual(UInt256.mulMod(.max, .max, m), .zero)
        XCTAssertEqual(UInt256.mulMod(.max, .max, UInt256(12)), UInt256(big: (two256 - 1) * (two256 - 1) % 12))
        XCTAssertEqual(UInt256.mulMod(.max, .max, .one), .zero)
        let p = UInt256.pow2(255) &+ .one
        XCTAssertEqual(UInt256.mulMod(p, p, UInt256.pow2(200) &+ UInt256(12345)),
                       UInt256(big: p.big * p.big % (UInt256.pow2(200) &+ UInt256(12345)).big))
    }

    func testExp() {
        XCTAssertEqual(UInt256.zero.power(.zero), .one)
        XCTAssertEqual(UInt256(2).power(UInt256(255)), UInt256.pow2(255))
        XCTAssertEqual(UInt256(2).power(UInt256(256)), .zero)
        XCTAssertEqual(UInt256(3).power(.max), UInt256(big: BigUInt(3).power(two256 - 1, modulus: two256)))
        XCTAssertEqual(minusOne.power(.max), minusOne)
        XCTAssertEqual(minusOne.power(UInt256.max &- .one), .one)
        XCTAssertEqual(UInt256.zero.power(.max), .zero)
        XCTAssertEqual(UInt256.one.power(.max), .one)
    }

    func testSignExtendEveryIndex() {
        let patterns: [UInt256] = [.zero, .max, UInt256(0x80), UInt256(0x7f),
                                   UInt256(0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 0x8080_8080_8080_8080, 0x7f7f_7f7f_7f7f_7f7f)]
        for x in patterns {
            for i in 0..<40 {
                let got = x.signExtended(fromByte: UInt256(UInt64(i)))
                if i >= 31 { XCTAssertEqual(got, x); continue }
                let bits = 8 * i + 8
                let low = x.big % (BigUInt(1) << bits)
                let neg = (low >> (bits - 1)) == 1
                XCTAssertEqual(got, UInt256(signedBig: neg ? BigInt(low) - (BigInt(1) << bits) : BigInt(low)), "index \(i)")
            }
            XCTAssertEqual(x.signExtended(fromByte: .max), x)
            XCTAssertEqual(x.signExtended(fromByte: UInt256(0, 1, 0, 0)), x)
        }
    }

    func testByteEveryIndex() {
        let x = UInt256(bigEndian: (0..<32).map { UInt8($0 + 1) })!
        for i in 0..<32 { XCTAssertEqual(x.byte(at: UInt256(UInt64(i))), UInt256(UInt64(i + 1))) }
        for i: UInt64 in [32, 33, 255, 256, .max] { XCTAssertEqual(x.byte(at: UInt256(i)), .zero) }
        XCTAssertEqual(x.byte(at: UInt256(0, 1, 0, 0)), .zero)
        XCTAssertEqual(x.byte(at: .max), .zero)
    }

    func testShiftEdges() {
        let x = UInt256(0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 0x8080_8080_8080_8080, 0xf7f7_f7f7_f7f7_f7f7)
        let amounts: [UInt256] = [0, 1, 63, 64, 65, 127, 128, 192, 255, 256, 257, UInt256(0, 1, 0, 0), .max].map { $0 }
        for v in [x, ~x, UInt256.one, UInt256.max, minSigned] {
            for n in amounts {
                XCTAssertEqual(v.shiftedLeft(by: n), UInt256PropertyTests.shiftReference(v, n, kind: 0), "shl \(n)")
                XCTAssertEqual(v.shiftedRight(by: n), UInt256PropertyTests.shiftReference(v, n, kind: 1), "shr \(n)")
                XCTAssertEqual(v.arithmeticShiftedRight(by: n), UInt256PropertyTests.shiftReference(v, n, kind: 2), "sar \(n)")
            }
        }
        XCTAssertEqual(UInt256.one.shiftedLeft(by: 255), minSigned)
        XCTAssertEqual(minSigned.arithmeticShiftedRight(by: 255), .max)
        XCTAssertEqual(minSigned.shiftedRight(by: 255), .one)
    }

    func testLeadingZeros() {
        XCTAssertEqual(UInt256.zero.leadingZeroBitCount, 256)
        XCTAssertEqual(UInt256.one.leadingZeroBitCount, 255)
        XCTAssertEqual(UInt256.max.leadingZeroBitCount, 0)
        for k in 0..<256 { XCTAssertEqual(UInt256.pow2(k).leadingZeroBitCount, 255 - k) }
        XCTAssertEqual(UInt256.zero.byteCount, 0)
        XCTAssertEqual(UInt256(256).byteCount, 2)
    }

    func testConversionsAndAccessors() {
        XCTAssertEqual(UInt256.max.uint64, nil)
        XCTAssertEqual(UInt256(5).uint64, 5)
        XCTAssertEqual(UInt256(UInt64.max).int, nil)
        XCTAssertEqual(UInt256(0, 1, 0, 0).clampedUInt64, .max)
        XCTAssertEqual(UInt256.zero.hexQuantity, "0x0")
        XCTAssertEqual(UInt256.zero.decimalString, "0")
        XCTAssertEqual(UInt256.max.decimalString, "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        XCTAssertEqual(UInt256(decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639935"), .max)
        XCTAssertNil(UInt256(decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639936"))
        XCTAssertNil(UInt256(decimal: ""))
        XCTAssertNil(UInt256(decimal: "12a"))
        XCTAssertNil(UInt256(decimal: "-1"))
        XCTAssertEqual(UInt256(decimal: "10000000000000000000"), UInt256(10_000_000_000_000_000_000))
        XCTAssertEqual(UInt256(10_000_000_000_000_000_000).decimalString, "10000000000000000000")
        XCTAssertEqual(UInt256(0, 1, 0, 0).decimalString, "18446744073709551616")
        let e38 = "1" + String(repeating: "0", count: 38), e57 = "1" + String(repeating: "0", count: 57)
        XCTAssertEqual(UInt256(decimal: e38)?.decimalString, e38)
        XCTAssertEqual(UInt256(decimal: e57)?.decimalString, e57)
        XCTAssertEqual(UInt256(decimal: String(repeating: "0", count: 1000) + "7"), UInt256(7))
    }

    func testHexQuantityErrors() {
        XCTAssertThrowsError(try UInt256(hex: "0x", strict: true)) { XCTAssertEqual($0 as? HexError, .empty) }
        XCTAssertThrowsError(try UInt256(hex: "")) { XCTAssertEqual($0 as? HexError, .empty) }
        XCTAssertThrowsError(try UInt256(hex: "0x01", strict: true)) { XCTAssertEqual($0 as? HexError, .leadingZeros) }
        XCTAssertThrowsError(try UInt256(hex: "ff", strict: true)) { XCTAssertEqual($0 as? HexError, .missingPrefix) }
        XCTAssertThrowsError(try UInt256(hex: "0xfg")) { XCTAssertEqual($0 as? HexError, .invalidCharacter("g", offset: 3)) }
        XCTAssertThrowsError(try UInt256(hex: "0x1" + String(repeating: "0", count: 64))) { XCTAssertEqual($0 as? HexError, .tooLarge(maxBytes: 32)) }
        XCTAssertThrowsError(try UInt256(hex: "0x√")) { XCTAssertTrue($0 is HexError) }
        XCTAssertEqual(try UInt256(hex: "0x0", strict: true), .zero)
        XCTAssertEqual(try UInt256(hex: "0x000"), .zero)
        XCTAssertEqual(try UInt256(hex: "0x" + String(repeating: "0", count: 70) + "1"), .one)
        XCTAssertEqual(try UInt256(hex: "0x" + String(repeating: "f", count: 64), strict: true), .max)
        XCTAssertEqual(try UInt256(hex: "0xABC"), UInt256(0xabc))
    }
}
