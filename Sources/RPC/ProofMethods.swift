import Node
import Primitives
import State

extension NodeAPI {
    /// Most slots one `eth_getStorageValues` call may ask for (geth's `maxGetStorageSlots`).
    static let maxStorageValuesSlots = 1024

    /// Registers `eth_getProof` (EIP-1186) and `eth_getStorageValues`, both at any block whose
    /// state the chain still keeps (the last `Chain.retainedStates`, the head's always).
    func registerProofMethods(into registry: RPCRegistry) {
        registry.register("eth_getProof", params: 3...3) { call in
            let address = try call.params.address(0)
            // geth decodes every key before it touches state, so a bad key fails even at an
            // unknown block.
            let rawKeys = try call.params.decode(1, Self.stringArray)
            var keys: [StorageKey] = []
            keys.reserveCapacity(rawKeys.count)
            for raw in rawKeys { keys.append(try StorageKey(raw)) }
            let state = try state(call.params.blockSelector(2)).state
            return Self.proofJSON(address: address, keys: keys, proof: state.proof(address, slots: keys.map(\.slot)))
        }
        registry.register("eth_getStorageValues", params: 2...2) { call in
            let requests = try call.params.decode(0, Self.storageRequests)
            var total = 0
            for (_, slots) in requests {
                total += slots.count
                if total > Self.maxStorageValuesSlots {
                    throw RPCError.clientLimitExceeded("too many slots (max \(Self.maxStorageValuesSlots))")
                }
            }
            if total == 0 { throw RPCError.invalidParams("empty request") }
            let state = try state(call.params.blockSelector(1)).state
            var o = JSONObject()
            // Go writes a map's keys sorted; addresses are lower-case hex, so byte order is text order.
            for (address, slots) in requests.sorted(by: { $0.key.description < $1.key.description }) {
                o.append(address.description, .array(slots.map { .hash(Hash(state.storage(address, $0.uint256))) }))
            }
            return .object(o)
        }
    }

    /// A storage key as geth's `decodeHash` reads it: optional 0x, odd length padded on the
    /// left, at most 32 bytes. geth echoes a 32-byte key as given (lower-cased) and any shorter
    /// one as a QUANTITY.
    struct StorageKey {
        var slot: UInt256
        var inputLength: Int

        init(_ text: String) throws(RPCError) {
            var digits = Substring(text)
            if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
            let padded = digits.utf8.count % 2 == 1 ? "0" + digits : String(digits)
            guard padded.utf8.allSatisfy({ ParamDecoding.nibble($0) != nil }) else { throw RPCError.server("hex string invalid") }
            inputLength = padded.utf8.count / 2
            guard inputLength <= 32 else { throw RPCError.server("hex string too long, want at most 32 bytes") }
            slot = UInt256(hexDigits: Substring(padded)) ?? .zero
        }

        var outputKey: JSON { inputLength == 32 ? .hash(Hash(slot)) : .quantity(slot) }
    }

    /// geth's `AccountResult`: a missing account has zero nonce and balance and zero (not
    /// empty) code hash and storage hash, and its slots answer 0 with an empty proof.
    static func proofJSON(address: Address, keys: [StorageKey], proof: WorldState.AccountProof) -> JSON {
        let account = proof.account
        let storageHash = account == nil ? Hash.zero : proof.storageRoot
        var storage: [JSON] = []
        storage.reserveCapacity(keys.count)
        for (key, entry) in zip(keys, proof.storage) {
            var s = JSONObject()
            s.append("key", key.outputKey)
            s.append("value", .quantity(entry.value))
            s.append("proof", .array(entry.proof.map { .data($0) }))
            storage.append(.object(s))
        }
        var o = JSONObject()
        o.append("address", .address(address))
        o.append("accountProof", .array(proof.accountProof.map { .data($0) }))
        o.append("balance", .quantity(account?.balance ?? .zero))
        o.append("codeHash", .hash(account?.codeHash ?? .zero))
        o.append("nonce", .quantity(account?.nonce ?? 0))
        o.append("storageHash", .hash(storageHash))
        o.append("storageProof", .array(storage))
        return .object(o)
    }

    /// A JSON array of strings (`[]string`); null is an empty list, as Go decodes it.
    static func stringArray(_ json: JSON) throws(ParamError) -> [String] {
        switch json {
        case .null: return []
        case .array(let items):
            var out: [String] = []
            out.reserveCapacity(items.count)
            for item in items {
                switch item {
                case .string(let s): out.append(s)
                case .null: out.append("")
                default: throw DecodingPath.value.typeError(item.kindName, "string")
                }
            }
            return out
        default:
            throw DecodingPath.value.typeError(json.kindName, "[]string")
        }
    }

    /// `map[common.Address][]common.Hash`: a duplicated address keeps its last list, as Go does.
    static func storageRequests(_ json: JSON) throws(ParamError) -> [Address: [Hash]] {
        let goType = "map[common.Address][]common.Hash"
        switch json {
        case .null: return [:]
        case .object(let members):
            var out: [Address: [Hash]] = [:]
            for member in members {
                let address = try ParamDecoding.address(.string(member.key))
                switch member.value {
                case .null: out[address] = []
                case .array(let items):
                    var hashes: [Hash] = []
                    hashes.reserveCapacity(items.count)
                    for item in items { hashes.append(try ParamDecoding.hash(item)) }
                    out[address] = hashes
                default:
                    throw DecodingPath.value.typeError(member.value.kindName, "[]common.Hash")
                }
            }
            return out
        default:
            throw DecodingPath.value.typeError(json.kindName, goType)
        }
    }
}

extension RPCError {
    /// -38026: a request asked for more than the node serves at once (geth's
    /// `ClientLimitExceededError`).
    static func clientLimitExceeded(_ message: String) -> RPCError { RPCError(code: -38026, message: message) }
}
