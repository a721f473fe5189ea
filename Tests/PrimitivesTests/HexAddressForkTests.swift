import LanesTestSupport
import Primitives
import XCTest

final class HexTests: XCTestCase {
    func testDecodeValid() throws {
        XCTAssertEqual(try Hex.decode("0x"), [])
        XCTAssertEqual(try Hex.decode(""), [])
        XCTAssertEqual(try Hex.decode("0x00ff10"), [0, 0xff, 0x10])
        XCTAssertEqual(try Hex.decode("0XAbCd"), [0xab, 0xcd])
        XCTAssertEqual(try Hex.decode("abcd"), [0xab, 0xcd])
        XCTAssertEqual(try [UInt8](hex: "0x0102"), [1, 2])
        XCTAssertEqual([UInt8]([1, 0xab]).hexString, "0x01ab")
        XCTAssertEqual([UInt8]([1, 0xab])[1...].hexString, "0xab")
        XCTAssertEqual(Hex.encode([0xde, 0xad], prefix: false), "dead")
        XCTAssertEqual(try Hex.decode("0x0102"[...]), [1, 2])
    }

    func testDecodeErrors() {
        func expect(_ s: String, requirePrefix: Bool = false, _ error: HexError, line: UInt = #line) {
            XCTAssertThrowsError(try Hex.decode(s, requirePrefix: requirePrefix), line: line) { XCTAssertEqual($0 as? HexError, error, line: line) }
        }
        expect("0x123", .oddLength(3))
        expect("1", .oddLength(1))
        expect("0", .oddLength(1))
        expect("0xzz", .invalidCharacter("z", offset: 2))
        expect("0x0g", .invalidCharacter("g", offset: 3))
        expect("abcd", requirePrefix: true, .missingPrefix)
        expect("", requirePrefix: true, .missingPrefix)
        expect("x0", .invalidCharacter("x", offset: 0))
        expect("0xx0", .invalidCharacter("x", offset: 2))
        expect("0x 1", .invalidCharacter(" ", offset: 2))
        XCTAssertThrowsError(try Hex.decode("0xé1")) { XCTAssertTrue($0 is HexError) }
        XCTAssertThrowsError(try Hex.decode("0x√√√")) { XCTAssertTrue($0 is HexError) }
        XCTAssertThrowsError(try Hex.decode("0x\u{0}\u{0}")) { XCTAssertTrue($0 is HexError) }
        XCTAssertThrowsError(try Hash(hex: "0x1234")) { XCTAssertEqual($0 as? HexError, .wrongLength(expected: 32, actual: 2)) }
        XCTAssertThrowsError(try Address(hex: "0x1234")) { XCTAssertEqual($0 as? HexError, .wrongLength(expected: 20, actual: 2)) }
        XCTAssertThrowsError(try Hex.decodeQuantityDigits("0x123456", maxBytes: 2, strict: true)) { XCTAssertEqual($0 as? HexError, .tooLarge(maxBytes: 2)) }
        XCTAssertEqual(try Hex.decodeQuantityDigits("0x1234", maxBytes: 2, strict: true), [0x12, 0x34])
        XCTAssertEqual(try Hex.decodeQuantityDigits("0x234", maxBytes: 2, strict: true), [0x02, 0x34])
        XCTAssertEqual(try Hex.decodeQuantityDigits("0x0", maxBytes: 2, strict: true), [])
        XCTAssertEqual(try Hex.decodeQuantityDigits("0x00001234", maxBytes: 2, strict: false), [0x12, 0x34])
        XCTAssertThrowsError(try Hex.decodeQuantityDigits("0x00", maxBytes: 2, strict: true)) { XCTAssertEqual($0 as? HexError, .leadingZeros) }
        XCTAssertThrowsError(try Hex.decodeQuantityDigits("12", maxBytes: 2, strict: true)) { XCTAssertEqual($0 as? HexError, .missingPrefix) }
        XCTAssertThrowsError(try Hex.decodeQuantityDigits("0x-1", maxBytes: 2, strict: true)) { XCTAssertTrue($0 is HexError) }
        for e: HexError in [.missingPrefix, .oddLength(3), .invalidCharacter("z", offset: 2), .wrongLength(expected: 1, actual: 2),
                            .tooLarge(maxBytes: 3), .empty, .leadingZeros] {
            XCTAssertFalse(e.description.isEmpty)
        }
    }

    func testRandomRoundTrip() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            let bytes = (0..<Int(rng.next() % 70)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let hex = Hex.encode(bytes)
            XCTAssertEqual(try Hex.decode(hex, requirePrefix: true), bytes)
            XCTAssertEqual(try Hex.decode(hex.uppercased()), bytes)
            XCTAssertEqual(try Hex.decode(hex.dropFirst(2)), bytes)
        }
    }
}

