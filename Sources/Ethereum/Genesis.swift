import Foundation
import Primitives
import Trie

/// A geth-format `genesis.json`: chain config, allocation and the genesis header fields.
///
/// `header(stateRoot:)` builds the genesis header as geth's `Genesis.ToBlock` does: defaults for
/// a missing gas limit (4,712,388) and difficulty (131,072 with ethash, else 0), and the fields of
/// the forks active at genesis — base fee (London, default 1 gwei), withdrawals root of the empty
/// list (Shanghai), zero blob gas fields and parent beacon root (Cancun), the hash of empty
/// requests (Prague).
public struct Genesis: Sendable {
    /// One allocated account.
    public struct Account: Hashable, Sendable {
        public var balance: UInt256
        public var nonce: UInt64
        public var code: [UInt8]
        public var storage: [UInt256: UInt256]

        public init(balance: UInt256 = .zero, nonce: UInt64 = 0, code: [UInt8] = [], storage: [UInt256: UInt256] = [:]) {
            self.balance = balance; self.nonce = nonce; self.code = code; self.storage = storage
        }
    }

    /// Why a genesis file could not be read.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var description: String
        init(_ d: String) { description = d }
    }

    public var config: ChainConfig
    public var alloc: [Address: Account]
    public var nonce: UInt64 = 0
    public var timestamp: UInt64 = 0
    public var extraData: [UInt8] = []
    public var gasLimit: UInt64 = 0
    public var difficulty: UInt256?
    public var mixHash: Hash = .zero
    public var coinbase: Address = .zero
    public var number: UInt64 = 0
    public var gasUsed: UInt64 = 0
    public var parentHash: Hash = .zero
    public var baseFeePerGas: UInt256?
    public var excessBlobGas: UInt64?
    public var blobGasUsed: UInt64?
    /// Whether the config names an ethash engine (geth's default difficulty depends on it).
    public var usesEthash: Bool = false

    /// geth's `params.GenesisGasLimit`, used when the file gives none.
    public static let defaultGasLimit: UInt64 = 4_712_388
    /// geth's `params.GenesisDifficulty`.
    public static let defaultDifficulty = UInt256(131_072)
    /// EIP-1559's initial base fee.
    public static let initialBaseFee = UInt256(1_000_000_000)

    public init(config: ChainConfig, alloc: [Address: Account] = [:]) {
        self.config = config; self.alloc = alloc
    }

    /// Reads `genesis.json` bytes.
    public init(json data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw Error("genesis is not a JSON object") }
        guard let configObject = root["config"] as? [String: Any] else { throw Error("genesis without config") }
        self.init(config: try Genesis.parseConfig(configObject))
        usesEthash = configObject["ethash"] != nil
        let f = Fields(root)
        nonce = try f.u64("nonce") ?? 0
        timestamp = try f.u64("timestamp") ?? 0
        extraData = try f.bytes("extraData") ?? []
        gasLimit = try f.u64("gasLimit") ?? 0
        difficulty = try f.u256("difficulty")
        mixHash = try f.hash("mixHash") ?? f.hash("mixhash") ?? .zero
        coinbase = try f.string("coinbase").map { try Address(hex: $0) } ?? .zero
        number = try f.u64("number") ?? 0
        gasUsed = try f.u64("gasUsed") ?? 0
        parentHash = try f.hash("parentHash") ?? .zero
        baseFeePerGas = try f.u256("baseFeePerGas")
        excessBlobGas = try f.u64("excessBlobGas")
        blobGasUsed = try f.u64("blobGasUsed")
        for (key, value) in root["alloc"] as? [String: Any] ?? [:] {
            guard let a = value as? [String: Any] else { throw Error("alloc \(key) is not an object") }
            let address = try Address(hex: key.hasPrefix("0x") || key.hasPrefix("0X") ? key : "0x" + key)
            let af = Fields(a)
            var account = Account(balance: try af.u256("balance") ?? .zero, nonce: try af.u64("nonce") ?? 0, code: try af.bytes("code") ?? [])
            for (k, v) in a["storage"] as? [String: Any] ?? [:] {
                guard let s = v as? String else { throw Error("alloc \(key) storage \(k) is not a string") }
                let value = UInt256(bigEndian: try Hex.decode(s)) ?? .zero
                if !value.isZero { account.storage[UInt256(bigEndian: try Hex.decode(k)) ?? .zero] = value }
            }
            alloc[address] = account
        }
    }

    /// Reads a `genesis.json` file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw Error("cannot read \(path)") }
        try self.init(json: data)
    }

    /// The fork rules of the genesis block.
    public var fork: Fork { config.fork(atBlock: number, timestamp: timestamp) }

    /// The genesis header over the allocation's state root, field for field as geth builds it.
    public func header(stateRoot: Hash) -> Header {
        var h = Header(parentHash: parentHash, coinbase: coinbase, stateRoot: stateRoot, transactionsRoot: Trie.emptyRoot,
                       receiptsRoot: Trie.emptyRoot, number: number, gasLimit: gasLimit == 0 ? Genesis.defaultGasLimit : gasLimit,
                       gasUsed: gasUsed, timestamp: timestamp, extraData: extraData, mixHash: mixHash, nonce: nonce)
        if let difficulty {
            h.difficulty = difficulty
        } else if !usesEthash {
            h.difficulty = .zero
        } else if mixHash == .zero {
            h.difficulty = Genesis.defaultDifficulty
        }
        // geth decides the optional fields from the config alone (London by block, the others by
        // block and time), not from the merge.
        let londonAtGenesis = config.forkBlocks[.london].map { number >= $0 } ?? false
        if londonAtGenesis { h.baseFeePerGas = baseFeePerGas ?? Genesis.initialBaseFee }
        func active(_ f: Fork) -> Bool { londonAtGenesis && (config.forkTimes[f].map { timestamp >= $0 } ?? false) }
        if active(.shanghai) { h.withdrawalsRoot = Trie.emptyRoot }
        if active(.cancun) {
            h.parentBeaconBlockRoot = .zero
            h.excessBlobGas = excessBlobGas ?? 0
            h.blobGasUsed = blobGasUsed ?? 0
        }
        if active(.prague) { h.requestsHash = Requests.hash([]) }
        return h
    }

    /// The genesis block (a Shanghai genesis has an empty withdrawals list).
    public func block(stateRoot: Hash) -> Block {
        let h = header(stateRoot: stateRoot)
        return Block(header: h, withdrawals: h.withdrawalsRoot != nil ? [] : nil)
    }

    // MARK: Config

    /// geth's config keys of block-numbered forks.
    static let blockKeys: [(String, Fork)] = [
        ("homesteadBlock", .homestead), ("eip150Block", .tangerineWhistle), ("eip158Block", .spuriousDragon),
        ("byzantiumBlock", .byzantium), ("constantinopleBlock", .constantinople), ("petersburgBlock", .petersburg),
        ("istanbulBlock", .istanbul), ("berlinBlock", .berlin), ("londonBlock", .london),
    ]
    /// geth's config keys of timestamped forks.
    static let timeKeys: [(String, Fork)] = [
        ("shanghaiTime", .shanghai), ("cancunTime", .cancun), ("pragueTime", .prague), ("osakaTime", .osaka),
        ("bpo1Time", .bpo1), ("bpo2Time", .bpo2), ("bpo3Time", .bpo3), ("bpo4Time", .bpo4), ("bpo5Time", .bpo5),
    ]

    static func parseConfig(_ object: [String: Any]) throws -> ChainConfig {
        let f = Fields(object)
        var config = ChainConfig(chainId: try f.u64("chainId") ?? 1)
        for (key, fork) in blockKeys { if let b = try f.u64(key) { config.forkBlocks[fork] = b } }
        // geth: without petersburgBlock, Petersburg comes with Constantinople.
        if config.forkBlocks[.petersburg] == nil, let c = config.forkBlocks[.constantinople] { config.forkBlocks[.petersburg] = c }
        for (key, fork) in timeKeys { if let t = try f.u64(key) { config.forkTimes[fork] = t } }
        config.terminalTotalDifficulty = try f.u256("terminalTotalDifficulty")
        config.mergeNetsplitBlock = try f.u64("mergeNetsplitBlock")
        for (key, delay) in [("muirGlacierBlock", UInt64(9_000_000)), ("arrowGlacierBlock", 10_700_000), ("grayGlacierBlock", 11_400_000)] {
            if let b = try f.u64(key) { config.bombDelayBlocks[b] = max(config.bombDelayBlocks[b] ?? 0, delay) }
        }
        if let deposit = try f.string("depositContractAddress") { config.depositContractAddress = try Address(hex: deposit) }
        for (name, value) in object["blobSchedule"] as? [String: Any] ?? [:] {
            guard let fork = Fork(name: name), let entry = value as? [String: Any] else { continue }
            let e = Fields(entry)
            guard let target = try e.u64("target"), let max = try e.u64("max"), let fraction = try e.u64("baseFeeUpdateFraction") else {
                throw Error("blobSchedule.\(name) needs target, max and baseFeeUpdateFraction")
            }
            config.blobSchedules[fork] = BlobSchedule(target: target, max: max, updateFraction: fraction)
        }
        return config
    }

    /// Typed reads of JSON values the way geth accepts them: numbers, or strings holding hex
    /// (`0x…`) or decimal; null is absent.
    struct Fields {
        let object: [String: Any]
        init(_ object: [String: Any]) { self.object = object }

        func string(_ key: String) throws -> String? {
            switch object[key] {
            case nil, is NSNull: return nil
            case let s as String: return s
            case let n as NSNumber: return n.stringValue
            default: throw Error("\(key) has an unexpected type")
            }
        }

        func u256(_ key: String) throws -> UInt256? {
            guard let s = try string(key) else { return nil }
            if s.hasPrefix("0x") || s.hasPrefix("0X") {
                guard let v = try? UInt256(hex: s) else { throw Error("\(key): bad hex number \(s)") }
                return v
            }
            guard let v = UInt256(decimal: s) else { throw Error("\(key): bad number \(s)") }
            return v
        }

        func u64(_ key: String) throws -> UInt64? {
            guard let v = try u256(key) else { return nil }
            guard v <= UInt256(UInt64.max) else { throw Error("\(key) exceeds 64 bits") }
            return v.w0
        }

        func bytes(_ key: String) throws -> [UInt8]? {
            guard let s = try string(key) else { return nil }
            do { return try Hex.decode(s) } catch { throw Error("\(key): bad hex") }
        }

        func hash(_ key: String) throws -> Hash? {
            guard let b = try bytes(key) else { return nil }
            guard b.count == 32 else { throw Error("\(key) is not 32 bytes") }
            return try Hash(b)
        }
    }
}
