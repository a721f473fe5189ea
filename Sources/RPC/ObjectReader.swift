/// Reads the members of a JSON object into a Go-like struct: absent or null members are nil
/// (geth's pointer fields), unknown members are ignored (as encoding/json ignores them), and
/// a member that fails names itself as `Go struct field <Struct>.<member>`.
struct ObjectReader {
    let object: JSONObject
    let structName: String
    let path: DecodingPath

    /// Starts reading `json`, which must be an object (`goType` names it in the type error).
    init(_ json: JSON, structName: String, goType: String, path: DecodingPath = .value) throws(ParamError) {
        guard case .object(let o) = json else { throw path.typeError(json.kindName, goType) }
        self.object = o
        self.structName = structName
        self.path = path
    }

    /// The path of member `key`.
    func path(_ key: String) -> DecodingPath { path.appending(key, root: structName) }

    /// Decodes member `key` if present and not null.
    func optional<T>(_ key: String, _ decoder: (JSON, DecodingPath) throws(ParamError) -> T) throws(ParamError) -> T? {
        guard let v = object[key], !v.isNull else { return nil }
        return try decoder(v, path(key))
    }

    /// Decodes a required member; `missing required field 'key' for Struct` otherwise
    /// (the wording of geth's generated decoders).
    func required<T>(_ key: String, _ decoder: (JSON, DecodingPath) throws(ParamError) -> T) throws(ParamError) -> T {
        guard let v = try optional(key, decoder) else { throw ParamError("missing required field '\(key)' for \(structName)") }
        return v
    }

    /// Decodes an array member element by element.
    func array<T>(_ key: String, goType: String, _ decoder: (JSON, DecodingPath) throws(ParamError) -> T) throws(ParamError) -> [T]? {
        guard let v = object[key], !v.isNull else { return nil }
        guard case .array(let elements) = v else { throw path(key).typeError(v.kindName, goType) }
        var out: [T] = []
        out.reserveCapacity(elements.count)
        for e in elements { out.append(try decoder(e, path(key))) }
        return out
    }
}
