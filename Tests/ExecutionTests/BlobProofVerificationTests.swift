import Curves
import Ethereum
import Execution
import XCTest

/// A v0 blob sidecar built with the trusted setup verifies; a tampered blob or proof does not.
final class BlobProofVerificationTests: XCTestCase {
    func testVersionZeroProofs() throws {
        var blob = [UInt8](repeating: 0, count: BlobSidecar.bytesPerBlob)
        for i in 0..<64 { blob[i * 32 + 31] = UInt8(i) }
        let commitment = try XCTUnwrap(KZG.blobToCommitment(blob))
        let proof = try XCTUnwrap(KZG.computeBlobKZGProof(blob: blob, commitment: commitment))
        let sidecar = BlobSidecar(wrapperVersion: 0, blobs: [blob], commitments: [commitment], proofs: [proof])
        XCTAssertNoThrow(try sidecar.verifyProofs())

        var tampered = sidecar
        tampered.blobs[0][31 * 32 + 31] ^= 1
        XCTAssertThrowsError(try tampered.verifyProofs())
        var wrongProof = sidecar
        wrongProof.proofs[0] = commitment
        XCTAssertThrowsError(try wrongProof.verifyProofs())
        var cells = sidecar
        cells.wrapperVersion = 1
        XCTAssertThrowsError(try cells.verifyProofs()) { XCTAssertEqual($0 as? BlobSidecar.ProofError, .cellProofsUnsupported) }
    }
}
