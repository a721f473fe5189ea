import Primitives
import Trie

/// A block: header and body (transactions, ommers, and withdrawals from Shanghai).
public struct Block: Hashable, Sendable, RLPEncodable {
    public var header: Header
    public var transactions: [Transaction]
    public var ommers: [Header]
    public var withdrawals: [Withdrawal]?

    public init(header: Header, transactions: [Transaction] = [], ommers: [Header] = [], withdrawals: [Withdrawal]? = nil) {
        self.header = header; self.transactions = transactions; self.ommers = ommers; self.withdrawals = withdrawals
    }

    /// The block hash.
    public var hash: Hash { header.hash }

    /// rlp([header, [transactions], [ommers], [withdrawals]?]).
    public func encode(to w: inout RLPWriter) {
        w.appendList { w in
            header.encode(to: &w)
            w.appendList { w in for tx in transactions { tx.encodeForBlock(to: &w) } }
            w.appendList { w in for o in ommers { o.encode(to: &w) } }
            if let withdrawals { w.appendList { w in for wd in withdrawals { wd.encode(to: &w) } } }
        }
    }

    /// Why a block's bytes could not be decoded.
    public enum DecodingError: Error, Equatable, Sendable {
        case rlp(RLPError)
        case transaction(index: Int, InvalidTransaction)
    }

    /// Decodes a block from its RLP.
    public init(rlp bytes: [UInt8]) throws(DecodingError) {
        do {
            var r = RLPReader(bytes)
            var l = try r.readList()
            let header = try Header.decode(&l)
            var txReader = try l.readList()
            var txs: [Transaction] = []
            while !txReader.isAtEnd {
                do { txs.append(try Transaction.decodeFromBlock(&txReader)) } catch { throw DecodingError.transaction(index: txs.count, error) }
            }
            var ommerReader = try l.readList()
            var ommers: [Header] = []
            while !ommerReader.isAtEnd { ommers.append(try Header.decode(&ommerReader)) }
            var withdrawals: [Withdrawal]?
            if !l.isAtEnd {
                var wr = try l.readList()
                var list: [Withdrawal] = []
                while !wr.isAtEnd { list.append(try Withdrawal.decode(&wr)) }
                withdrawals = list
            }
            try l.finish()
            try r.finish()
            self.init(header: header, transactions: txs, ommers: ommers, withdrawals: withdrawals)
        } catch let e as DecodingError {
            throw e
        } catch let e as RLPError {
            throw .rlp(e)
        } catch {
            throw .rlp(.invalid("\(error)"))
        }
    }

    /// Root of the transactions trie (keys rlp(index), values the envelopes).
    public static func transactionsRoot(_ txs: [Transaction]) -> Hash {
        Trie.root(ofOrderedList: txs.map(\.envelope))
    }

    /// Root of the receipts trie.
    public static func receiptsRoot(_ receipts: [Receipt]) -> Hash {
        Trie.root(ofOrderedList: receipts.map(\.envelope))
    }

    /// Root of the withdrawals trie.
    public static func withdrawalsRoot(_ withdrawals: [Withdrawal]) -> Hash {
        Trie.root(ofOrderedList: withdrawals.map(\.rlp))
    }

    /// keccak256(rlp(ommers)).
    public static func ommersHash(_ ommers: [Header]) -> Hash {
        var w = RLPWriter()
        w.appendList { w in for o in ommers { o.encode(to: &w) } }
        return Keccak256.hash(w.bytes)
    }
}
