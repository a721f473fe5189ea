import Primitives

/// An event emitted by LOG0–LOG4.
public struct Log: Hashable, Sendable, RLPEncodable {
    public var address: Address
    public var topics: [Hash]
    public var data: [UInt8]

    public init(address: Address, topics: [Hash], data: [UInt8]) {
        self.address = address; self.topics = topics; self.data = data
    }

    /// rlp([address, [topics…], data]).
    public func encode(to w: inout RLPWriter) {
        w.appendList { w in
            w.append(address)
            w.appendList { w in for t in topics { w.append(t) } }
            w.append(bytes: data)
        }
    }

    /// Reads one log.
    public static func decode(_ r: inout RLPReader) throws(RLPError) -> Log {
        var l = try r.readList()
        let address = try l.readAddress()
        var topicsReader = try l.readList()
        var topics: [Hash] = []
        while !topicsReader.isAtEnd { topics.append(try topicsReader.readHash()) }
        let data = Array(try l.readBytes())
        try l.finish()
        return Log(address: address, topics: topics, data: data)
    }

    /// keccak256(rlp(logs)), the "logs hash" state tests compare.
    public static func hash(of logs: [Log]) -> Hash {
        var w = RLPWriter()
        w.appendList { w in for l in logs { l.encode(to: &w) } }
        return Keccak256.hash(w.bytes)
    }
}
