import Primitives
import RPC
import XCTest

/// Property tests replay exactly from their seed.
typealias SeededGenerator = SplitMix64

final class JSONTests: XCTestCase {
    let parser = JSONParser()

    /// A random JSON value: strings mix ASCII, controls, quotes, backslashes, BMP and astral
    /// scalars; numbers include huge integers, fractions and exponents.
    func randomValue(_ rng: inout SeededGenerator, depth: Int = 0) -> JSON {
        let pick = depth > 4 ? Int.random(in: 0..<4, using: &rng) : Int.random(in: 0..<6, using: &rng)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(randomNumber(&rng))
        case 3: return .string(randomString(&rng))
        case 4: return .array((0..<Int.random(in: 0..<5, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var o = JSONObject()
            for _ in 0..<Int.random(in: 0..<5, using: &rng) { o.append(randomString(&rng), randomValue(&rng, depth: depth + 1)) }
            return .object(o)
        }
    }

    func randomNumber(_ rng: inout SeededGenerator) -> JSONNumber {
        var s = Bool.random(using: &rng) ? "-" : ""
        let intDigits = Int.random(in: 1...40, using: &rng)
        s += String(Int.random(in: 1...9, using: &rng))
        for _ in 1..<intDigits { s += String(Int.random(in: 0...9, using: &rng)) }
        if Int.random(in: 0..<5, using: &rng) == 0 { s = s.hasPrefix("-") ? "-0" : "0" }
        if Bool.random(using: &rng) { s += "." + String(UInt64.random(in: 0...999_999, using: &rng)) }
        if Int.random(in: 0..<3, using: &rng) == 0 { s += ["e", "E", "e+", "e-"][Int.random(in: 0..<4, using: &rng)] + String(Int.random(in: 0...400, using: &rng)) }
        return JSONNumber(s)!
    }

    func randomString(_ rng: inout SeededGenerator) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1f}", "\u{7f}", "é", "€", "\u{FFFD}", "😀", "𝄞", "\u{2028}"]
        var s = ""
        for _ in 0..<Int.random(in: 0..<12, using: &rng) { s.unicodeScalars.append(pool[Int.random(in: 0..<pool.count, using: &rng)]) }
        return s
    }

    func testRoundTripProperty() throws {
        var rng = SeededGenerator(seed: 0x1A4E5)
        for _ in 0..<3000 {
            let value = randomValue(&rng)
            let bytes = value.serialized()
            let parsed = try parser.parse(bytes)
            XCTAssertEqual(parsed, value)
            XCTAssertEqual(parsed.serialized(), bytes)
        }
    }

    func testWhitespaceAndPrettyInputParseToTheSameValue() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let value = randomValue(&rng)
            // Re-emit with random whitespace between tokens and check the value is unchanged.
            let spaced = Array(" \n\t".utf8) + value.serialized() + Array("\r\n ".utf8)
            XCTAssertEqual(try parser.parse(spaced), value)
        }
        XCTAssertEqual(try parser.parse(" { \"a\" : [ 1 , 2 ] , \"b\" : null } "), ["a": [1, 2], "b": nil])
    }

    func testNumbersKeepTheirExactText() throws {
        let huge = "123456789012345678901234567890123456789012345678901234567890"
        XCTAssertEqual(try parser.parse(huge), .number(JSONNumber(huge)!))
        XCTAssertEqual(try parser.parse(huge).serializedString, huge)
        for literal in ["-0", "0.000", "1E400", "-1.5e-07", "18446744073709551616", "1.0"] {
            XCTAssertEqual(try parser.parse(literal).serializedString, literal)
        }
        XCTAssertEqual(JSONNumber("18446744073709551615")?.uint64, .max)
        XCTAssertNil(JSONNumber("18446744073709551616")?.uint64)
        XCTAssertEqual(JSONNumber("-9223372036854775808")?.int64, .min)
        for bad in ["01", "1.", ".5", "+1", "1e", "-", "0x10", "NaN", "Infinity", "1.e5", "--1"] {
            XCTAssertNil(JSONNumber(bad), bad)
            XCTAssertThrowsError(try parser.parse(bad), bad)
        }
    }

    func testStringEscapesAndUnicode() throws {
        XCTAssertEqual(try parser.parse(#""a\"b\\c\/d\b\f\n\r\t""#), .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        XCTAssertEqual(try parser.parse(#""\u0041\u00e9\u20AC""#), .string("Aé€"))
        XCTAssertEqual(try parser.parse(#""\ud83d\ude00""#), .string("😀"))
        XCTAssertEqual(try parser.parse("\"😀é\""), .string("😀é"))
        // Lone surrogates become U+FFFD, as in Go.
        XCTAssertEqual(try parser.parse(#""\ud83d""#), .string("\u{FFFD}"))
        XCTAssertEqual(try parser.parse(#""\ude00x""#), .string("\u{FFFD}x"))
        XCTAssertEqual(try parser.parse(#""\ud83dA""#), .string("\u{FFFD}A"))
        XCTAssertEqual(try parser.parse(#""\ud83d\u0041""#), .string("\u{FFFD}A"))
        // Invalid UTF-8 is repaired, not rejected.
        XCTAssertEqual(try parser.parse([0x22, 0xFF, 0x61, 0x22]), .string("\u{FFFD}a"))
        // Serialization escapes only what JSON requires (geth: no HTML escaping).
        XCTAssertEqual(JSON.string("<&>\u{1}\u{7f}é\"\\\n").serializedString, #""<&>\u0001"# + "\u{7f}é" + #"\"\\\n""#)
    }

    func testMalformedInputIsRejectedWithoutCrashing() {
        let bad = ["", " ", "{", "}", "[", "]", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{'a':1}",
                   "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"a\nb\"", "tru", "nul", "falsey", "[1 2]",
                   "{\"a\":1 \"b\":2}", "1 2", "{}x", "\u{FEFF}{}", "[\"\\"]
        for text in bad {
            XCTAssertThrowsError(try parser.parse(text), text.debugDescription)
        }
    }

    func testRandomBytesNeverCrash() {
        var rng = SeededGenerator(seed: 99)
        let alphabet = Array("{}[]\",:0123456789-+.eEtrufalsn \\u\"x".utf8) + [0x00, 0xFF, 0xC3]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0..<24, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            _ = try? parser.parse(bytes)
        }
    }

    func testDepthLimit() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNoThrow(try parser.parse(ok))
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        XCTAssertThrowsError(try parser.parse(tooDeep)) { XCTAssertEqual(($0 as? JSONParseError)?.reason, "exceeded max depth") }
        // A hostile body far deeper than any stack: rejected at the limit, not by a crash.
        let hostile = Array(repeating: UInt8(ascii: "["), count: 1_000_000)
        XCTAssertThrowsError(try parser.parse(hostile))
        let objects = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        XCTAssertThrowsError(try parser.parse(objects))
    }

    func testObjectsKeepOrderAndLastDuplicateWins() throws {
        let v = try parser.parse(#"{"b":1,"a":2,"b":3}"#)
        XCTAssertEqual(v["b"], 3)
        XCTAssertEqual(v.objectValue?.keys, ["b", "a", "b"])
        XCTAssertEqual(v.serializedString, #"{"b":1,"a":2,"b":3}"#)
        var o = v.objectValue!
        o["b"] = "x"
        XCTAssertEqual(JSON.object(o).serializedString, #"{"b":"x","a":2}"#)
        o["a"] = nil
        XCTAssertEqual(JSON.object(o).serializedString, #"{"b":"x"}"#)
    }
}
