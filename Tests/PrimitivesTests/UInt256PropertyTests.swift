import LanesTestSupport
import BigInt
import Primitives
import XCTest

/// Every UInt256 operation against attaswift/BigInt on 10,000 seeded random inputs.
final class UInt256PropertyTests: XCTestCase {
    static let iterations = 10_000

    /// Runs `body` on `iterations` random pairs; reports at most a few failures with their inputs.
    func forAllPairs(seed: UInt64, _ name: String, file: StaticString = #filePath, line: UInt = #line,
                     _ body: (UInt256, UInt256) -> (UInt256, UInt256)?) {
        var rng = SplitMix64(seed: seed)
        var failures = 0
        for _ in 0..<Self.iterations {
            let (a, b) = randomPair(&rng)
            let (x, y) = rng.next() & 1 == 0 ? (a, b) : (b, a)
            if let (got, want) = body(x, y), got != want {
                failures += 1
                if failures <= 5 {
                    XCTFail("\(name)(\(x.hexQuantity), \(y.hexQuantity)) = \(got.hexQuantity), want \(want.hexQuantity) [seed \(seed)]", file: file, line: line)
                }
            }
        }
        XCTAssertEqual(failures, 0, "\(name): \(failures) failures", file: file, line: line)
    }

    func testAddSub() {
        forAllPairs(seed: 1, "&+") { a, b in (a &+ b, UInt256(big: a.big + b.big)) }
        forAllPairs(seed: 2, "&-") { a, b in (a &- b, UInt256(signedBig: BigInt(a.big) - BigInt(b.big))) }
        forAllPairs(seed: 3, "overflow flags") { a, b in
            let add = a.addingReportingOverflow(b).overflow, sub = a.subtractingReportingOverflow(b).overflow
            let ok = add == (a.big + b.big >= two256) && sub == (a.big < b.big)
            return ok ? nil : (.one, .zero)
        }
    }

    func testMul() {
        forAllPairs(seed: 4, "&*") { a, b in (a &* b, UInt256(big: a.big * b.big)) }
        forAllPairs(seed: 5, "multipliedFullWidth.high") { a, b in (a.multipliedFullWidth(by: b).high, UInt256(big: (a.big * b.big) >> 256)) }
        forAllPairs(seed: 6, "multipliedFullWidth.low") { a, b in (a.multipliedFullWidth(by: b).low, UInt256(big: a.big * b.big)) }
    }

    func testDivMod() {
        forAllPairs(seed: 7, "/") { a, b in (a / b, b.isZero ? .zero : UInt256(big: a.big / b.big)) }
        forAllPairs(seed: 8, "%") { a, b in (a % b, b.isZero ? .zero : UInt256(big: a.big % b.big)) }
        // Divisors of every limb count against dividends of every limb count.
        forAllPairs(seed: 9, "/ small divisor") { a, b in
            let d = b >> Int(b.w0 % 256)
            return (a / d, d.isZero ? .zero : UInt256(big: a.big / d.big))
        }
    }

    func testSignedDivMod() {
        forAllPairs(seed: 10, "sdiv") { a, b in
            (a.signedDivided(by: b), b.isZero ? .zero : UInt256(signedBig: a.signedBig / b.signedBig))
        }
        forAllPairs(seed: 11, "smod") { a, b in
            (a.signedRemainder(dividingBy: b), b.isZero ? .zero : UInt256(signedBig: a.signedBig % b.signedBig))
        }
    }

    func testAddModMulMod() {
        var rng = SplitMix64(seed: 12)
        forAllPairs(seed: 13, "addmod") { a, b in
            let m = rng.next() % 4 == 0 ? b : randomWord(&rng)
            return (UInt256.addMod(a, b, m), m.isZero ? .zero : UInt256(big: (a.big + b.big) % m.big))
        }
        forAllPairs(seed: 14, "mulmod") { a, b in
            let m = rng.next() % 4 == 0 ? a : randomWord(&rng)
            return (UInt256.mulMod(a, b, m), m.isZero ? .zero : UInt256(big: (a.big * b.big) % m.big))
        }
    }

    func testPower() {
        forAllPairs(seed: 15, "exp") { a, e in (a.power(e), UInt256(big: Self.referencePower(a.big, e.big))) }
        // BigUInt's own modular power on a sample (slower; the loop above is the fast reference).
        forAllPairs(seed: 34, "exp (BigUInt.power)") { a, e in
            a.w0 % 16 == 0 ? (a.power(e), UInt256(big: a.big.power(e.big, modulus: two256))) : nil
        }
    }

    /// base^exponent mod 2^256 by left-to-right square-and-multiply on BigUInt, masking instead of dividing.
    static func referencePower(_ base: BigUInt, _ exponent: BigUInt) -> BigUInt {
        let mask = two256 - 1
        var result = BigUInt(1)
        let bits = exponent.isZero ? 0 : String(exponent, radix: 2).count
        for i in stride(from: bits - 1, through: 0, by: -1) {
            result = (result * result) & mask
            if (exponent >> i) & 1 == 1 { result = (result * base) & mask }
        }
        return result
    }

    func testComparison() {
        forAllPairs(seed: 16, "< and ==") { a, b in
            let ok = (a < b) == (a.big < b.big) && (a == b) == (a.big == b.big) && (a > b) == (a.big > b.big)
                && a.isZero == a.big.isZero
            return ok ? nil : (.one, .zero)
        }
        forAllPairs(seed: 17, "signedLess") { a, b in
            UInt256.signedLess(a, b) == (a.signedBig < b.signedBig) ? nil : (.one, .zero)
        }
    }

