import Ethereum
import Primitives

/// Replacement block-context values for `eth_call` (geth's `BlockOverrides`). Anvil's alias
/// names (`coinbase`, `random`, `baseFee`) are accepted too.
public struct BlockOverrides: Sendable, Hashable {
    public var number: UInt256?
    public var difficulty: UInt256?
    public var time: UInt64?
    public var gasLimit: UInt64?
    public var feeRecipient: Address?
    public var prevRandao: Hash?
    public var baseFeePerGas: UInt256?
    public var blobBaseFee: UInt256?
    public var beaconRoot: Hash?
    public var withdrawals: [Withdrawal]?

    /// No overrides.
    public init() {}

    /// Decodes the object; unknown members are ignored.
    public static func decode(_ json: JSON) throws(ParamError) -> BlockOverrides {
        let r = try ObjectReader(json, structName: "BlockOverrides", goType: "override.BlockOverrides")
        var b = BlockOverrides()
        b.number = try r.optional("number", ParamDecoding.uint256)
        b.difficulty = try r.optional("difficulty", ParamDecoding.uint256)
        b.time = try r.optional("time", ParamDecoding.uint64)
        b.gasLimit = try r.optional("gasLimit", ParamDecoding.uint64)
        b.feeRecipient = try r.optional("feeRecipient", ParamDecoding.address)
        if b.feeRecipient == nil { b.feeRecipient = try r.optional("coinbase", ParamDecoding.address) }
        b.prevRandao = try r.optional("prevRandao", ParamDecoding.hash)
        if b.prevRandao == nil { b.prevRandao = try r.optional("random", ParamDecoding.hash) }
        b.baseFeePerGas = try r.optional("baseFeePerGas", ParamDecoding.uint256)
        if b.baseFeePerGas == nil { b.baseFeePerGas = try r.optional("baseFee", ParamDecoding.uint256) }
        b.blobBaseFee = try r.optional("blobBaseFee", ParamDecoding.uint256)
        b.beaconRoot = try r.optional("beaconRoot", ParamDecoding.hash)
        b.withdrawals = try r.array("withdrawals", goType: "types.Withdrawals", decodeWithdrawal)
        return b
    }

    /// `{"index", "validatorIndex", "address", "amount"}` (amount in gwei).
    static func decodeWithdrawal(_ json: JSON, _ path: DecodingPath) throws(ParamError) -> Withdrawal {
        let r = try ObjectReader(json, structName: "Withdrawal", goType: "types.Withdrawal", path: path)
        return Withdrawal(index: try r.required("index", ParamDecoding.uint64),
                          validatorIndex: try r.required("validatorIndex", ParamDecoding.uint64),
                          address: try r.required("address", ParamDecoding.address),
                          amountGwei: try r.required("amount", ParamDecoding.uint64))
    }
}
