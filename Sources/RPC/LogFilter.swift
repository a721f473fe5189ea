import Primitives

/// The filter object of `eth_getLogs`, `eth_newFilter` and `logs` subscriptions (geth's
/// `FilterCriteria`): a block range or one block hash, addresses, and topic positions.
public struct LogFilter: Sendable, Hashable {
    public var fromBlock: BlockTag?
    public var toBlock: BlockTag?
    public var blockHash: Hash?
    /// Matching addresses; empty matches any.
    public var addresses: [Address]
    /// One entry per topic position: the hashes allowed there; an empty entry matches any
    /// topic (JSON `null`, or an array containing `null`).
    public var topics: [[Hash]]

    /// geth's limit on topic positions (LOG4 has four).
    public static let maxTopics = 4

    /// A filter matching everything in the default range.
    public init(fromBlock: BlockTag? = nil, toBlock: BlockTag? = nil, blockHash: Hash? = nil, addresses: [Address] = [], topics: [[Hash]] = []) {
        self.fromBlock = fromBlock; self.toBlock = toBlock; self.blockHash = blockHash
        self.addresses = addresses; self.topics = topics
    }

    /// Whether a log with this address and these topics passes the address and topic criteria.
    public func matches(address: Address, topics logTopics: [Hash]) -> Bool {
        if !addresses.isEmpty && !addresses.contains(address) { return false }
        if topics.count > logTopics.count { return false }
        for (i, allowed) in topics.enumerated() where !allowed.isEmpty {
            if !allowed.contains(logTopics[i]) { return false }
        }
        return true
    }

    /// Decodes with geth's rules and messages.
    public static func decode(_ json: JSON) throws(ParamError) -> LogFilter {
        let r = try ObjectReader(json, structName: "FilterCriteria", goType: "filters.FilterCriteria")
        var f = LogFilter()
        f.blockHash = try r.optional("blockHash", ParamDecoding.hash)
        f.fromBlock = try r.optional("fromBlock") { v, _ throws(ParamError) in try BlockTag.decode(v) }
        f.toBlock = try r.optional("toBlock") { v, _ throws(ParamError) in try BlockTag.decode(v) }
        if f.blockHash != nil && (f.fromBlock != nil || f.toBlock != nil) {
            throw ParamError("can't specify fromBlock/toBlock with blockHash")
        }
        switch r.object["address"] ?? .null {
        case .null:
            break
        case .string(let s):
            do { f.addresses = [try decodeFixed(s, length: 20, what: "address").address] } catch {
                throw ParamError("invalid address: \(error.message)")
            }
        case .array(let elements):
            for (i, e) in elements.enumerated() {
                guard case .string(let s) = e else { throw ParamError("non-string address at index \(i)") }
                do { f.addresses.append(try decodeFixed(s, length: 20, what: "address").address) } catch {
                    throw ParamError("invalid address at index \(i): \(error.message)")
                }
            }
        default:
            throw ParamError("invalid addresses in query")
        }
        switch r.object["topics"] ?? .null {
        case .null:
            break
        case .array(let positions):
            guard positions.count <= maxTopics else { throw ParamError("exceed max topics") }
            for position in positions {
                switch position {
                case .null:
                    f.topics.append([])
                case .string(let s):
                    f.topics.append([try decodeFixed(s, length: 32, what: "topic").hash])
                case .array(let alternatives):
                    var allowed: [Hash] = []
                    for alternative in alternatives {
                        if alternative.isNull { allowed = []; break }
                        guard case .string(let s) = alternative else { throw ParamError("invalid topic(s)") }
                        allowed.append(try decodeFixed(s, length: 32, what: "topic").hash)
                    }
                    f.topics.append(allowed)
                default:
                    throw ParamError("invalid topic(s)")
                }
            }
        case let other:
            throw r.path("topics").typeError(other.kindName, "[]interface {}")
        }
        return f
    }

    /// hexutil.Decode plus a length check, worded as geth's filter decoder.
    private static func decodeFixed(_ s: String, length: Int, what: String) throws(ParamError) -> (address: Address, hash: Hash) {
        if s.isEmpty { throw ParamError(HexMessage.emptyString) }
        switch ParamDecoding.hexBytes(s, goType: "", fixedLength: nil) {
        case .success(let b):
            guard b.count == length else {
                throw ParamError("hex has invalid length \(b.count) after decoding; expected \(length) for \(what)")
            }
            return length == 20 ? (try! Address(b), .zero) : (.zero, try! Hash(b))
        case .failure(let e):
            throw ParamError(e.message)
        }
    }
}