    func testBitwise() {
        forAllPairs(seed: 18, "&") { a, b in (a & b, UInt256(big: a.big & b.big)) }
        forAllPairs(seed: 19, "|") { a, b in (a | b, UInt256(big: a.big | b.big)) }
        forAllPairs(seed: 20, "^") { a, b in (a ^ b, UInt256(big: a.big ^ b.big)) }
        forAllPairs(seed: 21, "~") { a, _ in (~a, UInt256(big: two256 - 1 - a.big)) }
    }

    /// A shift amount: mostly 0...260, sometimes a huge word.
    static func shiftAmount(_ rng: inout SplitMix64, _ b: UInt256) -> UInt256 {
        switch rng.next() % 4 {
        case 0: return b
        case 1: return UInt256([0, 1, 63, 64, 65, 127, 128, 191, 192, 255, 256, 257][Int(rng.next() % 12)] as UInt64)
        default: return UInt256(rng.next() % 261)
        }
    }

    static func shiftReference(_ a: UInt256, _ n: UInt256, kind: Int) -> UInt256 {
        let small = n.big < 256 ? Int(n.big) : 256
        switch kind {
        case 0: return small >= 256 ? .zero : UInt256(big: a.big << small)
        case 1: return small >= 256 ? .zero : UInt256(big: a.big >> small)
        default:
            // Floor division by 2^n of the signed value.
            let s = a.signedBig
            if small >= 256 { return s < 0 ? .max : .zero }
            let p = BigInt(1) << small
            let q = s >= 0 ? s / p : (s - (p - 1)) / p
            return UInt256(signedBig: q)
        }
    }

    func testShifts() {
        var rng = SplitMix64(seed: 22)
        forAllPairs(seed: 23, "shl") { a, b in
            let n = Self.shiftAmount(&rng, b); return (a.shiftedLeft(by: n), Self.shiftReference(a, n, kind: 0))
        }
        forAllPairs(seed: 24, "shr") { a, b in
            let n = Self.shiftAmount(&rng, b); return (a.shiftedRight(by: n), Self.shiftReference(a, n, kind: 1))
        }
        forAllPairs(seed: 25, "sar") { a, b in
            let n = Self.shiftAmount(&rng, b); return (a.arithmeticShiftedRight(by: n), Self.shiftReference(a, n, kind: 2))
        }
    }

    func testByteSignExtendCLZ() {
        var rng = SplitMix64(seed: 26)
        forAllPairs(seed: 27, "byte") { a, b in
            let i = rng.next() % 4 == 0 ? b : UInt256(rng.next() % 40)
            let want = i.big < 32 ? UInt256(big: (a.big >> (8 * (31 - Int(i.big)))) & 0xff) : .zero
            return (a.byte(at: i), want)
        }
        forAllPairs(seed: 28, "signextend") { a, b in
            let i = rng.next() % 4 == 0 ? b : UInt256(rng.next() % 40)
            var want = a
            if i.big < 31 {
                let bits = 8 * Int(i.big) + 8
                let low = a.big % (BigUInt(1) << bits)
                let negative = low >> (bits - 1) == 1
                want = UInt256(signedBig: negative ? BigInt(low) - (BigInt(1) << bits) : BigInt(low))
            }
            return (a.signExtended(fromByte: i), want)
        }
        forAllPairs(seed: 29, "clz") { a, _ in
            let width = a.isZero ? 0 : String(a.big, radix: 2).count
            return (UInt256(UInt64(a.leadingZeroBitCount)), UInt256(UInt64(256 - width)))
        }
    }

    func testBytesConversions() {
        var rng = SplitMix64(seed: 30)
        forAllPairs(seed: 31, "bytes") { a, _ in
            let minimal = Array(a.big.serialize())
            let full = [UInt8](repeating: 0, count: 32 - minimal.count) + minimal
            guard a.minimalBigEndianBytes == minimal, a.bigEndianBytes == full else { return (.one, .zero) }
            guard UInt256(bigEndian: full) == a, UInt256(bigEndian: minimal) == a else { return (.one, .zero) }
            let cut = Int(rng.next() % 33)
            let prefix = Array(full.prefix(cut))
            guard UInt256(bigEndian: prefix) == UInt256(big: BigUInt(Data(prefix))) else { return (.one, .zero) }
            var raw = [UInt8](repeating: 0, count: 32)
            raw.withUnsafeMutableBytes { a.writeBigEndian(to: $0.baseAddress!) }
            guard raw == full else { return (.one, .zero) }
            return (raw.withUnsafeBytes { UInt256(bigEndianWord: $0.baseAddress!) }, a)
        }
        XCTAssertNil(UInt256(bigEndian: [UInt8](repeating: 1, count: 33)))
    }

    func testHexAndDecimalStrings() {
        var rng = SplitMix64(seed: 32)
        forAllPairs(seed: 33, "hex/decimal") { a, _ in
            let hex = String(a.big, radix: 16), dec = String(a.big)
            guard a.hexQuantity == "0x" + hex, a.decimalString == dec, a.description == dec else { return (.one, .zero) }
            guard (try? UInt256(hex: "0x" + hex, strict: true)) == a else { return (.one, .zero) }
            let zeros = String(repeating: "0", count: Int(rng.next() % 3))
            let lenient = (rng.next() & 1 == 0 ? "0X" : "") + zeros + hex.uppercased()
            guard (try? UInt256(hex: lenient)) == a else { return (.one, .zero) }
            guard UInt256(decimal: zeros + dec) == a else { return (.one, .zero) }
            return nil
        }
    }
}

import Foundation
