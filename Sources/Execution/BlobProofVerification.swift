import Curves
import Ethereum

/// KZG checks of a blob transaction's sidecar, as the mempool runs them on entry.
extension BlobSidecar {
    /// Why a sidecar's proofs were rejected.
    public enum ProofError: Error, Equatable, Sendable, CustomStringConvertible {
        case invalidProof(blob: Int)
        case cellProofsUnsupported

        public var description: String {
            switch self {
            case .invalidProof(let i): return "invalid KZG proof for blob \(i)"
            case .cellProofsUnsupported: return "EIP-7594 cell proofs (wrapper version 1) cannot be verified by this node"
            }
        }
    }

    /// Verifies every blob against its commitment and proof (EIP-4844 `verify_blob_kzg_proof`,
    /// wrapper version 0). Version-1 cell proofs need the PeerDAS batch check, which Lanes does not
    /// implement; they are reported as such rather than accepted unchecked.
    public func verifyProofs() throws(ProofError) {
        guard wrapperVersion == 0 else { throw .cellProofsUnsupported }
        for i in blobs.indices where !KZG.verifyBlobKZGProof(blob: blobs[i], commitment: commitments[i], proof: proofs[i]) {
            throw .invalidProof(blob: i)
        }
    }
}
