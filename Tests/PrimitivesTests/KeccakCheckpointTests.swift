import Primitives
import XCTest

/// Hashing that resumes from the sponge states of an earlier input equals plain hashing, for
/// inputs that change anywhere (or grow and shrink) and for any claimed unchanged prefix that is true.
final class KeccakCheckpointTests: XCTestCase {
    func testResumedHashEqualsPlainHash() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var previous: [UInt8] = []
            var checkpoints: [UInt64] = []
            for _ in 0..<12 {
                var bytes = previous
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes = (0..<Int.random(in: 0...700, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                case 1 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 0x5a
                case 2: bytes.append(contentsOf: (0..<Int.random(in: 0...150, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
                default: bytes.removeLast(Swift.min(bytes.count, Int.random(in: 0...150, using: &rng)))
                }
                let unchanged = Keccak256.commonPrefixLength(previous, bytes)
                let resumed = bytes.withUnsafeBytes { Keccak256.hash($0, checkpoints: &checkpoints, unchangedPrefix: unchanged) }
                XCTAssertEqual(resumed, Keccak256.hash(bytes), "\(bytes.count) bytes, \(unchanged) unchanged")
                XCTAssertEqual(checkpoints.count, bytes.count / 136 * 25)
                previous = bytes
            }
        }
    }

    func testCommonPrefixLength() {
        XCTAssertEqual(Keccak256.commonPrefixLength([], [1]), 0)
        XCTAssertEqual(Keccak256.commonPrefixLength([1, 2, 3], [1, 2, 3]), 3)
        let a = [UInt8](repeating: 7, count: 40)
        var b = a
        b[19] = 0
        XCTAssertEqual(Keccak256.commonPrefixLength(a, b), 19)
        XCTAssertEqual(Keccak256.commonPrefixLength(a, Array(a[0..<33])), 33)
    }
}
