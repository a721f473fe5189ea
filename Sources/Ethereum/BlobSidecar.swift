import Crypto
import Primitives

/// The blobs, KZG commitments and proofs that travel with a blob transaction on the network
/// (and into `eth_sendRawTransaction`) but never into a block.
///
/// Two wrapper forms exist: version 0 (EIP-4844) carries one KZG proof per blob; version 1
/// (Osaka, EIP-7594 PeerDAS) carries 128 cell proofs per blob.
public struct BlobSidecar: Hashable, Sendable {
    public static let bytesPerBlob = 131_072
    public static let commitmentSize = 48
    public static let proofSize = 48
    public static let cellsPerExtBlob = 128
    /// EIP-4844 versioned-hash version byte for KZG commitments.
    public static let kzgVersion: UInt8 = 0x01

    /// 0 (one proof per blob) or 1 (cell proofs, EIP-7594).
    public var wrapperVersion: UInt8
    public var blobs: [[UInt8]]
    public var commitments: [[UInt8]]
    public var proofs: [[UInt8]]

    public init(wrapperVersion: UInt8, blobs: [[UInt8]], commitments: [[UInt8]], proofs: [[UInt8]]) {
        self.wrapperVersion = wrapperVersion; self.blobs = blobs
        self.commitments = commitments; self.proofs = proofs
    }

    /// kzg_to_versioned_hash: 0x01 ‖ sha256(commitment)[1...].
    public static func versionedHash(commitment: [UInt8]) -> Hash {
        var digest = Array(SHA256.hash(data: commitment))
        digest[0] = kzgVersion
        return try! Hash(digest)
    }

    /// Checks sizes and counts against the transaction and that every versioned hash matches its
    /// commitment. (KZG proof verification itself is the precompile layer's job.)
    public func validate(against tx: Transaction) throws(InvalidTransaction) {
        let n = tx.blobVersionedHashes.count
        guard blobs.count == n, commitments.count == n else {
            throw .blobSidecar("have \(blobs.count) blobs and \(commitments.count) commitments for \(n) versioned hashes")
        }
        let expectedProofs = wrapperVersion == 0 ? n : n * Self.cellsPerExtBlob
        guard proofs.count == expectedProofs else { throw .blobSidecar("have \(proofs.count) proofs, want \(expectedProofs)") }
        for b in blobs where b.count != Self.bytesPerBlob { throw .blobSidecar("blob of \(b.count) bytes") }
        for c in commitments where c.count != Self.commitmentSize { throw .blobSidecar("commitment of \(c.count) bytes") }
        for p in proofs where p.count != Self.proofSize { throw .blobSidecar("proof of \(p.count) bytes") }
        for (i, c) in commitments.enumerated() where Self.versionedHash(commitment: c) != tx.blobVersionedHashes[i] {
            throw .blobSidecar("versioned hash \(i) does not match its commitment")
        }
    }
}

/// A transaction as a client submits it: the consensus transaction plus, for blob transactions
/// in network form, the sidecar.
public struct PooledTransaction: Hashable, Sendable {
    public var transaction: Transaction
    public var sidecar: BlobSidecar?

    public init(transaction: Transaction, sidecar: BlobSidecar? = nil) {
        self.transaction = transaction
        self.sidecar = sidecar
    }

    /// Decodes raw bytes as `eth_sendRawTransaction` receives them: any consensus envelope, or a
    /// blob transaction in either network wrapper
    /// (`0x03 ‖ rlp([tx_payload, blobs, commitments, proofs])` or
    /// `0x03 ‖ rlp([tx_payload, 1, blobs, commitments, cell_proofs])`).
    public init(networkBytes bytes: [UInt8]) throws(InvalidTransaction) {
        guard bytes.first == TransactionType.blob.rawValue, bytes.count > 1 else {
            self.init(transaction: try Transaction(envelope: bytes))
            return
        }
        do {
            var outer = RLPReader(Array(bytes[1...]))
            var list = try outer.readList()
            // A bare blob transaction's payload starts with chainId (a string); the wrapper starts with a list.
            guard try list.nextIsList() else {
                self.init(transaction: try Transaction(envelope: bytes))
                return
            }
            let tx = try Transaction.decodeTyped(.blob, &list)
            var version: UInt8 = 0
            if !(try list.nextIsList()) {
                let v = try list.readUInt64()
                guard v == 1 else { throw InvalidTransaction.blobSidecar("unknown wrapper version \(v)") }
                version = 1
            }
            func readByteStrings(_ r: inout RLPReader) throws -> [[UInt8]] {
                var sub = try r.readList()
                var out: [[UInt8]] = []
                while !sub.isAtEnd { out.append(Array(try sub.readBytes())) }
                return out
            }
            let blobs = try readByteStrings(&list)
            let commitments = try readByteStrings(&list)
            let proofs = try readByteStrings(&list)
            try list.finish()
            try outer.finish()
            let sidecar = BlobSidecar(wrapperVersion: version, blobs: blobs, commitments: commitments, proofs: proofs)
            try sidecar.validate(against: tx)
            self.init(transaction: tx, sidecar: sidecar)
        } catch let e as InvalidTransaction {
            throw e
        } catch let e as RLPError {
            throw .rlp(e)
        } catch {
            throw .rlp(.invalid("\(error)"))
        }
    }

    /// The network form: the wrapper for blob transactions with a sidecar, the envelope otherwise.
    public var networkBytes: [UInt8] {
        guard let sidecar, transaction.type == .blob else { return transaction.envelope }
        var w = RLPWriter(reservingCapacity: sidecar.blobs.count * (BlobSidecar.bytesPerBlob + 200) + 512)
        w.bytes.append(TransactionType.blob.rawValue)
        w.appendList { w in
            transaction.encodeFields(to: &w, signed: true)
            if sidecar.wrapperVersion != 0 { w.append(UInt64(sidecar.wrapperVersion)) }
            w.appendList { w in for b in sidecar.blobs { w.append(bytes: b) } }
            w.appendList { w in for c in sidecar.commitments { w.append(bytes: c) } }
            w.appendList { w in for p in sidecar.proofs { w.append(bytes: p) } }
        }
        return w.bytes
    }
}
