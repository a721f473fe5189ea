import Keys
import Primitives

/// A signed transaction of any type 0–4, with the fields of every type in one value.
///
/// Fields a type does not carry hold their neutral value (no access list, zero blob fee…):
/// `gasPrice` is the price for types 0–1 and mirrors `maxFeePerGas` for the others, so fee code
/// reads `maxFeePerGas`/`maxPriorityFeePerGas` uniformly (for types 0–1 both equal `gasPrice`).
public struct Transaction: Hashable, Sendable {
    public var type: TransactionType
    /// nil only for legacy transactions without EIP-155 replay protection.
    public var chainId: UInt64?
    public var nonce: UInt64
    public var maxPriorityFeePerGas: UInt256
    public var maxFeePerGas: UInt256
    public var gasLimit: UInt64
    /// nil for contract creation.
    public var to: Address?
    public var value: UInt256
    public var data: [UInt8]
    public var accessList: [AccessListEntry]
    public var maxFeePerBlobGas: UInt256
    public var blobVersionedHashes: [Hash]
    public var authorizationList: [Authorization]
    public var signature: Signature

    public init(type: TransactionType = .dynamicFee, chainId: UInt64? = nil, nonce: UInt64 = 0,
                maxPriorityFeePerGas: UInt256 = .zero, maxFeePerGas: UInt256 = .zero, gasLimit: UInt64 = 21000,
                to: Address? = nil, value: UInt256 = .zero, data: [UInt8] = [],
                accessList: [AccessListEntry] = [], maxFeePerBlobGas: UInt256 = .zero,
                blobVersionedHashes: [Hash] = [], authorizationList: [Authorization] = [],
                signature: Signature = Signature(r: .zero, s: .zero, yParity: 0)) {
        self.type = type; self.chainId = chainId; self.nonce = nonce
        self.maxPriorityFeePerGas = maxPriorityFeePerGas; self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit; self.to = to; self.value = value; self.data = data
        self.accessList = accessList; self.maxFeePerBlobGas = maxFeePerBlobGas
        self.blobVersionedHashes = blobVersionedHashes; self.authorizationList = authorizationList
        self.signature = signature
    }

    /// The legacy / access-list gas price (equal to `maxFeePerGas` for every type).
    public var gasPrice: UInt256 {
        get { maxFeePerGas }
        set { maxFeePerGas = newValue; if type < .dynamicFee { maxPriorityFeePerGas = newValue } }
    }

    /// True for contract creation.
    public var isCreate: Bool { to == nil }

    /// The legacy `v` value: 27/28 without a chain id, chainId·2 + 35/36 with one (EIP-155);
    /// the y-parity for typed transactions.
    public var v: UInt256 {
        if type != .legacy { return UInt256(UInt64(signature.yParity)) }
        guard let chainId else { return UInt256(27 + UInt64(signature.yParity)) }
        return UInt256(chainId) &* UInt256(2) &+ UInt256(35 + UInt64(signature.yParity))
    }

    /// The price per gas this transaction pays in a block with `baseFee` (EIP-1559 effective gas price),
    /// or nil if its fee cap is below the base fee.
    public func effectiveGasPrice(baseFee: UInt256?) -> UInt256? {
        guard let baseFee else { return maxFeePerGas }
        guard maxFeePerGas >= baseFee else { return nil }
        let tip = min(maxPriorityFeePerGas, maxFeePerGas &- baseFee)
        return baseFee &+ tip
    }
}
