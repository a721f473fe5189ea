import Primitives
import Tracing

/// Parity's `stateDiff` from the prestate tracer's diff: per account, each of balance, nonce and
/// code as `"="` (unchanged), `{"*": {from, to}}`, `{"+": new}` (created) or `{"-": old}`
/// (destroyed), and storage slots the same way.
extension JSON {
    static func parityStateDiff(_ t: PrestateTracer) -> JSON {
        let addresses = Set(t.pre.keys).union(t.post.keys).sorted { $0.description < $1.description }
        var o = JSONObject()
        for address in addresses {
            let before = t.pre[address], after = t.post[address]
            var a = JSONObject()
            if before == nil, let after {
                a.append("balance", born(.quantity(after.balance ?? .zero)))
                a.append("code", born(.data(after.code)))
                a.append("nonce", born(.quantity(after.nonce)))
                var s = JSONObject()
                for (key, value) in after.storage.sorted(by: { $0.key < $1.key }) { s.append(Hash(key).description, born(.hash(Hash(value)))) }
                a.append("storage", .object(s))
            } else if let before, after == nil {
                if !t.deleted.contains(address) { continue }
                a.append("balance", died(.quantity(before.balance ?? .zero)))
                a.append("code", died(.data(before.code)))
                a.append("nonce", died(.quantity(before.nonce)))
                var s = JSONObject()
                for (key, value) in before.storage.sorted(by: { $0.key < $1.key }) { s.append(Hash(key).description, died(.hash(Hash(value)))) }
                a.append("storage", .object(s))
            } else if let before, let after {
                a.append("balance", after.balance.map { changed(.quantity(before.balance ?? .zero), .quantity($0)) } ?? "=")
                a.append("code", after.code.isEmpty ? "=" : changed(.data(before.code), .data(after.code)))
                a.append("nonce", after.nonce == 0 ? "=" : changed(.quantity(before.nonce), .quantity(after.nonce)))
                var s = JSONObject()
                let keys = Set(before.storage.keys).union(after.storage.keys).sorted()
                for key in keys {
                    s.append(Hash(key).description, changed(.hash(Hash(before.storage[key] ?? .zero)), .hash(Hash(after.storage[key] ?? .zero))))
                }
                a.append("storage", .object(s))
            }
            o.append(address.description, .object(a))
        }
        return .object(o)
    }

    static func born(_ value: JSON) -> JSON { .object(JSONObject([.init(key: "+", value: value)])) }
    static func died(_ value: JSON) -> JSON { .object(JSONObject([.init(key: "-", value: value)])) }
    static func changed(_ from: JSON, _ to: JSON) -> JSON {
        .object(JSONObject([.init(key: "*", value: .object(JSONObject([.init(key: "from", value: from), .init(key: "to", value: to)])))]))
    }
}
