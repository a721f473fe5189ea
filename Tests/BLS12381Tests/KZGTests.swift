import XCTest
import Curves
import EVM
import Primitives
import LanesTestSupport

/// EIP-4844: the point-evaluation precompile vector and blob-proof verification.
final class KZGTests: XCTestCase {
    func testPointEvaluationVectors() throws {
        let json = try Fixtures.loadJSON(try Fixtures.url("precompiles/pointEvaluation.json"))
        let cases = try XCTUnwrap(json as? [[String: Any]])
        let pre = PointEvaluationPrecompile()
        for c in cases {
            let input = try Hex.decode(c["Input"] as! String)
            let out = try pre.run(input: input, gasLimit: 1_000_000, fork: .cancun).get()
            XCTAssertEqual(Hex.encode(out.output, prefix: false), c["Expected"] as? String)
            XCTAssertEqual(out.gasUsed, (c["Gas"] as? NSNumber)?.uint64Value)
            XCTAssertTrue(KZG.verifyKZGProof(commitment: input[96..<144], z: input[32..<64], y: input[64..<96], proof: input[144..<192]))
            // Tampering with y, z, the proof or the versioned hash must fail.
            for index in [0, 5, 63, 95, 100, 150, 191] {
                var bad = input
                bad[index] ^= 0x01
                if case .success = pre.run(input: bad, gasLimit: 1_000_000, fork: .cancun) { XCTFail("tampered byte \(index) accepted") }
            }
            XCTAssertThrowsError(try pre.run(input: Array(input.dropLast()), gasLimit: 1_000_000, fork: .cancun).get())
            XCTAssertThrowsError(try pre.run(input: input, gasLimit: 49_999, fork: .cancun).get())
        }
    }

    /// A blob, its commitment and proof computed with the setup's Lagrange points, verified; tampering fails.
    func testBlobProofRoundTrip() throws {
        var blob = [UInt8](repeating: 0, count: KZG.bytesPerBlob)
        for i in 0..<64 { blob[32 * i + 31] = UInt8(i + 1); blob[32 * i + 17] = UInt8(3 * i & 0xff) }
        blob[32 * 4095 + 1] = 0x42
        let commitment = try XCTUnwrap(KZG.blobToCommitment(blob))
        let proof = try XCTUnwrap(KZG.computeBlobKZGProof(blob: blob, commitment: commitment))
        XCTAssertTrue(KZG.verifyBlobKZGProof(blob: blob, commitment: commitment, proof: proof))

        var otherBlob = blob
        otherBlob[31] ^= 1
        XCTAssertFalse(KZG.verifyBlobKZGProof(blob: otherBlob, commitment: commitment, proof: proof))
        let wrongProof = G1Affine.generator.compressedBytes
        XCTAssertFalse(KZG.verifyBlobKZGProof(blob: blob, commitment: commitment, proof: wrongProof))
        var garbled = proof
        garbled[47] ^= 1
        XCTAssertFalse(KZG.verifyBlobKZGProof(blob: blob, commitment: commitment, proof: garbled))
        var nonCanonical = blob
        nonCanonical[0] = 0xff // ≥ r
        XCTAssertFalse(KZG.verifyBlobKZGProof(blob: nonCanonical, commitment: commitment, proof: proof))

        // The same commitment through the precompile: open at an arbitrary z.
        var z = [UInt8](repeating: 0, count: 32); z[31] = 9; z[5] = 0x77
        let (zProof, y) = try XCTUnwrap(KZG.computeKZGProof(blob: blob, z: z))
        let input = KZG.versionedHash(commitment: commitment) + z + y + commitment + zProof
        XCTAssertNoThrow(try PointEvaluationPrecompile().run(input: input, gasLimit: 50_000, fork: .cancun).get())
    }

    /// A constant polynomial: commitment c·G1, proof = infinity.
    func testConstantBlob() throws {
        var blob = [UInt8](repeating: 0, count: KZG.bytesPerBlob)
        for i in 0..<4096 { blob[32 * i + 31] = 5 }
        let commitment = try XCTUnwrap(KZG.blobToCommitment(blob))
        XCTAssertEqual(commitment, G1Affine.generator.multiplied(by: [5]).affine.compressedBytes)
        let proof = try XCTUnwrap(KZG.computeBlobKZGProof(blob: blob, commitment: commitment))
        XCTAssertEqual(proof, G1Affine.infinity.compressedBytes)
        XCTAssertTrue(KZG.verifyBlobKZGProof(blob: blob, commitment: commitment, proof: proof))
    }
}

extension KZGTests {
    /// The point evaluation of a proof built at a z close to r (exercises the GLV split on a large scalar).
    func testLargeChallengeOpening() throws {
        var blob = [UInt8](repeating: 0, count: KZG.bytesPerBlob)
        for i in 0..<4096 { blob[32 * i + 31] = UInt8(i & 0xff); blob[32 * i + 30] = UInt8(i >> 8) }
        let commitment = try XCTUnwrap(KZG.blobToCommitment(blob))
        var z = KZG.blsModulusBytes
        z[31] = 0 // r − 1
        let (proof, y) = try XCTUnwrap(KZG.computeKZGProof(blob: blob, z: z))
        XCTAssertTrue(KZG.verifyKZGProof(commitment: commitment[...], z: z[...], y: y[...], proof: proof[...]))
        var badY = y
        badY[31] ^= 1
        XCTAssertFalse(KZG.verifyKZGProof(commitment: commitment[...], z: z[...], y: badY[...], proof: proof[...]))
    }
}
