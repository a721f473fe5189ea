import Ethereum
import Primitives

/// Why a transaction cannot be included: its own validity (`InvalidTransaction`) or a
/// state/block-dependent rule (nonce, balance, fees, block gas). A transaction that fails this
/// way changes nothing; one that merely reverts is valid and pays for its gas.
public enum TransactionError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(InvalidTransaction)
    case nonceTooLow(expected: UInt64, got: UInt64)
    case nonceTooHigh(expected: UInt64, got: UInt64)
    case insufficientFunds(have: UInt256, want: UInt256)
    case feeCapBelowBaseFee(feeCap: UInt256, baseFee: UInt256)
    case blobFeeCapBelowBlobBaseFee(feeCap: UInt256, blobBaseFee: UInt256)
    case senderNotEOA(Address)
    case gasLimitExceedsBlock(gas: UInt64, available: UInt64)
    case blobGasExceedsBlock

    public var description: String {
        switch self {
        case .invalid(let e): return e.description
        case .nonceTooLow(let e, let g): return "nonce too low: next nonce \(e), tx nonce \(g)"
        case .nonceTooHigh(let e, let g): return "nonce too high: next nonce \(e), tx nonce \(g)"
        case .insufficientFunds(let have, let want): return "insufficient funds for gas * price + value: have \(have) want \(want)"
        case .feeCapBelowBaseFee(let cap, let base): return "max fee per gas less than block base fee: maxFeePerGas: \(cap), baseFee: \(base)"
        case .blobFeeCapBelowBlobBaseFee(let cap, let base): return "max fee per blob gas less than block blob gas fee: \(cap) < \(base)"
        case .senderNotEOA(let a): return "sender not an eoa: address \(a)"
        case .gasLimitExceedsBlock(let gas, let available): return "gas limit reached: tx gas \(gas), block gas left \(available)"
        case .blobGasExceedsBlock: return "blob gas limit reached"
        }
    }
}
