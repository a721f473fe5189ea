import BigInt
import Foundation
import LanesTestSupport
import Primitives
import XCTest

/// RLP against ethereum/tests RLPTests, canonical-form rejection, and random round trips.
final class RLPTests: XCTestCase {
    /// Converts a fixture `in` value to a tree: strings are bytes (`#…` a decimal big integer), numbers are integers.
    static func tree(_ json: Any) throws -> RLPItem {
        if let s = json as? String {
            if s.hasPrefix("#") {
                let n = try XCTUnwrap(BigUInt(String(s.dropFirst()), radix: 10))
                return .bytes(Array(n.serialize()))
            }
            return .bytes(Array(s.utf8))
        }
        if let list = json as? [Any] { return .list(try list.map(tree)) }
        if let n = json as? NSNumber {
            var w = RLPWriter()
            w.append(n.uint64Value)
            return try RLPItem(decoding: w.bytes)
        }
        throw XCTSkip("unsupported fixture value \(json)")
    }

    func testRLPTestJSON() throws {
        // The fixture lookup stands outside XCTUnwrap, which would turn its skip into a failure.
        let url = try Fixtures.url("RLPTests/rlptest.json")
        let json = try XCTUnwrap(Fixtures.loadJSON(url) as? [String: [String: Any]])
        XCTAssertGreaterThan(json.count, 20)
        for (name, test) in json.sorted(by: { $0.key < $1.key }) {
            let out = try Hex.decode(try XCTUnwrap(test["out"] as? String))
            let expected = try Self.tree(try XCTUnwrap(test["in"]))
            XCTAssertEqual(expected.rlp, out, name)
            XCTAssertEqual(try RLPItem(decoding: out), expected, name)
            // Integers through the typed writer and reader.
            if let n = test["in"] as? NSNumber, !(test["in"] is String) {
                var w = RLPWriter()
                w.append(n.uint64Value)
                XCTAssertEqual(w.bytes, out, name)
                var r = RLPReader(out)
                XCTAssertEqual(try r.readUInt64(), n.uint64Value, name)
                var w2 = RLPWriter()
                w2.append(UInt256(n.uint64Value))
                XCTAssertEqual(w2.bytes, out, name)
            }
            if let s = test["in"] as? String, s.hasPrefix("#"), let n = UInt256(decimal: s.dropFirst()) {
                var w = RLPWriter()
                w.append(n)
                XCTAssertEqual(w.bytes, out, name)
                var r = RLPReader(out)
                XCTAssertEqual(try r.readUInt256(), n, name)
            }
        }
    }

