import Ethereum
import Primitives

extension JSON {
    /// A header object (execution-apis `Block` without body members), as geth's
    /// `RPCMarshalHeader`: fork-dependent members only when the header has them, and members
    /// sorted by name as geth's map encoding sorts them. `hash` defaults to the header's hash.
    public static func header(_ header: Header, hash: Hash? = nil) -> JSON {
        .object(headerObject(header, hash: hash).sortedByKey())
    }

    /// The header members, unsorted (blocks add theirs before sorting).
    static func headerObject(_ h: Header, hash: Hash?) -> JSONObject {
        var o = JSONObject()
        o.append("number", .quantity(h.number))
        o.append("hash", .hash(hash ?? h.hash))
        o.append("parentHash", .hash(h.parentHash))
        var nonce = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { nonce[i] = UInt8(truncatingIfNeeded: h.nonce >> UInt64(56 - 8 * i)) }
        o.append("nonce", .data(nonce))
        o.append("mixHash", .hash(h.mixHash))
        o.append("sha3Uncles", .hash(h.ommersHash))
        o.append("logsBloom", .data(h.logsBloom.bytes))
        o.append("stateRoot", .hash(h.stateRoot))
        o.append("miner", .address(h.coinbase))
        o.append("difficulty", .quantity(h.difficulty))
        o.append("extraData", .data(h.extraData))
        o.append("gasLimit", .quantity(h.gasLimit))
        o.append("gasUsed", .quantity(h.gasUsed))
        o.append("timestamp", .quantity(h.timestamp))
        o.append("transactionsRoot", .hash(h.transactionsRoot))
        o.append("receiptsRoot", .hash(h.receiptsRoot))
        if let v = h.baseFeePerGas { o.append("baseFeePerGas", .quantity(v)) }
        if let v = h.withdrawalsRoot { o.append("withdrawalsRoot", .hash(v)) }
        if let v = h.blobGasUsed { o.append("blobGasUsed", .quantity(v)) }
        if let v = h.excessBlobGas { o.append("excessBlobGas", .quantity(v)) }
        if let v = h.parentBeaconBlockRoot { o.append("parentBeaconBlockRoot", .hash(v)) }
        if let v = h.requestsHash { o.append("requestsHash", .hash(v)) }
        return o
    }
}

extension JSONObject {
    /// The members sorted by key bytes (Go's map order).
    func sortedByKey() -> JSONObject {
        JSONObject(members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) })
    }
}
