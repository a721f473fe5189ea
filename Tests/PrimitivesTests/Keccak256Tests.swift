import LanesTestSupport
import Primitives
import XCTest

/// Keccak-256 against digests computed with pycryptodome (`Crypto.Hash.keccak`, 256 bits).
final class Keccak256Tests: XCTestCase {
    /// The test inputs of length n: byte i is (7i + 3) mod 256.
    static func pattern(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) } }

    func testKnownVectors() {
        XCTAssertEqual(Keccak256.hash([]).description, "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        XCTAssertEqual(Keccak256.hash(Array("abc".utf8)).description, "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        XCTAssertEqual(Keccak256.hash([UInt8](repeating: 0xa3, count: 200)).description, "0x3a57666b048777f2c953dc4456f45a2588e1cb6f2da760122d530ac2ce607d4a")
        let expected: [(Int, String)] = [
            (135, "00ef96af9cf4b24c7f269d922294444a197d0a33638c2e56634c57e892103a8f"),
            (136, "742061bcad767ed4c4f5883b1dcb1aad11afdcc140dc469d953759b127b9f9ed"),
            (137, "e3371f61e770abf254c34239c3b0099ad90594507415bc81dd0a10b9692bbf2a"),
            (271, "4401c4afbe16ff911bdbf2d38e556e5b861f3fdf0f9d4306b1c46f6ae4f73584"),
            (272, "ac141fd7b0a0ffcd2e967254d508da3ec616596493c36fa304425647d90e6de5"),
            (273, "16192ea86793083e47731cb3c970600f04768414d92bc0540e54ce8607a0fce0"),
        ]
        for (n, hex) in expected {
            XCTAssertEqual(Keccak256.hash(Self.pattern(n)).description, "0x" + hex, "length \(n)")
            var h = Keccak256()
            h.update(Self.pattern(n))
            XCTAssertEqual(h.finalize().description, "0x" + hex, "incremental, length \(n)")
        }
        XCTAssertEqual(Array("abc".utf8).keccak256, Keccak256.hash(Array("abc".utf8)[...]))
    }

    func testEmptyBuffers() {
        XCTAssertEqual(Keccak256.hash(UnsafeRawBufferPointer(start: nil, count: 0)), Keccak256.hash([]))
        var h = Keccak256()
        h.update(UnsafeRawBufferPointer(start: nil, count: 0))
        h.update([])
        XCTAssertEqual(h.finalize(), Keccak256.hash([]))
    }

    func testUnalignedSlices() {
        let data = Self.pattern(400)
        for start in 0..<9 {
            let slice = data[start..<(start + 300)]
            XCTAssertEqual(Keccak256.hash(slice), Keccak256.hash(Array(slice)))
        }
    }

    func testIncrementalRandomChunkingsMatchOneShot() {
        var rng = SplitMix64(seed: 42)
        let data = (0..<600).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for length in 0...600 {
            let input = Array(data[0..<length])
            let expected = Keccak256.hash(input)
            for _ in 0..<3 {
                var h = Keccak256()
                var offset = 0
                while offset < length {
                    let maxChunk: UInt64 = rng.next() % 3 == 0 ? 300 : 20
                    let take = min(length - offset, Int(rng.next() % (maxChunk + 1)))
                    h.update(Array(input[offset..<(offset + take)]))
                    offset += take
                }
                XCTAssertEqual(h.finalize(), expected, "length \(length)")
            }
        }
    }
}
