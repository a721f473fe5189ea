import Primitives

/// A block named by tag or number (execution-apis `BlockNumberOrTag`).
public enum BlockTag: Sendable, Hashable {
    case latest
    case earliest
    case pending
    case safe
    case finalized
    case number(UInt64)

    /// Decodes a tag or a QUANTITY, as geth's `rpc.BlockNumber`: the tag names, else
    /// `hexutil.DecodeUint64` of the text (its messages unwrapped), at most `MaxInt64`.
    public static func decode(_ json: JSON) throws(ParamError) -> BlockTag {
        // geth strips quotes if present and otherwise reads the raw token, so `5` or `true`
        // fail with the hex messages rather than a type error.
        let text: String
        switch json {
        case .string(let s): text = s
        case .number(let n): text = n.text
        default: text = json.serializedString
        }
        if let tag = BlockTag(name: text) { return tag }
        switch ParamDecoding.decodeUint64Plain(text) {
        case .success(let n):
            guard n <= UInt64(Int64.max) else { throw ParamError("block number larger than int64") }
            return .number(n)
        case .failure(let e):
            throw e
        }
    }

    /// The tag for a name, nil for anything else.
    init?(name: String) {
        switch name {
        case "latest": self = .latest
        case "earliest": self = .earliest
        case "pending": self = .pending
        case "safe": self = .safe
        case "finalized": self = .finalized
        default: return nil
        }
    }

    /// The JSON form: the tag name or a QUANTITY.
    public var json: JSON {
        switch self {
        case .latest: "latest"
        case .earliest: "earliest"
        case .pending: "pending"
        case .safe: "safe"
        case .finalized: "finalized"
        case .number(let n): .quantity(n)
        }
    }
}

/// A block named by tag, number or hash (execution-apis `BlockNumberOrTagOrHash`), including
/// the EIP-1898 object forms `{"blockNumber": …}` and `{"blockHash": …, "requireCanonical": …}`.
public enum BlockSelector: Sendable, Hashable {
    case tag(BlockTag)
    case hash(Hash, requireCanonical: Bool)

    /// `latest`.
    public static let latest = BlockSelector.tag(.latest)

    /// Decodes as geth's `rpc.BlockNumberOrHash`: an object with exactly one of
    /// `blockNumber` / `blockHash`, a tag, a 66-character hash or a QUANTITY.
    public static func decode(_ json: JSON) throws(ParamError) -> BlockSelector {
        switch json {
        case .object(let o):
            let path = DecodingPath.field("BlockNumberOrHash")
            let number = try o["blockNumber"].flatMap { v throws(ParamError) -> BlockTag? in v.isNull ? nil : try BlockTag.decode(v) }
            let hash = try o["blockHash"].flatMap { v throws(ParamError) -> Hash? in
                v.isNull ? nil : try ParamDecoding.hash(v, at: path.appending("blockHash", root: "BlockNumberOrHash"))
            }
            var canonical = false
            if let v = o["requireCanonical"], !v.isNull {
                canonical = try ParamDecoding.bool(v, at: path.appending("requireCanonical", root: "BlockNumberOrHash"))
            }
            switch (number, hash) {
            case (.some, .some): throw ParamError("cannot specify both BlockHash and BlockNumber, choose one or the other")
            case (.some(let n), nil): return .tag(n)
            case (nil, .some(let h)): return .hash(h, requireCanonical: canonical)
            case (nil, nil): throw ParamError("invalid arguments; neither block nor hash specified")
            }
        case .string(let s):
            if let tag = BlockTag(name: s) { return .tag(tag) }
            if s.utf8.count == 66 {
                switch ParamDecoding.hexBytes(s, goType: "common.Hash", fixedLength: 32) {
                case .success(let b): return .hash(try! Hash(b), requireCanonical: false)
                case .failure(let e): throw ParamError(e.message)
                }
            }
            switch ParamDecoding.decodeUint64Plain(s) {
            case .success(let n):
                guard n <= UInt64(Int64.max) else { throw ParamError("blocknumber too high") }
                return .tag(.number(n))
            case .failure(let e):
                throw e
            }
        default:
            throw DecodingPath.value.typeError(json.kindName, "string")
        }
    }
}
