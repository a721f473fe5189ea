import Keys
import Primitives

/// Canonical encodings: the consensus envelope (legacy RLP list, or type byte ‖ RLP payload)
/// that transaction hashes and the transactions root use, and its decoder.
extension Transaction {
    /// Decodes the consensus envelope (what `eth_sendRawTransaction` takes for types 0–2 and 4,
    /// and what blocks carry). Rejects trailing bytes and every non-canonical RLP form.
    public init(envelope bytes: [UInt8]) throws(InvalidTransaction) {
        guard let first = bytes.first else { throw .emptyInput }
        do {
            if first >= 0xc0 {
                var r = RLPReader(bytes)
                self = try Transaction.decodeLegacy(&r)
                try r.finish()
                return
            }
            guard first <= 0x7f else { throw InvalidTransaction.rlp(.expectedList) }
            guard let type = TransactionType(rawValue: first), type != .legacy else { throw InvalidTransaction.typeNotSupported(first) }
            var r = RLPReader(Array(bytes[1...]))
            self = try Transaction.decodeTyped(type, &r)
            try r.finish()
        } catch let e as InvalidTransaction {
            throw e
        } catch let e as RLPError {
            throw .rlp(e)
        } catch {
            throw .rlp(.invalid("\(error)"))
        }
    }

    static func decodeLegacy(_ outer: inout RLPReader) throws -> Transaction {
        var r = try outer.readList()
        var tx = Transaction(type: .legacy)
        tx.nonce = try r.readUInt64()
        tx.gasPrice = try r.readUInt256()
        tx.gasLimit = try r.readUInt64()
        tx.to = try readTo(&r)
        tx.value = try r.readUInt256()
        tx.data = Array(try r.readBytes())
        let v = try r.readUInt256()
        let rr = try r.readUInt256()
        let s = try r.readUInt256()
        try r.finish()
        if v == UInt256(27) || v == UInt256(28) {
            tx.chainId = nil
            tx.signature = Signature(r: rr, s: s, yParity: UInt8(v.w0 - 27))
        } else if v >= UInt256(35) {
            let x = v &- UInt256(35)
            let id = x >> 1
            guard let chainId = id.uint64 else { throw InvalidTransaction.invalidV(v) }
            tx.chainId = chainId
            tx.signature = Signature(r: rr, s: s, yParity: UInt8(x.w0 & 1))
        } else {
            throw InvalidTransaction.invalidV(v)
        }
        return tx
    }

    static func readTo(_ r: inout RLPReader) throws -> Address? {
        let b = try r.readBytes()
        if b.isEmpty { return nil }
        guard b.count == 20 else { throw RLPError.wrongLength(expected: 20, actual: b.count) }
        return try Address(b)
    }

    static func readAccessList(_ r: inout RLPReader) throws -> [AccessListEntry] {
        var list = try r.readList()
        var out: [AccessListEntry] = []
        while !list.isAtEnd {
            var entry = try list.readList()
            let address = try entry.readAddress()
            var keysReader = try entry.readList()
            var keys: [Hash] = []
            while !keysReader.isAtEnd { keys.append(try keysReader.readHash()) }
            try entry.finish()
            out.append(AccessListEntry(address: address, storageKeys: keys))
        }
        return out
    }

    static func readYParity(_ r: inout RLPReader) throws -> UInt8 {
        let y = try r.readUInt64()
        guard y <= 1 else { throw InvalidTransaction.invalidYParity }
        return UInt8(y)
    }

