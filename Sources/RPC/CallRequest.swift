import Ethereum
import Primitives

/// The transaction-call object of `eth_call`, `eth_estimateGas`, `eth_sendTransaction` and
/// `eth_createAccessList` (geth's `TransactionArgs`). Every field is optional; the node fills
/// defaults (sender, nonce, gas, fees) as its method requires.
public struct CallRequest: Sendable, Hashable {
    public var from: Address?
    public var to: Address?
    public var gas: UInt64?
    public var gasPrice: UInt256?
    public var maxFeePerGas: UInt256?
    public var maxPriorityFeePerGas: UInt256?
    public var value: UInt256?
    public var nonce: UInt64?
    /// The `data` member (legacy name of `input`).
    public var data: [UInt8]?
    /// The `input` member.
    public var input: [UInt8]?
    public var accessList: [AccessListEntry]?
    /// The `type` member (0…4 known; other values are kept for the node to reject).
    public var type: UInt64?
    public var chainId: UInt256?
    public var authorizationList: [Authorization]?
    public var blobVersionedHashes: [Hash]?
    public var maxFeePerBlobGas: UInt256?

    /// An empty request.
    public init() {}

    /// The call data: `input`, else `data`. geth rejects the two when both are set and
    /// differ, with this -32000 message.
    public func resolvedInput() throws(RPCError) -> [UInt8] {
        if let data, let input, data != input {
            throw RPCError.server(#"both "data" and "input" are set and not equal. Please use "input" to pass transaction call data"#)
        }
        return input ?? data ?? []
    }

    /// Decodes the object (members as named in execution-apis; unknown members ignored).
    public static func decode(_ json: JSON) throws(ParamError) -> CallRequest {
        let r = try ObjectReader(json, structName: "TransactionArgs", goType: "ethapi.TransactionArgs")
        var c = CallRequest()
        c.from = try r.optional("from", ParamDecoding.address)
        c.to = try r.optional("to", ParamDecoding.address)
        c.gas = try r.optional("gas", ParamDecoding.uint64)
        c.gasPrice = try r.optional("gasPrice", ParamDecoding.uint256)
        c.maxFeePerGas = try r.optional("maxFeePerGas", ParamDecoding.uint256)
        c.maxPriorityFeePerGas = try r.optional("maxPriorityFeePerGas", ParamDecoding.uint256)
        c.value = try r.optional("value", ParamDecoding.uint256)
        c.nonce = try r.optional("nonce", ParamDecoding.uint64)
        c.data = try r.optional("data", ParamDecoding.bytes)
        c.input = try r.optional("input", ParamDecoding.bytes)
        c.accessList = try r.array("accessList", goType: "types.AccessList", decodeAccessListEntry)
        c.type = try r.optional("type", ParamDecoding.uint64)
        c.chainId = try r.optional("chainId", ParamDecoding.uint256)
        c.authorizationList = try r.array("authorizationList", goType: "[]types.SetCodeAuthorization", decodeAuthorization)
        c.blobVersionedHashes = try r.array("blobVersionedHashes", goType: "[]common.Hash", ParamDecoding.hash)
        c.maxFeePerBlobGas = try r.optional("maxFeePerBlobGas", ParamDecoding.uint256)
        return c
    }

    /// `{"address": …, "storageKeys": […]}`.
    static func decodeAccessListEntry(_ json: JSON, _ path: DecodingPath) throws(ParamError) -> AccessListEntry {
        let r = try ObjectReader(json, structName: "AccessTuple", goType: "types.AccessTuple", path: path)
        let address = try r.required("address", ParamDecoding.address)
        let keys = try r.array("storageKeys", goType: "[]common.Hash", ParamDecoding.hash)
        guard let keys else { throw ParamError("missing required field 'storageKeys' for AccessTuple") }
        return AccessListEntry(address: address, storageKeys: keys)
    }

    /// `{"chainId", "address", "nonce", "yParity", "r", "s"}` (EIP-7702 authorization).
    static func decodeAuthorization(_ json: JSON, _ path: DecodingPath) throws(ParamError) -> Authorization {
        let r = try ObjectReader(json, structName: "SetCodeAuthorization", goType: "types.SetCodeAuthorization", path: path)
        let chainId = try r.required("chainId", ParamDecoding.uint256)
        let address = try r.required("address", ParamDecoding.address)
        let nonce = try r.required("nonce", ParamDecoding.uint64)
        let yParity = try r.required("yParity", ParamDecoding.uint64)
        let sigR = try r.required("r", ParamDecoding.uint256)
        let sigS = try r.required("s", ParamDecoding.uint256)
        // geth stores yParity in a uint8; a larger value can only be an invalid signature.
        guard yParity <= UInt64(UInt8.max) else { throw r.path("yParity").typeError(HexMessage.uint64Range, "uint8") }
        return Authorization(chainId: chainId, address: address, nonce: nonce, yParity: UInt8(yParity), r: sigR, s: sigS)
    }
}
