import Node
import Primitives
import XCTest

/// console.log decoding: selectors of console.sol (both spellings of uint), ABI arguments, and
/// the format-string rules.
final class ConsoleLogTests: XCTestCase {
    func selector(_ signature: String) -> [UInt8] { Array(Keccak256.hash(Array(signature.utf8)).bytes[0..<4]) }
    func word(_ v: UInt256) -> [UInt8] { v.bigEndianBytes }
    func string(_ s: String) -> [UInt8] {
        let bytes = Array(s.utf8)
        return word(UInt256(UInt64(bytes.count))) + bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32)
    }

    func testStringAndNumbers() {
        // log(string,uint256): head = offset, value; tail = the string.
        let input = selector("log(string,uint256)") + word(UInt256(64)) + word(UInt256(42)) + string("answer is %d!")
        XCTAssertEqual(ConsoleLog.decode(input), "answer is 42!")
        let legacy = selector("log(string,uint)") + word(UInt256(64)) + word(UInt256(7)) + string("n")
        XCTAssertEqual(ConsoleLog.decode(legacy), "n 7")
        XCTAssertEqual(ConsoleLog.decode(selector("log(uint256)") + word(UInt256(123))), "123")
        XCTAssertEqual(ConsoleLog.decode(selector("log(int256)") + word(.max)), "-1")
        XCTAssertEqual(ConsoleLog.decode(selector("log()")), "")
    }

    func testAddressBoolBytesAndFourArguments() {
        let a = try! Address(hex: "0x5FbDB2315678afecb367f032d93F642f64180aa3")
        let input = selector("log(address,bool,uint256,string)") + word(UInt256(bigEndian: a.bytes)!) + word(.one)
            + word(UInt256(5)) + word(UInt256(128)) + string("x")
        XCTAssertEqual(ConsoleLog.decode(input), "0x5FbDB2315678afecb367f032d93F642f64180aa3 true 5 x")
        XCTAssertEqual(ConsoleLog.decode(selector("logBytes2(bytes2)") + [0xAB, 0xCD] + [UInt8](repeating: 0, count: 30)), "0xabcd")
        let bytes = selector("logBytes(bytes)") + word(UInt256(32)) + word(UInt256(3)) + [1, 2, 3] + [UInt8](repeating: 0, count: 29)
        XCTAssertEqual(ConsoleLog.decode(bytes), "0x010203")
    }

    func testFormatsAndGarbage() {
        let input = selector("log(string,string,uint256)") + word(UInt256(96)) + word(UInt256(160)) + word(UInt256(255))
            + string("%s has %x (100%%)") + string("alice")
        XCTAssertEqual(ConsoleLog.decode(input), "alice has 0xff (100%)")
        XCTAssertNil(ConsoleLog.decode([0xde, 0xad, 0xbe, 0xef]))
        XCTAssertNil(ConsoleLog.decode(selector("log(string)") + word(UInt256(1_000))))  // offset past the data
    }
}