final class AddressHashTests: XCTestCase {
    /// The examples of EIP-55.
    func testEIP55Checksum() throws {
        let examples = [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
            "0x52908400098527886E0F7030069857D2E4169EE7",
            "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
            "0xde709f2102306220921060314715629080e2fb77",
            "0x27b1fdb04752bbc536007a920d24acb045561c26",
        ]
        for s in examples {
            let a = try Address(hex: s)
            XCTAssertEqual(a.checksummed, s)
            XCTAssertEqual(a.description, s.lowercased())
            XCTAssertEqual(try Address(hex: s.lowercased()), a)
        }
    }

    func testAddressConversions() throws {
        var rng = SplitMix64(seed: 55)
        for _ in 0..<1000 {
            let bytes = (0..<20).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let a = try Address(bytes)
            XCTAssertEqual(a.bytes, bytes)
            XCTAssertEqual(a.uint256.bigEndianBytes, [UInt8](repeating: 0, count: 12) + bytes)
            let word = UInt256(rng.next(), rng.next(), rng.next(), rng.next())
            XCTAssertEqual(Address(truncating: word).bytes, Array(word.bigEndianBytes[12...]))
            XCTAssertEqual(Address(truncating: a.uint256), a)
            let h = try Hash(word.bigEndianBytes)
            XCTAssertEqual(Address(hashSuffix: h).bytes, Array(h.bytes[12...]))
            XCTAssertEqual(h.uint256, word)
            XCTAssertEqual(Hash(word), h)
            XCTAssertEqual(try Hash(hex: h.description), h)
        }
        XCTAssertEqual(Address(low: 1).description, "0x0000000000000000000000000000000000000001")
        XCTAssertEqual(Address(low: 0x0102_0304_0506_0708).uint256, UInt256(0x0102_0304_0506_0708))
        XCTAssertLessThan(try Address(hex: "0x00000000000000000000000000000000000000ff"), try Address(hex: "0x0100000000000000000000000000000000000000"))
        XCTAssertLessThan(Hash(UInt256(1)), Hash(UInt256(0, 0, 0, 1)))
        XCTAssertThrowsError(try Address([UInt8](repeating: 0, count: 21)))
        XCTAssertThrowsError(try Hash([UInt8](repeating: 0, count: 31)))
    }
}

final class ForkTests: XCTestCase {
    func testNamesBothWays() {
        for f in Fork.allCases {
            XCTAssertEqual(Fork(name: f.fixtureName), f, f.fixtureName)
            XCTAssertEqual(Fork(name: f.description), f, f.description)
            XCTAssertEqual(Fork(name: f.fixtureName.uppercased()), f)
        }
        XCTAssertEqual(Fork(name: "Merge"), .paris)
        XCTAssertEqual(Fork(name: "latest"), .latest)
        XCTAssertEqual(Fork(name: "EIP150"), .tangerineWhistle)
        XCTAssertEqual(Fork(name: "EIP158"), .spuriousDragon)
        XCTAssertEqual(Fork(name: "ConstantinopleFix"), .petersburg)
        XCTAssertEqual(Fork(name: "tangerine"), .tangerineWhistle)
        XCTAssertEqual(Fork.tangerineWhistle.description, "tangerine")
        XCTAssertEqual(Fork.cancun.description, "cancun")
        XCTAssertNil(Fork(name: "nonsense"))
        XCTAssertNil(Fork(name: ""))
        XCTAssertTrue(Fork.berlin < .london)
        XCTAssertTrue(Fork.osaka < .bpo1)
        XCTAssertEqual(Fork.allCases.sorted(), Fork.allCases)
    }
}

/// Random strings never trap the parsers; every rejection is a typed HexError.
final class ParserFuzzTests: XCTestCase {
    func testRandomStringsNeverTrap() {
        var rng = SplitMix64(seed: 123)
        let alphabet: [Character] = Array("0123456789abcdefABCDEFxXg -+√é\u{0}\u{7f}") + ["\u{1F600}"]
        for _ in 0..<20_000 {
            var s = rng.next() % 2 == 0 ? "0x" : ""
            for _ in 0..<Int(rng.next() % 70) { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            for strict in [false, true] {
                do { _ = try Hex.decode(s, requirePrefix: strict) } catch { XCTAssertNotNil(error as HexError?) }
                do { _ = try UInt256(hex: s, strict: strict) } catch { XCTAssertNotNil(error as HexError?) }
                do { _ = try Hex.decodeQuantityDigits(s, maxBytes: 8, strict: strict) } catch { XCTAssertNotNil(error as HexError?) }
            }
            _ = try? Address(hex: s)
            _ = try? Hash(hex: s)
            _ = UInt256(decimal: s)
            _ = Fork(name: s)
        }
    }

    func testIntShiftsNeverTrap() {
        let x = UInt256(1, 2, 3, 1 << 63)
        XCTAssertEqual(x << Int.min, .zero)
        XCTAssertEqual(x >> Int.min, .zero)
        XCTAssertEqual(x << Int.max, .zero)
        XCTAssertEqual(x >> Int.max, .zero)
        XCTAssertEqual(x << -1, x >> 1)
        XCTAssertEqual(x >> -1, x << 1)
        XCTAssertEqual(x.arithmeticShiftRight(Int.max), .max)
        XCTAssertEqual(x.arithmeticShiftRight(0), x)
    }
}
