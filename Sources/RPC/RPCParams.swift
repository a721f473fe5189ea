import Primitives

/// The positional parameters of one call, with typed accessors that fail as geth does:
/// `invalid argument N: <decoder message>` (code -32602).
///
/// Arity is checked by the registry before the handler runs (from the range given at
/// registration), so a handler may read `params.address(0)` for a required argument and
/// `params.optional(1, BlockSelector.decode)` for a trailing optional one.
public struct RPCParams: Sendable, Hashable {
    /// The raw values (`params` absent or null → empty).
    public let values: [JSON]

    /// Wraps raw values.
    public init(_ values: [JSON]) { self.values = values }

    /// The number of values given.
    public var count: Int { values.count }

    /// The raw value at `index`, or nil when absent.
    public subscript(index: Int) -> JSON? { index < values.count ? values[index] : nil }

    /// Whether argument `index` was given and is not null (geth treats null like absent for
    /// optional arguments).
    public func isPresent(_ index: Int) -> Bool { index < values.count && !values[index].isNull }

    /// Decodes a required argument with `decoder`.
    public func decode<T>(_ index: Int, _ decoder: (JSON) throws(ParamError) -> T) throws(RPCError) -> T {
        guard index < values.count else { throw RPCError.invalidParams("missing value for required argument \(index)") }
        do {
            return try decoder(values[index])
        } catch {
            throw RPCError.invalidParams("invalid argument \(index): \(error.message)")
        }
    }

    /// Decodes an optional argument: nil when absent or null.
    public func optional<T>(_ index: Int, _ decoder: (JSON) throws(ParamError) -> T) throws(RPCError) -> T? {
        guard isPresent(index) else { return nil }
        return try decode(index, decoder)
    }

    /// A QUANTITY ≤ 64 bits.
    public func uint64(_ index: Int) throws(RPCError) -> UInt64 { try decode(index) { v throws(ParamError) in try ParamDecoding.uint64(v) } }
    /// A QUANTITY ≤ 256 bits.
    public func uint256(_ index: Int) throws(RPCError) -> UInt256 { try decode(index) { v throws(ParamError) in try ParamDecoding.uint256(v) } }
    /// DATA.
    public func bytes(_ index: Int) throws(RPCError) -> [UInt8] { try decode(index) { v throws(ParamError) in try ParamDecoding.bytes(v) } }
    /// A 20-byte address.
    public func address(_ index: Int) throws(RPCError) -> Address { try decode(index) { v throws(ParamError) in try ParamDecoding.address(v) } }
    /// A 32-byte hash.
    public func hash(_ index: Int) throws(RPCError) -> Hash { try decode(index) { v throws(ParamError) in try ParamDecoding.hash(v) } }
    /// A boolean.
    public func bool(_ index: Int) throws(RPCError) -> Bool { try decode(index) { v throws(ParamError) in try ParamDecoding.bool(v) } }
    /// A string.
    public func string(_ index: Int) throws(RPCError) -> String { try decode(index) { v throws(ParamError) in try ParamDecoding.string(v) } }
    /// A block tag or number.
    public func blockTag(_ index: Int) throws(RPCError) -> BlockTag { try decode(index, BlockTag.decode) }
    /// A block tag, number, hash or EIP-1898 object.
    public func blockSelector(_ index: Int) throws(RPCError) -> BlockSelector { try decode(index, BlockSelector.decode) }
    /// A transaction-call object.
    public func callRequest(_ index: Int) throws(RPCError) -> CallRequest { try decode(index, CallRequest.decode) }
    /// A log filter object.
    public func logFilter(_ index: Int) throws(RPCError) -> LogFilter { try decode(index, LogFilter.decode) }

    /// An optional block tag; `default` when absent or null.
    public func blockTag(_ index: Int, default value: BlockTag) throws(RPCError) -> BlockTag {
        try optional(index, BlockTag.decode) ?? value
    }
    /// An optional block selector; `default` when absent or null.
    public func blockSelector(_ index: Int, default value: BlockSelector) throws(RPCError) -> BlockSelector {
        try optional(index, BlockSelector.decode) ?? value
    }
    /// Optional state overrides (empty when absent or null).
    public func stateOverrides(_ index: Int) throws(RPCError) -> StateOverrides {
        try optional(index, StateOverrides.decode) ?? StateOverrides()
    }
    /// Optional block overrides.
    public func blockOverrides(_ index: Int) throws(RPCError) -> BlockOverrides? {
        try optional(index, BlockOverrides.decode)
    }
}
