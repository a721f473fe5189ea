import Ethereum
import Keys
import Primitives

/// Where a mined transaction sits; pending transactions have none (their block members are null).
public struct TransactionContext: Sendable, Hashable {
    public var blockHash: Hash
    public var blockNumber: UInt64
    /// Position in the block.
    public var index: UInt64
    /// The block's base fee, which makes `gasPrice` the effective price for EIP-1559 types.
    public var baseFeePerGas: UInt256?

    /// Creates a context.
    public init(blockHash: Hash, blockNumber: UInt64, index: UInt64, baseFeePerGas: UInt256?) {
        self.blockHash = blockHash; self.blockNumber = blockNumber; self.index = index; self.baseFeePerGas = baseFeePerGas
    }
}

extension JSON {
    /// A transaction object (execution-apis `TransactionInfo`, geth's `RPCTransaction`),
    /// members in geth's order. Per type:
    ///   0: `chainId` only when replay-protected, `v` = 27/28 or chainId·2+35/36, no `yParity`;
    ///   1: + `chainId`, `accessList`, `yParity` (`v` = yParity);
    ///   2–4: + `maxFeePerGas`, `maxPriorityFeePerGas`; `gasPrice` is the effective price once
    ///   mined in a block with a base fee, the fee cap while pending;
    ///   3: + `maxFeePerBlobGas`, `blobVersionedHashes`; 4: + `authorizationList`.
    public static func transaction(_ tx: Transaction, sender: Address, hash: Hash? = nil, context: TransactionContext? = nil) -> JSON {
        var o = JSONObject()
        o.append("blockHash", context.map { .hash($0.blockHash) } ?? .null)
        o.append("blockNumber", context.map { .quantity($0.blockNumber) } ?? .null)
        o.append("from", .address(sender))
        o.append("gas", .quantity(tx.gasLimit))
        var gasPrice = tx.maxFeePerGas
        if tx.type >= .dynamicFee, let baseFee = context?.baseFeePerGas {
            gasPrice = tx.effectiveGasPrice(baseFee: baseFee) ?? tx.maxFeePerGas
        }
        o.append("gasPrice", .quantity(gasPrice))
        if tx.type >= .dynamicFee {
            o.append("maxFeePerGas", .quantity(tx.maxFeePerGas))
            o.append("maxPriorityFeePerGas", .quantity(tx.maxPriorityFeePerGas))
        }
        if tx.type == .blob { o.append("maxFeePerBlobGas", .quantity(tx.maxFeePerBlobGas)) }
        o.append("hash", .hash(hash ?? tx.hash))
        o.append("input", .data(tx.data))
        o.append("nonce", .quantity(tx.nonce))
        o.append("to", .address(tx.to))
        o.append("transactionIndex", context.map { .quantity($0.index) } ?? .null)
        o.append("value", .quantity(tx.value))
        o.append("type", .quantity(UInt64(tx.type.rawValue)))
        if tx.type >= .accessList { o.append("accessList", .array(tx.accessList.map(JSON.accessListEntry))) }
        if let chainId = tx.chainId { o.append("chainId", .quantity(chainId)) }
        if tx.type == .blob { o.append("blobVersionedHashes", .array(tx.blobVersionedHashes.map { .hash($0) })) }
        if tx.type == .setCode { o.append("authorizationList", .array(tx.authorizationList.map(JSON.authorization))) }
        o.append("v", .quantity(tx.v))
        o.append("r", .quantity(tx.signature.r))
        o.append("s", .quantity(tx.signature.s))
        if tx.type != .legacy { o.append("yParity", .quantity(UInt64(tx.signature.yParity))) }
        return .object(o)
    }

    /// `{"address": …, "storageKeys": […]}`.
    public static func accessListEntry(_ e: AccessListEntry) -> JSON {
        ["address": .address(e.address), "storageKeys": .array(e.storageKeys.map { .hash($0) })]
    }

    /// `{"chainId", "address", "nonce", "yParity", "r", "s"}` (EIP-7702).
    public static func authorization(_ a: Authorization) -> JSON {
        ["chainId": .quantity(a.chainId), "address": .address(a.address), "nonce": .quantity(a.nonce),
         "yParity": .quantity(UInt64(a.yParity)), "r": .quantity(a.r), "s": .quantity(a.s)]
    }
}
