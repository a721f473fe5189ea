import Primitives

/// EIP-712 typed structured data: the digest `keccak256(0x1901 ‖ domainSeparator ‖
/// hashStruct(message))` that `eth_signTypedData_v4` signs, with v4's rules (arrays of any
/// type, nested structs, dependencies sorted by name in `encodeType`).
struct TypedData {
    struct Field { var name: String; var type: String }

    let types: [String: [Field]]
    let primaryType: String
    let domain: JSON
    let message: JSON

    /// Reads the `{types, primaryType, domain, message}` object (or a string holding it).
    init(_ json: JSON) throws(ParamError) {
        var object = json
        if case .string(let text) = json {
            guard let parsed = try? JSONParser(maxDepth: 64).parse(Array(text.utf8)) else { throw ParamError("invalid typed data: not JSON") }
            object = parsed
        }
        guard case .object(let o) = object, case .object(let typeMap)? = o["types"],
              case .string(let primary)? = o["primaryType"] else { throw ParamError("invalid typed data: needs types and primaryType") }
        var types: [String: [Field]] = [:]
        for member in typeMap {
            guard case .array(let fields) = member.value else { throw ParamError("invalid typed data: type \(member.key)") }
            types[member.key] = try fields.map { f throws(ParamError) in
                guard case .string(let name)? = f["name"], case .string(let type)? = f["type"] else {
                    throw ParamError("invalid typed data: field of \(member.key)")
                }
                return Field(name: name, type: type)
            }
        }
        self.types = types
        self.primaryType = primary
        self.domain = o["domain"] ?? .object(JSONObject())
        self.message = o["message"] ?? .object(JSONObject())
    }

    /// The digest to sign.
    func digest() throws(ParamError) -> Hash {
        var bytes: [UInt8] = [0x19, 0x01]
        bytes += try hashStruct("EIP712Domain", domain).bytes
        if primaryType != "EIP712Domain" { bytes += try hashStruct(primaryType, message).bytes }
        return Keccak256.hash(bytes)
    }

    func hashStruct(_ type: String, _ value: JSON) throws(ParamError) -> Hash {
        Keccak256.hash(try encodeData(type, value))
    }

    func typeHash(_ type: String) throws(ParamError) -> Hash {
        var deps = Set<String>()
        try collect(type, into: &deps)
        deps.remove(type)
        var text = ""
        for t in [type] + deps.sorted() {
            guard let fields = types[t] else { throw ParamError("invalid typed data: unknown type \(t)") }
            text += t + "(" + fields.map { "\($0.type) \($0.name)" }.joined(separator: ",") + ")"
        }
        return Keccak256.hash(Array(text.utf8))
    }

    private func collect(_ type: String, into deps: inout Set<String>) throws(ParamError) {
        let base = Self.baseType(type)
        guard let fields = types[base], !deps.contains(base) else { return }
        deps.insert(base)
        for f in fields { try collect(f.type, into: &deps) }
    }

    private func encodeData(_ type: String, _ value: JSON) throws(ParamError) -> [UInt8] {
        guard let fields = types[type] else { throw ParamError("invalid typed data: unknown type \(type)") }
        var out = try typeHash(type).bytes
        for f in fields {
            out += try encodeValue(f.type, value[f.name] ?? .null)
        }
        return out
    }

    /// The 32-byte encoding of one member.
    private func encodeValue(_ type: String, _ value: JSON) throws(ParamError) -> [UInt8] {
        if type.hasSuffix("]") {
            guard case .array(let items) = value else { throw ParamError("invalid typed data: \(type) needs an array") }
            let element = String(type[..<type.lastIndex(of: "[")!])
            var concatenated: [UInt8] = []
            for item in items { concatenated += try encodeValue(element, item) }
            return Keccak256.hash(concatenated).bytes
        }
        if types[type] != nil { return try hashStruct(type, value).bytes }
        switch type {
        case "string":
            guard case .string(let s) = value else { throw ParamError("invalid typed data: string expected") }
            return Keccak256.hash(Array(s.utf8)).bytes
        case "bytes":
            return Keccak256.hash(try Self.bytes(value)).bytes
        case "bool":
            let b: Bool
            switch value {
            case .bool(let v): b = v
            case .string(let s): b = s == "true"
            default: throw ParamError("invalid typed data: bool expected")
            }
            return Hash(UInt256(b ? 1 : 0)).bytes
        case "address":
            guard case .string(let s) = value, let a = try? Address(hex: s) else { throw ParamError("invalid typed data: address expected") }
            return Hash(a.uint256).bytes
        default:
            if type.hasPrefix("bytes") {
                let b = try Self.bytes(value)
                guard b.count <= 32 else { throw ParamError("invalid typed data: \(type) too long") }
                return b + [UInt8](repeating: 0, count: 32 - b.count)
            }
            if type.hasPrefix("uint") || type.hasPrefix("int") {
                var v = try Self.number(value)
                if v.negative { v.magnitude = UInt256.zero &- v.magnitude }  // two's complement
                return Hash(v.magnitude).bytes
            }
            throw ParamError("invalid typed data: unknown type \(type)")
        }
    }

    static func baseType(_ type: String) -> String {
        type.firstIndex(of: "[").map { String(type[..<$0]) } ?? type
    }

    static func bytes(_ value: JSON) throws(ParamError) -> [UInt8] {
        guard case .string(let s) = value, let b = try? Hex.decode(s) else { throw ParamError("invalid typed data: hex bytes expected") }
        return b
    }

    /// A JSON number, a decimal string or a 0x hex string; negative for intN.
    static func number(_ value: JSON) throws(ParamError) -> (negative: Bool, magnitude: UInt256) {
        var text: String
        switch value {
        case .number(let n): text = n.text
        case .string(let s): text = s
        default: throw ParamError("invalid typed data: number expected")
        }
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            guard let v = UInt256(hexDigits: text.dropFirst(2)) else { throw ParamError("invalid typed data: bad number \(text)") }
            return (negative, v)
        }
        var v = UInt256.zero
        for c in text.utf8 {
            guard c >= 48, c <= 57 else { throw ParamError("invalid typed data: bad number \(text)") }
            v = v &* UInt256(10) &+ UInt256(UInt64(c - 48))
        }
        return (negative, v)
    }
}

extension NodeAPI {
    /// Registers `eth_signTypedData_v4(address, typedData)` for dev accounts.
    func registerTypedDataMethods(into registry: RPCRegistry) {
        registry.register("eth_signTypedData_v4", params: 2...2) { call in
            let address = try call.params.address(0)
            let data = try call.params.decode(1) { v throws(ParamError) in try TypedData(v) }
            guard let key = node.key(for: address) else { throw RPCError.server("unknown account") }
            let digest: Hash
            do throws(ParamError) { digest = try data.digest() } catch { throw RPCError.invalidParams(error.message) }
            return .data(Self.signatureBytes(key.sign(hash: digest)))
        }
    }
}
