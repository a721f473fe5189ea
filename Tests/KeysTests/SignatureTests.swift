import Keys
import Primitives
import XCTest

final class SignatureTests: XCTestCase {
    func testSignRecoverRoundTrip() throws {
        let key = try PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        for i in 0..<50 {
            let digest = Keccak256.hash(Array("message \(i)".utf8))
            let sig = key.sign(hash: digest)
            XCTAssertNoThrow(try sig.validate(lowS: true), "libsecp256k1 signs low-s")
            XCTAssertEqual(try sig.recoverAddress(hash: digest), key.address)
        }
    }

    func testRejectsOutOfRangeValues() throws {
        let digest = Keccak256.hash([1, 2, 3])
        let key = try PrivateKey(hex: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
        let sig = key.sign(hash: digest)
        XCTAssertThrowsError(try Signature(r: .zero, s: sig.s, yParity: 0).recoverAddress(hash: digest))
        XCTAssertThrowsError(try Signature(r: sig.r, s: .zero, yParity: 0).recoverAddress(hash: digest))
        XCTAssertThrowsError(try Signature(r: Secp256k1.order, s: sig.s, yParity: 0).recoverAddress(hash: digest))
        XCTAssertThrowsError(try Signature(r: sig.r, s: sig.s, yParity: 2).recoverAddress(hash: digest))
        // EIP-2: the high-s twin recovers the same key but is invalid for transactions after Homestead.
        let high = Signature(r: sig.r, s: Secp256k1.order &- sig.s, yParity: 1 - sig.yParity)
        XCTAssertThrowsError(try high.validate(lowS: true)) { XCTAssertEqual($0 as? KeyError, .highS) }
        XCTAssertEqual(try high.recoverAddress(hash: digest), key.address)
    }

    func testInvalidPrivateKeys() {
        XCTAssertThrowsError(try PrivateKey([UInt8](repeating: 0, count: 32)))
        XCTAssertThrowsError(try PrivateKey([UInt8](repeating: 0xff, count: 32)))
        XCTAssertThrowsError(try PrivateKey([1, 2, 3]))
        XCTAssertThrowsError(try PrivateKey(hex: "0xzz"))
    }
}
