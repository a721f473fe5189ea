import Primitives

/// An EIP-4895 beacon-chain withdrawal credited at the end of a block (amount in gwei).
public struct Withdrawal: Hashable, Sendable, RLPEncodable {
    public var index: UInt64
    public var validatorIndex: UInt64
    public var address: Address
    public var amountGwei: UInt64

    public init(index: UInt64, validatorIndex: UInt64, address: Address, amountGwei: UInt64) {
        self.index = index; self.validatorIndex = validatorIndex; self.address = address; self.amountGwei = amountGwei
    }

    /// The amount in wei.
    public var amountWei: UInt256 { UInt256(amountGwei) &* UInt256(1_000_000_000) }

    public func encode(to w: inout RLPWriter) {
        w.appendList { w in
            w.append(index)
            w.append(validatorIndex)
            w.append(address)
            w.append(amountGwei)
        }
    }

    public static func decode(_ r: inout RLPReader) throws(RLPError) -> Withdrawal {
        var l = try r.readList()
        let w = Withdrawal(index: try l.readUInt64(), validatorIndex: try l.readUInt64(), address: try l.readAddress(), amountGwei: try l.readUInt64())
        try l.finish()
        return w
    }
}
