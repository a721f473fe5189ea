import CKeccak
import Primitives
import XCTest

/// The two compilations of keccak-f[1600] in CKeccak — portable and BMI1/BMI2 — give the same
/// lanes, and the one in use matches the published permutation of the zero state.
final class KeccakPermutationVariantTests: XCTestCase {
    /// keccak-f[1600] of the all-zero state, lane 0 and lane 24 (XKCP's KeccakF-1600 test vector).
    func testZeroStateVector() {
        var lanes = [UInt64](repeating: 0, count: 25)
        lanes.withUnsafeMutableBufferPointer { lanes_keccak_f1600($0.baseAddress!) }
        XCTAssertEqual(lanes[0], 0xF1258F7940E1DDE7)
        XCTAssertEqual(lanes[24], 0xEAF1FF7B5CECA249)
        var portable = [UInt64](repeating: 0, count: 25)
        portable.withUnsafeMutableBufferPointer { lanes_keccak_f1600_portable($0.baseAddress!) }
        XCTAssertEqual(portable, lanes)
    }

    func testVariantsAgreeOnRandomStates() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let start = (0..<25).map { _ in rng.next() as UInt64 }
            var a = start, b = start
            a.withUnsafeMutableBufferPointer { lanes_keccak_f1600($0.baseAddress!) }
            b.withUnsafeMutableBufferPointer { lanes_keccak_f1600_portable($0.baseAddress!) }
            XCTAssertEqual(a, b)
        }
        #if arch(x86_64)
        // Every machine this project runs on (and CI) has BMI2; report when it does not.
        if lanes_keccak_uses_bmi() == 0 { print("note: CPU without BMI1/BMI2, portable keccak-f[1600] in use") }
        #endif
    }
}