    static func decodeTyped(_ type: TransactionType, _ outer: inout RLPReader) throws -> Transaction {
        var r = try outer.readList()
        var tx = Transaction(type: type)
        tx.chainId = try r.readUInt64()
        tx.nonce = try r.readUInt64()
        if type == .accessList {
            tx.gasPrice = try r.readUInt256()
        } else {
            tx.maxPriorityFeePerGas = try r.readUInt256()
            tx.maxFeePerGas = try r.readUInt256()
        }
        tx.gasLimit = try r.readUInt64()
        tx.to = try readTo(&r)
        tx.value = try r.readUInt256()
        tx.data = Array(try r.readBytes())
        tx.accessList = try readAccessList(&r)
        if type == .blob {
            guard tx.to != nil else { throw InvalidTransaction.createNotAllowed }
            tx.maxFeePerBlobGas = try r.readUInt256()
            var hashes = try r.readList()
            while !hashes.isAtEnd { tx.blobVersionedHashes.append(try hashes.readHash()) }
        }
        if type == .setCode {
            guard tx.to != nil else { throw InvalidTransaction.createNotAllowed }
            var list = try r.readList()
            while !list.isAtEnd {
                var a = try list.readList()
                let chainId = try a.readUInt256()
                let address = try a.readAddress()
                let nonce = try a.readUInt64()
                let y = try a.readUInt64()
                guard y <= 0xff else { throw RLPError.integerTooLarge }
                let ar = try a.readUInt256()
                let as_ = try a.readUInt256()
                try a.finish()
                tx.authorizationList.append(Authorization(chainId: chainId, address: address, nonce: nonce, yParity: UInt8(y), r: ar, s: as_))
            }
        }
        let y = try readYParity(&r)
        let sr = try r.readUInt256()
        let ss = try r.readUInt256()
        try r.finish()
        tx.signature = Signature(r: sr, s: ss, yParity: y)
        return tx
    }

    /// Appends the fields shared by the payload and the signing preimage; `signed` adds v/r/s.
    func encodeFields(to w: inout RLPWriter, signed: Bool, legacySigningChainId: UInt64? = nil) {
        w.appendList { w in
            if type == .legacy {
                w.append(nonce)
                w.append(gasPrice)
                w.append(gasLimit)
                if let to { w.append(to) } else { w.append(bytes: [UInt8]()) }
                w.append(value)
                w.append(bytes: data)
                if signed {
                    w.append(v)
                    w.append(signature.r)
                    w.append(signature.s)
                } else if let id = legacySigningChainId {
                    w.append(id)
                    w.append(UInt64(0))
                    w.append(UInt64(0))
                }
                return
            }
            w.append(chainId ?? 0)
            w.append(nonce)
            if type == .accessList {
                w.append(gasPrice)
            } else {
                w.append(maxPriorityFeePerGas)
                w.append(maxFeePerGas)
            }
            w.append(gasLimit)
            if let to { w.append(to) } else { w.append(bytes: [UInt8]()) }
            w.append(value)
            w.append(bytes: data)
            w.appendList { w in
                for entry in accessList {
                    w.appendList { w in
                        w.append(entry.address)
                        w.appendList { w in for k in entry.storageKeys { w.append(k) } }
                    }
                }
            }
            if type == .blob {
                w.append(maxFeePerBlobGas)
                w.appendList { w in for h in blobVersionedHashes { w.append(h) } }
            }
            if type == .setCode {
                w.appendList { w in
                    for a in authorizationList {
                        w.appendList { w in
                            w.append(a.chainId)
                            w.append(a.address)
                            w.append(a.nonce)
                            w.append(UInt64(a.yParity))
                            w.append(a.r)
                            w.append(a.s)
                        }
                    }
                }
            }
            if signed {
                w.append(UInt64(signature.yParity))
                w.append(signature.r)
                w.append(signature.s)
            }
        }
    }

    /// The consensus envelope: RLP list for legacy, type byte ‖ RLP payload for typed transactions.
    public var envelope: [UInt8] {
        var w = RLPWriter(reservingCapacity: 128 + data.count)
        if type != .legacy { w.bytes.append(type.rawValue) }
        encodeFields(to: &w, signed: true)
        return w.bytes
    }

    /// The transaction hash: keccak256 of the envelope.
    public var hash: Hash { Keccak256.hash(envelope) }

    /// Appends the transaction as a block body carries it: legacy as a list, typed as a byte string of the envelope.
    public func encodeForBlock(to w: inout RLPWriter) {
        if type == .legacy { encodeFields(to: &w, signed: true) } else { w.append(bytes: envelope) }
    }

    /// Reads a transaction as a block body carries it.
    public static func decodeFromBlock(_ r: inout RLPReader) throws(InvalidTransaction) -> Transaction {
        do {
            if try r.nextIsList() {
                let raw = try r.readRaw()
                return try Transaction(envelope: Array(raw))
            }
            let bytes = try r.readBytes()
            guard let first = bytes.first, first < 0x80 else { throw InvalidTransaction.rlp(.expectedList) }
            return try Transaction(envelope: Array(bytes))
        } catch let e as InvalidTransaction {
            throw e
        } catch let e as RLPError {
            throw .rlp(e)
        } catch {
            throw .rlp(.invalid("\(error)"))
        }
    }
}
