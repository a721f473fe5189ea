import Keys
import Primitives

/// Why a transaction is invalid on its own (before any state is consulted): malformed encoding,
/// a type or chain id the fork does not accept, a bad signature, or fees and gas that can never work.
/// State-dependent failures (nonce, balance) belong to the execution layer.
public enum InvalidTransaction: Error, Equatable, Sendable, CustomStringConvertible {
    case rlp(RLPError)
    case emptyInput
    case typeNotSupported(UInt8)
    case invalidSignatureValues
    case invalidV(UInt256)
    case invalidYParity
    case senderRecoveryFailed
    case chainIdMismatch(expected: UInt64, got: UInt64?)
    case nonceTooBig
    case intrinsicGasTooLow(have: UInt64, want: UInt64)
    case initcodeSizeExceeded(size: Int, limit: Int)
    case gasLimitExceedsMaximum(have: UInt64, limit: UInt64)
    case priorityFeeGreaterThanMaxFee
    case gasLimitPriceProductOverflow
    case createNotAllowed
    case noBlobs
    case tooManyBlobs(have: Int, max: Int)
    case invalidBlobVersionedHash(Hash)
    case emptyAuthorizationList
    case blobSidecar(String)

    public var description: String {
        switch self {
        case .rlp(let e): return e.description
        case .emptyInput: return "typed transaction too short"
        case .typeNotSupported(let t): return "transaction type not supported: \(t)"
        case .invalidSignatureValues: return "invalid transaction v, r, s values"
        case .invalidV(let v): return "invalid transaction v value \(v)"
        case .invalidYParity: return "invalid transaction y-parity"
        case .senderRecoveryFailed: return "invalid sender: signature recovery failed"
        case .chainIdMismatch(let e, let g): return "invalid chain id: have \(g.map(String.init) ?? "none"), want \(e)"
        case .nonceTooBig: return "nonce has max value"
        case .intrinsicGasTooLow(let have, let want): return "intrinsic gas too low: have \(have), want \(want)"
        case .initcodeSizeExceeded(let size, let limit): return "max initcode size exceeded: code size \(size) limit \(limit)"
        case .gasLimitExceedsMaximum(let have, let limit): return "transaction gas limit too high (cap: \(limit), tx: \(have))"
        case .priorityFeeGreaterThanMaxFee: return "max priority fee per gas higher than max fee per gas"
        case .gasLimitPriceProductOverflow: return "gas limit × fee cap overflows 256 bits"
        case .createNotAllowed: return "transaction of this type cannot create a contract"
        case .noBlobs: return "blob transaction without blobs"
        case .tooManyBlobs(let have, let max): return "too many blobs in transaction: have \(have), permitted \(max)"
        case .invalidBlobVersionedHash(let h): return "invalid blob versioned hash \(h)"
        case .emptyAuthorizationList: return "EIP-7702 transaction with empty auth list"
        case .blobSidecar(let s): return "invalid blob sidecar: \(s)"
        }
    }
}