    func testInvalidRLPTestJSON() throws {
        // The fixture lookup stands outside XCTUnwrap, which would turn its skip into a failure.
        let url = try Fixtures.url("RLPTests/invalidRLPTest.json")
        let json = try XCTUnwrap(Fixtures.loadJSON(url) as? [String: [String: Any]])
        XCTAssertGreaterThan(json.count, 20)
        for (name, test) in json.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(test["in"] as? String, "INVALID")
            let out = try Hex.decode(try XCTUnwrap(test["out"] as? String))
            XCTAssertThrowsError(try RLPItem(decoding: out), name)
        }
    }

    func testRandomRLPTests() throws {
        let files = try Fixtures.jsonFiles(under: "RLPTests/RandomRLPTests")
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let json = try XCTUnwrap(Fixtures.loadJSON(file) as? [String: [String: Any]])
            for (name, test) in json {
                let out = try Hex.decode(try XCTUnwrap(test["out"] as? String))
                if test["in"] as? String == "VALID" {
                    let item = try RLPItem(decoding: out)
                    XCTAssertEqual(item.rlp, out, name)
                } else {
                    XCTAssertThrowsError(try RLPItem(decoding: out), name)
                }
            }
        }
    }

    func decodeError(_ hex: String) -> RLPError? {
        do { _ = try RLPItem(decoding: try Hex.decode(hex)); return nil } catch let e as RLPError { return e } catch { return .invalid("\(error)") }
    }

    func testCanonicalFormRejection() {
        XCTAssertEqual(decodeError("0x8100"), .nonCanonicalSingleByte)
        XCTAssertEqual(decodeError("0x817f"), .nonCanonicalSingleByte)
        XCTAssertNil(decodeError("0x8180"))
        XCTAssertEqual(decodeError("0xb800"), .lengthLeadingZeros)
        XCTAssertEqual(decodeError("0xb80100"), .nonCanonicalLength)
        XCTAssertEqual(decodeError("0xb837" + String(repeating: "00", count: 55)), .nonCanonicalLength)
        XCTAssertNil(decodeError("0xb838" + String(repeating: "00", count: 56)))
        XCTAssertEqual(decodeError("0xf800"), .lengthLeadingZeros)
        XCTAssertEqual(decodeError("0xf80100"), .nonCanonicalLength)
        XCTAssertEqual(decodeError("0xb9003800"), .lengthLeadingZeros)
        XCTAssertEqual(decodeError("0xf9003800"), .lengthLeadingZeros)
        // Truncated input.
        XCTAssertEqual(decodeError("0x"), .unexpectedEnd)
        XCTAssertEqual(decodeError("0x83646f"), .unexpectedEnd)
        XCTAssertEqual(decodeError("0x81"), .unexpectedEnd)
        XCTAssertEqual(decodeError("0xb8"), .unexpectedEnd)
        XCTAssertEqual(decodeError("0xb838"), .unexpectedEnd)
        XCTAssertEqual(decodeError("0xb9"), .unexpectedEnd)
        XCTAssertEqual(decodeError("0xc3"), .unexpectedEnd)
        XCTAssertEqual(decodeError("0xc283"), .unexpectedEnd)
        XCTAssertEqual(decodeError("0xf9ffff"), .unexpectedEnd)
        XCTAssertEqual(decodeError("0xbfffffffffffffffff00"), .lengthOverflow)
        XCTAssertEqual(decodeError("0xff7fffffffffffffff00"), .lengthOverflow)
        XCTAssertNotNil(decodeError("0xbf7fffffffffffff"))
        XCTAssertNotNil(decodeError("0xbb7fffffff"))
        // A list whose payload overruns its own item.
        XCTAssertNotNil(decodeError("0xc18180"))
        // Trailing bytes.
        XCTAssertEqual(decodeError("0x8080"), .trailingBytes)
        XCTAssertEqual(decodeError("0xc000"), .trailingBytes)
    }

    func testIntegerReaders() throws {
        func u64(_ hex: String) throws -> UInt64 { var r = RLPReader(try Hex.decode(hex)); return try r.readUInt64() }
        func u256(_ hex: String) throws -> UInt256 { var r = RLPReader(try Hex.decode(hex)); return try r.readUInt256() }
        XCTAssertEqual(try u64("0x80"), 0)
        XCTAssertEqual(try u64("0x7f"), 0x7f)
        XCTAssertEqual(try u64("0x88ffffffffffffffff"), .max)
        XCTAssertThrowsError(try u64("0x00")) { XCTAssertEqual($0 as? RLPError, .integerLeadingZeros) }
        XCTAssertThrowsError(try u64("0x820001")) { XCTAssertEqual($0 as? RLPError, .integerLeadingZeros) }
        XCTAssertThrowsError(try u64("0x89010000000000000000")) { XCTAssertEqual($0 as? RLPError, .integerTooLarge) }
        XCTAssertThrowsError(try u64("0xc0")) { XCTAssertEqual($0 as? RLPError, .expectedString) }
        XCTAssertEqual(try u256("0x80"), .zero)
        XCTAssertEqual(try u256("0xa0" + String(repeating: "ff", count: 32)), .max)
        XCTAssertThrowsError(try u256("0x00")) { XCTAssertEqual($0 as? RLPError, .integerLeadingZeros) }
        XCTAssertThrowsError(try u256("0xa1" + String(repeating: "00", count: 33))) { XCTAssertTrue($0 is RLPError) }
        XCTAssertThrowsError(try u256("0xa1" + "01" + String(repeating: "00", count: 32))) { XCTAssertEqual($0 as? RLPError, .integerTooLarge) }
        XCTAssertThrowsError(try u256("0x8200ff")) { XCTAssertEqual($0 as? RLPError, .integerLeadingZeros) }
    }

    func testTypedRoundTrip() throws {
        let address = try Address(hex: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        let hash = Keccak256.hash(Array("abc".utf8))
        var w = RLPWriter()
        w.appendList { w in
            w.append(UInt64(0)); w.append(UInt64(127)); w.append(UInt64(128)); w.append(UInt64.max)
            w.append(true); w.append(false); w.append(1024)
            w.append(UInt256.max); w.append(UInt256(0x55))
            w.append(address); w.append(hash)
            w.append(bytes: [UInt8](repeating: 7, count: 100))
            w.appendList { _ in }
            w.append(raw: [0xc1, 0x80])
        }
        var r = RLPReader(w.bytes)
        var l = try r.readList()
        try r.finish()
        XCTAssertEqual(try l.readUInt64(), 0)
        XCTAssertEqual(try l.readUInt64(), 127)
        XCTAssertEqual(try l.readUInt64(), 128)
        XCTAssertEqual(try l.readUInt64(), .max)
        XCTAssertEqual(try l.readUInt64(), 1)
        XCTAssertEqual(try l.readUInt64(), 0)
        XCTAssertEqual(try l.readUInt64(), 1024)
        XCTAssertEqual(try l.readUInt256(), .max)
        XCTAssertEqual(try l.readUInt256(), UInt256(0x55))
        XCTAssertEqual(try l.readAddress(), address)
        XCTAssertEqual(try l.readHash(), hash)
        XCTAssertEqual(Array(try l.readBytes(count: 100)), [UInt8](repeating: 7, count: 100))
        XCTAssertTrue(try l.nextIsList())
        var empty = try l.readList()
        XCTAssertTrue(empty.isAtEnd)
        XCTAssertThrowsError(try empty.readBytes()) { XCTAssertEqual($0 as? RLPError, .unexpectedEnd) }
        XCTAssertEqual(Array(try l.readRaw()), [0xc1, 0x80])
        XCTAssertTrue(l.isAtEnd)
        try l.finish()
        var wrong = RLPReader(w.bytes)
        XCTAssertThrowsError(try wrong.readBytes()) { XCTAssertEqual($0 as? RLPError, .expectedString) }
        var notList = RLPReader([0x80])
        XCTAssertThrowsError(try notList.readList()) { XCTAssertEqual($0 as? RLPError, .expectedList) }
        var short = RLPReader([0x82, 1, 2])
        XCTAssertThrowsError(try short.readAddress()) { XCTAssertEqual($0 as? RLPError, .wrongLength(expected: 20, actual: 2)) }
        var short2 = RLPReader([0x82, 1, 2])
        XCTAssertThrowsError(try short2.readHash()) { XCTAssertEqual($0 as? RLPError, .wrongLength(expected: 32, actual: 2)) }
        for e: RLPError in [.unexpectedEnd, .nonCanonicalSingleByte, .nonCanonicalLength, .lengthLeadingZeros, .lengthOverflow,
                            .expectedList, .expectedString, .integerLeadingZeros, .integerTooLarge, .trailingBytes,
                            .wrongLength(expected: 1, actual: 2), .invalid("x")] {
            XCTAssertFalse(e.description.isEmpty)
        }
    }

    /// A random tree with byte strings of lengths around the 55/56 and 1-byte boundaries.
    static func randomTree(_ rng: inout SplitMix64, depth: Int) -> RLPItem {
        if depth > 0, rng.next() % 3 == 0 {
            return .list((0..<Int(rng.next() % 6)).map { _ in randomTree(&rng, depth: depth - 1) })
        }
        let lengths = [0, 1, 1, 1, 2, 54, 55, 56, 57, 255, 256, 300, 1100, 70_000]
        let n = rng.next() % 4 == 0 ? lengths[Int(rng.next() % UInt64(lengths.count - 1))] : Int(rng.next() % 60)
        if n == 70_000, rng.next() % 10 != 0 { return .bytes([]) }
        return .bytes((0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next() % 3 == 0 ? rng.next() % 0x81 : rng.next()) })
    }

    /// Reference encoder straight from the yellow paper, independent of RLPWriter.
    static func referenceEncode(_ item: RLPItem) -> [UInt8] {
        func header(_ n: Int, _ offset: UInt8) -> [UInt8] {
            if n <= 55 { return [offset + UInt8(n)] }
            var be: [UInt8] = []
            var v = n
            while v > 0 { be.insert(UInt8(v & 0xff), at: 0); v >>= 8 }
            return [offset + 55 + UInt8(be.count)] + be
        }
        switch item {
        case .bytes(let b):
            if b.count == 1, b[0] < 0x80 { return b }
            return header(b.count, 0x80) + b
        case .list(let items):
            let payload = items.flatMap(referenceEncode)
            return header(payload.count, 0xc0) + payload
        }
    }

    func testRandomTreesRoundTrip() throws {
        var rng = SplitMix64(seed: 77)
        for i in 0..<3000 {
            let tree = Self.randomTree(&rng, depth: 4)
            let encoded = tree.rlp
            XCTAssertEqual(encoded, Self.referenceEncode(tree), "tree \(i)")
            XCTAssertEqual(try RLPItem(decoding: encoded), tree, "tree \(i)")
            // Any strict prefix is truncated, any extra byte is trailing.
            if !encoded.isEmpty {
                let cut = Int(rng.next() % UInt64(encoded.count))
                XCTAssertThrowsError(try RLPItem(decoding: Array(encoded[0..<cut])), "tree \(i) cut \(cut)")
            }
            XCTAssertThrowsError(try RLPItem(decoding: encoded + [0x80]))
        }
    }

    /// Random byte strings never trap the decoder; whatever decodes re-encodes identically.
    func testFuzzDecodeNeverTraps() {
        var rng = SplitMix64(seed: 78)
        let prefixes: [UInt8] = [0x80, 0x81, 0xb7, 0xb8, 0xb9, 0xbf, 0xc0, 0xc1, 0xf7, 0xf8, 0xf9, 0xff, 0x00, 0x7f]
        for _ in 0..<20_000 {
            var bytes = (0..<Int(rng.next() % 12)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if rng.next() & 1 == 0 { bytes.insert(prefixes[Int(rng.next() % UInt64(prefixes.count))], at: 0) }
            if let item = try? RLPItem(decoding: bytes) { XCTAssertEqual(item.rlp, bytes) }
        }
    }
}

/// Hostile inputs: nesting far deeper than any Ethereum structure must throw, not overflow the stack.
final class RLPHostileInputTests: XCTestCase {
    /// `depth` lists nested inside each other, innermost empty.
    static func nestedLists(depth: Int) -> [UInt8] {
        var headers: [[UInt8]] = []
        var length = 0
        for _ in 0..<depth {
            var h: [UInt8]
            if length <= 55 {
                h = [0xc0 + UInt8(length)]
            } else {
                var be: [UInt8] = []
                var v = length
                while v > 0 { be.insert(UInt8(v & 0xff), at: 0); v >>= 8 }
                h = [0xf7 + UInt8(be.count)] + be
            }
            headers.append(h)
            length += h.count
        }
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for h in headers.reversed() { out += h }
        return out
    }

    func testDeepNestingThrows() {
        let deep = Self.nestedLists(depth: 500_000)
        XCTAssertThrowsError(try RLPItem(decoding: deep))
        let shallow = Self.nestedLists(depth: 100)
        XCTAssertEqual(try RLPItem(decoding: shallow).rlp, shallow)
    }
}
