import Crypto
import Primitives

/// EIP-7685 execution-layer requests: each request list is a type byte followed by the
/// concatenated request data; the header commits to them with `requestsHash`.
public enum Requests {
    /// EIP-6110 deposits.
    public static let depositType: UInt8 = 0x00
    /// EIP-7002 execution-layer triggered withdrawals.
    public static let withdrawalType: UInt8 = 0x01
    /// EIP-7251 consolidations.
    public static let consolidationType: UInt8 = 0x02

    /// keccak256("DepositEvent(bytes,bytes,bytes,bytes,bytes)"), the deposit contract's log topic.
    public static let depositEventTopic = try! Hash(hex: "0x649bbc62d0e31342afea4e5cd82d4049e7e1ee912fc0889aa790803be39038c5")

    /// sha256(sha256(r₀) ‖ sha256(r₁) ‖ …) over the request lists that carry data (a list that
    /// is only its type byte is left out).
    public static func hash(_ requests: [[UInt8]]) -> Hash {
        // No list with data (every block of a chain without deposits or requests): the constant.
        guard requests.contains(where: { $0.count > 1 }) else { return emptyHash }
        var outer = SHA256()
        for r in requests where r.count > 1 {
            outer.update(data: Array(SHA256.hash(data: r)))
        }
        return try! Hash(Array(outer.finalize()))
    }

    /// The requests hash of a block with no requests.
    public static let emptyHash = try! Hash(Array(SHA256().finalize()))

    /// Why a deposit log is malformed (the block is invalid, EIP-6110).
    public struct InvalidDepositLog: Error, CustomStringConvertible, Sendable {
        public var description: String { "invalid deposit log: \(reason)" }
        public var reason: String
    }

    /// The deposit request data of the deposit contract's logs in `receipts`: pubkey (48),
    /// withdrawal credentials (32), amount (8), signature (96), index (8) per deposit, taken
    /// from the ABI-encoded `DepositEvent` whose layout must be exactly the contract's.
    /// `blockBloom`, the union of the receipts' blooms when the caller has it, answers for the
    /// whole block at once: nearly every block has no deposit, and then no receipt is looked at.
    public static func deposits(in receipts: [Receipt], contract: Address, blockBloom: Bloom? = nil) throws(InvalidDepositLog) -> [UInt8] {
        var out: [UInt8] = []
        // The receipts' blooms first: they lie in the receipts array itself, while each receipt's
        // logs are an allocation of their own, a cache miss per receipt (a millisecond per
        // 10,000-receipt block) for a scan that nearly always finds nothing.
        let probe = Bloom.Probe(contract.bytes)
        if let blockBloom, !blockBloom.mayContain(probe) { return out }
        for r in receipts.indices where receipts[r].logsBloom.mayContain(probe) {
            let logs = receipts[r].logs
            for l in logs.indices where logs[l].address == contract && logs[l].topics.first == depositEventTopic {
                out += try depositData(logs[l].data)
            }
        }
        return out
    }

    /// One `DepositEvent`'s fields: five dynamic `bytes` at fixed offsets with fixed sizes.
    static func depositData(_ data: [UInt8]) throws(InvalidDepositLog) -> [UInt8] {
        guard data.count == 576 else { throw InvalidDepositLog(reason: "length \(data.count)") }
        func word(_ at: Int) -> UInt256 { UInt256(bigEndian: data[at..<at + 32]) ?? .zero }
        let layout: [(offset: Int, size: Int)] = [(160, 48), (256, 32), (320, 8), (384, 96), (512, 8)]
        for (i, field) in layout.enumerated() {
            guard word(i * 32) == UInt256(UInt64(field.offset)) else { throw InvalidDepositLog(reason: "field \(i) offset") }
            guard word(field.offset) == UInt256(UInt64(field.size)) else { throw InvalidDepositLog(reason: "field \(i) size") }
        }
        var out: [UInt8] = []
        out.reserveCapacity(192)
        for field in layout { out += data[(field.offset + 32)..<(field.offset + 32 + field.size)] }
        return out
    }
}
