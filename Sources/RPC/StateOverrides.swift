import Primitives

/// One account's replacement state for `eth_call` / `eth_estimateGas` (geth's `OverrideAccount`).
public struct AccountOverride: Sendable, Hashable {
    public var nonce: UInt64?
    public var code: [UInt8]?
    public var balance: UInt256?
    /// Replaces the whole storage with these slots.
    public var state: [Hash: Hash]?
    /// Changes only these slots.
    public var stateDiff: [Hash: Hash]?
    /// Moves the precompile at this account to another address (geth `movePrecompileToAddress`).
    public var movePrecompileToAddress: Address?

    /// No overrides.
    public init() {}
}

/// The state-override set: address → account override, in the order given.
public struct StateOverrides: Sendable, Hashable {
    /// The overrides in request order (an address given twice keeps its last entry, as Go maps do).
    public var accounts: [(address: Address, override: AccountOverride)] {
        order.map { ($0, byAddress[$0]!) }
    }
    private var order: [Address] = []
    private var byAddress: [Address: AccountOverride] = [:]

    /// An empty set.
    public init() {}

    /// Whether there are no overrides.
    public var isEmpty: Bool { order.isEmpty }

    /// The override of one address.
    public subscript(address: Address) -> AccountOverride? {
        get { byAddress[address] }
        set {
            if byAddress[address] == nil, newValue != nil { order.append(address) }
            if newValue == nil { order.removeAll { $0 == address } }
            byAddress[address] = newValue
        }
    }

    public static func == (a: StateOverrides, b: StateOverrides) -> Bool { a.order == b.order && a.byAddress == b.byAddress }
    public func hash(into hasher: inout Hasher) { hasher.combine(order); hasher.combine(byAddress) }

    /// Decodes `{address: {nonce, code, balance, state | stateDiff, movePrecompileToAddress}}`.
    /// Both `state` and `stateDiff` on one account is an error (geth's wording).
    public static func decode(_ json: JSON) throws(ParamError) -> StateOverrides {
        guard case .object(let o) = json else { throw DecodingPath.value.typeError(json.kindName, "ethapi.StateOverride") }
        var result = StateOverrides()
        for member in o {
            // Map keys decode as common.Address text (prefix optional in Go's TextUnmarshaler
            // path is not offered by geth: it requires 0x).
            let address: Address
            switch ParamDecoding.hexBytes(member.key, goType: "common.Address", fixedLength: 20) {
            case .success(let b): address = try! Address(b)
            case .failure(let e): throw e.wrapped ? DecodingPath.value.typeError(e.message, "common.Address") : ParamError(e.message)
            }
            let r = try ObjectReader(member.value, structName: "OverrideAccount", goType: "ethapi.OverrideAccount")
            var a = AccountOverride()
            a.nonce = try r.optional("nonce", ParamDecoding.uint64)
            a.code = try r.optional("code", ParamDecoding.bytes)
            a.balance = try r.optional("balance", ParamDecoding.uint256)
            a.state = try r.optional("state", decodeStorage)
            a.stateDiff = try r.optional("stateDiff", decodeStorage)
            a.movePrecompileToAddress = try r.optional("movePrecompileToAddress", ParamDecoding.address)
            if a.state != nil && a.stateDiff != nil {
                throw ParamError("account \(address.checksummed) has both 'state' and 'stateDiff'")
            }
            result[address] = a
        }
        return result
    }

    /// `{slot: value}` with 32-byte hex keys and values.
    static func decodeStorage(_ json: JSON, _ path: DecodingPath) throws(ParamError) -> [Hash: Hash] {
        guard case .object(let o) = json else { throw path.typeError(json.kindName, "map[common.Hash]common.Hash") }
        var out: [Hash: Hash] = [:]
        for m in o {
            let key = try ParamDecoding.hash(.string(m.key), at: path)
            out[key] = try ParamDecoding.hash(m.value, at: path)
        }
        return out
    }
}
