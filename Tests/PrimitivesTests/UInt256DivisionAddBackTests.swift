import BigInt
import Primitives
import XCTest

/// Operands that drive Knuth's algorithm D into its rare "add back" step (the estimated quotient
/// digit one too large after the two-limb correction), found by simulating the limb loop in Python
/// over limbs such as 0, 1, 2^63±1 and 2^64-1. Random words reach that step about once in 2^63 tries.
final class UInt256DivisionAddBackTests: XCTestCase {
    static let divAddBack: [(UInt256, UInt256, UInt256, UInt256)] = [
        (UInt256(0xffffffffffffffff, 0x8000000000000001, 0x0, 0x7fffffffffffffff),
         UInt256(0x96f612b3cc1d45b2, 0x1, 0x0, 0x1),
         UInt256(0x7ffffffffffffffe, 0x0, 0x0, 0x0),
         UInt256(0x2dec2567983a8b63, 0xb484f6a619f15d2c, 0xffffffffffffffff, 0x0)),
        (UInt256(0x7fffffffffffffff, 0x8a904586c791d3c1, 0x0, 0x8000000000000000),
         UInt256(0xffffffffffffffff, 0x8000000000000001, 0x8000000000000000, 0x0),
         UInt256(0xfffffffffffffffe, 0x0, 0x0, 0x0),
         UInt256(0x7ffffffffffffffd, 0x8a904586c791d3c6, 0x7fffffffffffffff, 0x0)),
        (UInt256(0x2, 0x8000000000000000, 0x8000000000000000, 0x100000000),
         UInt256(0xffffffff, 0x100000000, 0x100000000, 0x2),
         UInt256(0x7fffffff, 0x0, 0x0, 0x0),
         UInt256(0x8000000180000001, 0xffffffff, 0x100000000, 0x2)),
        (UInt256(0xfffffffffffffffe, 0x8000000000000001, 0xfffffffffffffffe, 0xfffffffffffffffe),
         UInt256(0x22f096b1127296, 0xffffffffffffffff, 0xffffffff, 0x1),
         UInt256(0xfffffffeffffffff, 0x0, 0x0, 0x0),
         UInt256(0xb135632cb1127294, 0x7fdd0f684f107e01, 0xffffffff, 0x1)),
        (UInt256(0x1, 0xffffffff, 0x0, 0x8f8e814dcdfc0ce4),
         UInt256(0x1, 0x1, 0x0, 0x2),
         UInt256(0x47c740a6e6fe0671, 0x0, 0x0, 0x0),
         UInt256(0xb838bf591901f990, 0xb838bf5a1901f98d, 0xffffffffffffffff, 0x1)),
        (UInt256(0x3a7a6310ade46b10, 0xffffffff, 0x0, 0xffffffffffffffff),
         UInt256(0x8000000000000001, 0x1, 0xfffffffffffffffe, 0x1),
         UInt256(0x7fffffffffffffff, 0x0, 0x0, 0x0),
         UInt256(0x3a7a6310ade46b11, 0x4000000100000000, 0xfffffffffffffffd, 0x1)),
        (UInt256(0x8000000000000000, 0x7a61062237852d21, 0x0, 0xfe3144fe4c7a35fa),
         UInt256(0x53d9ca76bd159026, 0x1, 0x0, 0x1),
         UInt256(0xfe3144fe4c7a35f9, 0x0, 0x0, 0x0),
         UInt256(0x7c91dc96a512ed0a, 0x28ed86f935ca4565, 0xffffffffffffffff, 0x0)),
        (UInt256(0x0, 0x8f8fde500763fc54, 0x0, 0x3b4196a99fdde618),
         UInt256(0xfffffffffffffffe, 0x2, 0x0, 0x1),
         UInt256(0x3b4196a99fdde617, 0x0, 0x0, 0x0),
         UInt256(0x76832d533fbbcc2e, 0xddcb1a5327ca4a0f, 0xffffffffffffffff, 0x0)),
    ]
    static let mulModAddBack: [(UInt256, UInt256, UInt256, UInt256)] = [
        (UInt256(0x7fffffffffffffff, 0x100000000, 0xffffffff, 0xffffffff),
         UInt256(0xffffffffffffffff, 0x6595ada5265adea8, 0x2, 0xffffffffffffffff),
         UInt256(0x3229113c4a66fac, 0x8000000000000000, 0x1, 0x8000000000000000),
         UInt256(0x57e7b268079cf8d5, 0xd8c4d7521850b705, 0x96d6226aec149a11, 0x3dbd73d697c6a561)),
        (UInt256(0x1, 0x2, 0x8000000000000001, 0xfffffffffffffffe),
         UInt256(0x0, 0xfffffffffffffffe, 0x7fffffffffffffff, 0xffffffffffffffff),
         UInt256(0x1, 0xffffffffffffffff, 0x0, 0x7fffffffffffffff),
         UInt256(0xfffffffffffffff9, 0x8000000000000002, 0xfffffffffffffff7, 0x1)),
        (UInt256(0xffffffffffffffff, 0xffffffff, 0x2, 0x7fffffffffffffff),
         UInt256(0x2, 0xfffffffffffffffe, 0x8000000000000000, 0x1),
         UInt256(0x889bbe84355496c9, 0xffffffffffffffff, 0x0, 0x8000000000000000),
         UInt256(0x5ee211e5e00b2a37, 0x889bbe879b815b45, 0x11377d036aa92d85, 0x3316623ab0011dcb)),
        (UInt256(0x7fffffffffffffff, 0x0, 0x2, 0x0),
         UInt256(0xffffffff, 0x1, 0x7fffffffffffffff, 0xffffffffffffffff),
         UInt256(0x8000000000000000, 0xfffffffffffffffe, 0xffffffff, 0x2),
         UInt256(0x7fffffff00000001, 0x3000000097fffffe, 0xf0000001fffffffe, 0x1)),
        (UInt256(0x7fffffffffffffff, 0x8000000000000001, 0x7fffffffffffffff, 0xfffffffffffffffe),
         UInt256(0x2, 0x2, 0xffffffffffffffff, 0x2),
         UInt256(0xffffffff, 0x8000000000000001, 0x8000000000000000, 0xfffffffffffffffe),
         UInt256(0xfffffffd, 0x8000000100000001, 0x8000000100000003, 0xfffffffcfffffffa)),
        (UInt256(0x1, 0x100000000, 0x8000000000000001, 0x8000000000000000),
         UInt256(0x8000000000000001, 0x1, 0x1, 0x1),
         UInt256(0x2, 0xffffffffffffffff, 0x2, 0x8000000000000001),
         UInt256(0x7ffffffbffffffef, 0x800000030000000d, 0x7ffffffb7fffffe5, 0x3ffffffefffffffc)),
        (UInt256(0x8000000000000001, 0x8000000000000000, 0xffffffffffffffff, 0x0),
         UInt256(0x31aa31775a1c20b9, 0x100000000, 0x0, 0x9edd034bbb231950),
         UInt256(0xd556c95f884763ec, 0xfffffffffffffffe, 0x8000000000000000, 0xffffffffffffffff),
         UInt256(0xe5a78e329fff5fad, 0x3c29f4ec13bce9a6, 0x936254dc142e368a, 0x62263b93ae6b2e64)),
        (UInt256(0x85d34ce3f38a75a7, 0xfffffffffffffffe, 0x1, 0x8000000000000001),
         UInt256(0x255c8f1122719fe8, 0x1, 0x0, 0x942fe76e830a263),
         UInt256(0xffffffffffffffff, 0xffffffffffffffff, 0x2, 0x8000000000000001),
         UInt256(0xd92fb5253e8055b7, 0x3c1c1eaa6f616015, 0xbd96bdb8fd2f47b1, 0x4941cad42d940d1)),
    ]

    func testDivisionAddBack() {
        for (a, b, q, r) in Self.divAddBack {
            XCTAssertEqual(a / b, q, "\(a.hexQuantity) / \(b.hexQuantity)")
            XCTAssertEqual(a % b, r, "\(a.hexQuantity) % \(b.hexQuantity)")
            XCTAssertEqual(UInt256(big: a.big / b.big), q)
        }
    }

    func testMulModAddBack() {
        for (a, b, m, r) in Self.mulModAddBack {
            XCTAssertEqual(UInt256.mulMod(a, b, m), r, "mulmod(\(a.hexQuantity), \(b.hexQuantity), \(m.hexQuantity))")
            XCTAssertEqual(UInt256(big: a.big * b.big % m.big), r)
        }
    }
}
