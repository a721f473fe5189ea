import Primitives

/// The accounts of a `WorldState`, split into 256 dictionaries by address.
///
/// Why: a state is copied by reference (a snapshot for readers, a retained historical state, an
/// evm_snapshot) and copied for real on its first change afterwards. With one dictionary that
/// first change copies every account — 100,000 accounts on every block of a chain whose recent
/// states are kept. Split, it copies the 256 shard references and only the shards the block
/// touched.
struct RecordTable: Sendable {
    static let shardCount = 256

    private var shards: [[Address: WorldState.Record]] = Array(repeating: [:], count: RecordTable.shardCount)

    /// The shard of an address: its low bits mixed with the high ones (system contracts and
    /// precompiles have small, zero-padded addresses).
    @inline(__always)
    private static func shard(_ address: Address) -> Int {
        Int(truncatingIfNeeded: (address.hi ^ address.mid ^ UInt64(address.lo)) & 0xFF)
    }

    subscript(address: Address) -> WorldState.Record? {
        get { shards[Self.shard(address)][address] }
        _modify { yield &shards[Self.shard(address)][address] }
    }

    subscript(address: Address, default value: @autoclosure () -> WorldState.Record) -> WorldState.Record {
        get { shards[Self.shard(address)][address] ?? value() }
        _modify { yield &shards[Self.shard(address)][address, default: value()] }
    }

    /// `body` applied to an address's record, nil without one: inlined, one lookup and one copy of
    /// the record for the body (the optional getter above, a call of its own, costs a fifth more
    /// per `account`/`storage` read, measured with callgrind over 5,000 empty blocks).
    @inline(__always)
    func read<T>(_ address: Address, _ body: (WorldState.Record) -> T) -> T? {
        let shard = Self.shard(address)
        guard let index = shards[shard].index(forKey: address) else { return nil }
        return body(shards[shard].values[index])
    }

    /// Whether the address has a record (a lookup without copying the record out).
    func contains(_ address: Address) -> Bool { shards[Self.shard(address)].index(forKey: address) != nil }

    /// Every address (unordered).
    var keys: [Address] { shards.flatMap(\.keys) }

    var count: Int { shards.reduce(0) { $0 + $1.count } }
}
