import Primitives

/// A block header with every field up to Prague/Osaka. Fields that a fork introduced are
/// optional and, when present, are encoded in order after the fifteen original ones:
/// baseFeePerGas (London), withdrawalsRoot (Shanghai), blobGasUsed, excessBlobGas and
/// parentBeaconBlockRoot (Cancun), requestsHash (Prague).
public struct Header: Hashable, Sendable, RLPEncodable {
    /// keccak256(rlp([])), the ommers hash of every post-merge block.
    public static let emptyOmmersHash = try! Hash(hex: "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347")

    public var parentHash: Hash
    public var ommersHash: Hash
    public var coinbase: Address
    public var stateRoot: Hash
    public var transactionsRoot: Hash
    public var receiptsRoot: Hash
    public var logsBloom: Bloom
    public var difficulty: UInt256
    public var number: UInt64
    public var gasLimit: UInt64
    public var gasUsed: UInt64
    public var timestamp: UInt64
    public var extraData: [UInt8]
    /// mixHash before the merge, PREVRANDAO after.
    public var mixHash: Hash
    public var nonce: UInt64
    public var baseFeePerGas: UInt256?
    public var withdrawalsRoot: Hash?
    public var blobGasUsed: UInt64?
    public var excessBlobGas: UInt64?
    public var parentBeaconBlockRoot: Hash?
    public var requestsHash: Hash?

    public init(parentHash: Hash = .zero, ommersHash: Hash = Header.emptyOmmersHash, coinbase: Address = .zero,
                stateRoot: Hash = .zero, transactionsRoot: Hash = .zero, receiptsRoot: Hash = .zero,
                logsBloom: Bloom = Bloom(), difficulty: UInt256 = .zero, number: UInt64 = 0, gasLimit: UInt64 = 0,
                gasUsed: UInt64 = 0, timestamp: UInt64 = 0, extraData: [UInt8] = [], mixHash: Hash = .zero,
                nonce: UInt64 = 0, baseFeePerGas: UInt256? = nil, withdrawalsRoot: Hash? = nil,
                blobGasUsed: UInt64? = nil, excessBlobGas: UInt64? = nil, parentBeaconBlockRoot: Hash? = nil,
                requestsHash: Hash? = nil) {
        self.parentHash = parentHash; self.ommersHash = ommersHash; self.coinbase = coinbase
        self.stateRoot = stateRoot; self.transactionsRoot = transactionsRoot; self.receiptsRoot = receiptsRoot
        self.logsBloom = logsBloom; self.difficulty = difficulty; self.number = number; self.gasLimit = gasLimit
        self.gasUsed = gasUsed; self.timestamp = timestamp; self.extraData = extraData; self.mixHash = mixHash
        self.nonce = nonce; self.baseFeePerGas = baseFeePerGas; self.withdrawalsRoot = withdrawalsRoot
        self.blobGasUsed = blobGasUsed; self.excessBlobGas = excessBlobGas
        self.parentBeaconBlockRoot = parentBeaconBlockRoot; self.requestsHash = requestsHash
    }

    /// The header's RLP, written into a buffer reserved at a full header's size (~620 bytes from
    /// Prague on): from the writer's default the buffer grew four times per header.
    public var rlp: [UInt8] {
        var w = RLPWriter(reservingCapacity: 704 + extraData.count)
        encode(to: &w)
        return w.bytes
    }

    public func encode(to w: inout RLPWriter) {
        w.appendList { w in
            w.append(parentHash)
            w.append(ommersHash)
            w.append(coinbase)
            w.append(stateRoot)
            w.append(transactionsRoot)
            w.append(receiptsRoot)
            logsBloom.append(to: &w)
            w.append(difficulty)
            w.append(number)
            w.append(gasLimit)
            w.append(gasUsed)
            w.append(timestamp)
            w.append(bytes: extraData)
            w.append(mixHash)
            var n = nonce.bigEndian  // the 8-byte nonce, leading zeros kept
            withUnsafeBytes(of: &n) { w.append(bytes: $0) }
            // Optional fields are written up to the last one present (they are cumulative by fork).
            if let baseFeePerGas { w.append(baseFeePerGas) } else if hasFieldsAfter(0) { w.append(UInt64(0)) }
            if let withdrawalsRoot { w.append(withdrawalsRoot) } else if hasFieldsAfter(1) { w.append(Hash.zero) }
            if let blobGasUsed { w.append(blobGasUsed) } else if hasFieldsAfter(2) { w.append(UInt64(0)) }
            if let excessBlobGas { w.append(excessBlobGas) } else if hasFieldsAfter(3) { w.append(UInt64(0)) }
            if let parentBeaconBlockRoot { w.append(parentBeaconBlockRoot) } else if hasFieldsAfter(4) { w.append(Hash.zero) }
            if let requestsHash { w.append(requestsHash) }
        }
    }

    /// Whether any optional field after position `i` (0 = baseFee … 5 = requestsHash) is set.
    private func hasFieldsAfter(_ i: Int) -> Bool {
        let present = [baseFeePerGas != nil, withdrawalsRoot != nil, blobGasUsed != nil, excessBlobGas != nil,
                       parentBeaconBlockRoot != nil, requestsHash != nil]
        return present[(i + 1)...].contains(true)
    }

    /// Reads a header list.
    public static func decode(_ r: inout RLPReader) throws(RLPError) -> Header {
        var l = try r.readList()
        var h = Header()
        h.parentHash = try l.readHash()
        h.ommersHash = try l.readHash()
        h.coinbase = try l.readAddress()
        h.stateRoot = try l.readHash()
        h.transactionsRoot = try l.readHash()
        h.receiptsRoot = try l.readHash()
        h.logsBloom = try Bloom(try l.readBytes())
        h.difficulty = try l.readUInt256()
        h.number = try l.readUInt64()
        h.gasLimit = try l.readUInt64()
        h.gasUsed = try l.readUInt64()
        h.timestamp = try l.readUInt64()
        h.extraData = Array(try l.readBytes())
        h.mixHash = try l.readHash()
        let n = try l.readBytes(count: 8)
        h.nonce = n.reduce(0) { $0 << 8 | UInt64($1) }
        if !l.isAtEnd { h.baseFeePerGas = try l.readUInt256() }
        if !l.isAtEnd { h.withdrawalsRoot = try l.readHash() }
        if !l.isAtEnd { h.blobGasUsed = try l.readUInt64() }
        if !l.isAtEnd { h.excessBlobGas = try l.readUInt64() }
        if !l.isAtEnd { h.parentBeaconBlockRoot = try l.readHash() }
        if !l.isAtEnd { h.requestsHash = try l.readHash() }
        try l.finish()
        return h
    }

    /// Decodes a header from its RLP.
    public init(rlp bytes: [UInt8]) throws(RLPError) {
        var r = RLPReader(bytes)
        self = try Header.decode(&r)
        try r.finish()
    }

    /// The block hash: keccak256(rlp(header)).
    public var hash: Hash { Keccak256.hash(rlp) }
}
