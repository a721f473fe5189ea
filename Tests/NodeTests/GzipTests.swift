import Node
import Primitives
import XCTest

/// gzip through the system zlib: round trips, and garbage or truncated streams refused.
final class GzipTests: XCTestCase {
    func testRoundTripAndRefusals() throws {
        var rng = SplitMix64(seed: 1952)
        for size in [0, 1, 100, 70_000, 300_000] {
            // Compressible text-like bytes with some noise.
            var bytes: [UInt8] = []
            for i in 0..<size {
                let digit = UInt8(48 + i % 10)
                bytes.append(i % 7 == 0 ? UInt8.random(in: 0...255, using: &rng) : digit)
            }
            let compressed = try XCTUnwrap(Gzip.compress(bytes))
            XCTAssertTrue(Gzip.isCompressed(compressed))
            XCTAssertEqual(Gzip.decompress(compressed), bytes, "size \(size)")
            if size > 0 { XCTAssertNil(Gzip.decompress(Array(compressed.dropLast(9))), "truncated, size \(size)") }
        }
        XCTAssertNil(Gzip.decompress([0x1f, 0x8b, 0x08, 0x00]))
        XCTAssertNil(Gzip.decompress(Array("not gzip".utf8)))
        XCTAssertNil(Gzip.decompress(try XCTUnwrap(Gzip.compress([UInt8](repeating: 0, count: 10_000))), limit: 1_000))
    }
}
