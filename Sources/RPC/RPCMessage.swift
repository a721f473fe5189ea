/// One element of a request body, classified as geth's `jsonrpcMessage` is (rpc/json.go):
/// a call has `"jsonrpc":"2.0"`, a valid id and a method; a notification the same without an
/// `id` member; everything else is an invalid request, answered with its id when that id is
/// valid and with `null` otherwise.
///
/// Valid ids are numbers, strings and null (JSON-RPC 2.0). geth also lets booleans through;
/// Lanes follows the specification and answers them as invalid.
enum RPCMessage: Sendable {
    case call(id: JSON, method: String, params: JSON?)
    case notification(method: String, params: JSON?)
    case invalid(id: JSON)

    init(_ json: JSON) {
        guard case .object(let o) = json else { self = .invalid(id: .null); return }
        let versionOK = o["jsonrpc"] == .string("2.0")
        let method = o["method"]?.stringValue ?? ""
        let id = o["id"]
        let idValid: Bool
        switch id {
        case .some(.null), .some(.number), .some(.string): idValid = true
        default: idValid = false
        }
        if versionOK && !method.isEmpty {
            if id == nil { self = .notification(method: method, params: o["params"]); return }
            if idValid { self = .call(id: id!, method: method, params: o["params"]); return }
        }
        self = .invalid(id: idValid ? id! : .null)
    }
}

/// Builds response objects directly as bytes: `{"jsonrpc":"2.0","id":…,"result":…}` or
/// `{"jsonrpc":"2.0","id":…,"error":{…}}`, members in geth's order.
enum RPCResponse {
    static func append(id: JSON, result: Result<JSON, RPCError>, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"jsonrpc":"2.0","id":"#.utf8)
        id.appendSerialized(to: &out)
        switch result {
        case .success(let value):
            out.append(contentsOf: #","result":"#.utf8)
            value.appendSerialized(to: &out)
        case .failure(let error):
            out.append(contentsOf: #","error":"#.utf8)
            error.json.appendSerialized(to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func bytes(id: JSON, result: Result<JSON, RPCError>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96)
        append(id: id, result: result, to: &out)
        return out
    }
}
