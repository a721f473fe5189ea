import Ethereum
import Foundation
import Primitives
import State

/// `--dump-state FILE` / `--load-state FILE` (Anvil's flags): the accounts of a state as JSON —
/// `{"block": {"number", "hash", "stateRoot"}, "accounts": {"0x…": {"nonce": N, "balance": "0x…",
/// "code": "0x…", "storage": {"0x…": "0x…"}}}}` — written when the node stops and loaded as the
/// genesis allocation of the next run (on top of the dev accounts), as Anvil does.
public enum StateDump {
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The JSON of `state` (the state after `head`).
    public static func encode(_ state: WorldState, head: HeadSnapshot) -> Data {
        var accounts: [String: Any] = [:]
        for address in state.addresses {
            guard let account = state.account(address) else { continue }
            var storage: [String: String] = [:]
            for (key, value) in state.storageEntries(address) { storage[key.hexQuantity] = value.hexQuantity }
            accounts[address.description] = [
                "nonce": account.nonce,
                "balance": account.balance.hexQuantity,
                "code": Hex.encode(state.code(account.codeHash)),
                "storage": storage,
            ] as [String: Any]
        }
        let object: [String: Any] = [
            "block": ["number": UInt256(head.number).hexQuantity, "hash": head.hash.description,
                      "stateRoot": head.block.header.stateRoot.description],
            "accounts": accounts,
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    }

    /// Writes the dump of `state` to `path` (atomically: a crash never leaves half a file).
    public static func write(_ state: WorldState, head: HeadSnapshot, to path: String) throws {
        try encode(state, head: head).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The accounts of a dump file, as a genesis allocation.
    public static func load(_ path: String) throws -> [Address: Genesis.Account] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Error(description: "cannot read \(path)") }
        return try decode(data, source: path)
    }

    /// The accounts of a dump's JSON, as a genesis allocation; `source` names it in errors.
    public static func decode(_ data: Data, source: String) throws -> [Address: Genesis.Account] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let accounts = root["accounts"] as? [String: Any] else {
            throw Error(description: "\(source): not a state dump (no \"accounts\" object)")
        }
        var alloc: [Address: Genesis.Account] = [:]
        for (key, value) in accounts {
            guard let address = try? Address(hex: key), let a = value as? [String: Any] else {
                throw Error(description: "\(source): bad account \(key)")
            }
            var account = Genesis.Account()
            account.nonce = try number(a["nonce"], "\(key) nonce").uint64 ?? 0
            account.balance = try number(a["balance"], "\(key) balance")
            if let code = a["code"] as? String {
                guard let bytes = try? Hex.decode(code) else { throw Error(description: "\(source): bad code of \(key)") }
                account.code = bytes
            }
            for (k, v) in a["storage"] as? [String: Any] ?? [:] {
                account.storage[try number(k, "\(key) storage key")] = try number(v, "\(key) storage value")
            }
            alloc[address] = account
        }
        return alloc
    }

    /// A JSON number or a hex/decimal string.
    static func number(_ value: Any?, _ what: String) throws -> UInt256 {
        if let n = value as? Int, n >= 0 { return UInt256(UInt64(n)) }
        if let s = value as? String {
            if s.hasPrefix("0x"), let bytes = try? Hex.decode(s.count % 2 == 0 ? s : "0x0" + s.dropFirst(2)),
               bytes.count <= 32, let v = UInt256(bigEndian: bytes) { return v }
            if let v = UInt64(s) { return UInt256(v) }
        }
        if value == nil { return .zero }
        throw Error(description: "bad \(what): \(value!)")
    }
}
