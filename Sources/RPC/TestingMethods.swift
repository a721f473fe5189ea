import Ethereum
import Node
import Primitives

extension NodeAPI {
    /// Registers execution-apis' `testing_buildBlockV1(parentHash, payloadAttributes,
    /// transactions?, extraData?)`: the block built on `parentHash` as `engine_getPayload`
    /// would answer it, without importing it. `transactions` null (or absent) takes the pool's
    /// transactions as block production does; a list — empty included — is the block's exact
    /// transactions, as geth, Erigon and Nethermind read it.
    func registerTestingMethods(into registry: RPCRegistry) {
        registry.register("testing_buildBlockV1", params: 2...4) { call in
            let parent = try call.params.hash(0)
            let attributes = try call.params.decode(1, Self.payloadAttributes)
            let raw = try call.params.optional(2) { v throws(ParamError) -> [[UInt8]] in
                guard case .array(let items) = v else { throw DecodingPath.value.typeError(v.kindName, "[]hexutil.Bytes") }
                var out: [[UInt8]] = []
                out.reserveCapacity(items.count)
                for item in items { out.append(try ParamDecoding.bytes(item)) }
                return out
            }
            let extraData = try call.params.optional(3) { v throws(ParamError) in try ParamDecoding.bytes(v) } ?? []
            guard extraData.count <= 32 else { throw RPCError.invalidParams("invalid extra data: \(extraData.count) bytes, at most 32") }
            var transactions: [Transaction]?
            if let raw {
                var txs: [Transaction] = []
                txs.reserveCapacity(raw.count)
                for (i, bytes) in raw.enumerated() {
                    do { txs.append(try Transaction(envelope: bytes)) } catch {
                        throw RPCError.invalidParams("invalid transaction \(i): \(error)")
                    }
                }
                transactions = txs
            }
            let payload: TestingPayload
            do {
                payload = try node.buildTestingBlock(parentHash: parent, attributes: attributes, transactions: transactions,
                                                     extraData: extraData)
            } catch {
                throw RPCError.invalidParams("\(error)")
            }
            return Self.payloadEnvelope(payload)
        }
    }

    /// engine `PayloadAttributesV3`; timestamp, prevRandao and suggestedFeeRecipient are required.
    static func payloadAttributes(_ json: JSON) throws(ParamError) -> PayloadAttributes {
        let r = try ObjectReader(json, structName: "PayloadAttributes", goType: "engine.PayloadAttributes")
        return PayloadAttributes(timestamp: try r.required("timestamp", ParamDecoding.uint64),
                                 prevRandao: try r.required("prevRandao", ParamDecoding.hash),
                                 suggestedFeeRecipient: try r.required("suggestedFeeRecipient", ParamDecoding.address),
                                 withdrawals: try r.array("withdrawals", goType: "[]*types.Withdrawal", BlockOverrides.decodeWithdrawal),
                                 parentBeaconBlockRoot: try r.optional("parentBeaconBlockRoot", ParamDecoding.hash))
    }

    /// geth's `ExecutionPayloadEnvelope`: the `ExecutableData` of the block, its value, the
    /// blobs bundle, the EIP-7685 requests (null before Prague) and `shouldOverrideBuilder`.
    static func payloadEnvelope(_ p: TestingPayload) -> JSON {
        let h = p.block.header
        var e = JSONObject()
        e.append("parentHash", .hash(h.parentHash))
        e.append("feeRecipient", .address(h.coinbase))
        e.append("stateRoot", .hash(h.stateRoot))
        e.append("receiptsRoot", .hash(h.receiptsRoot))
        e.append("logsBloom", .data(h.logsBloom.bytes))
        e.append("prevRandao", .hash(h.mixHash))
        e.append("blockNumber", .quantity(h.number))
        e.append("gasLimit", .quantity(h.gasLimit))
        e.append("gasUsed", .quantity(h.gasUsed))
        e.append("timestamp", .quantity(h.timestamp))
        e.append("extraData", .data(h.extraData))
        e.append("baseFeePerGas", h.baseFeePerGas.map { .quantity($0) } ?? .null)
        e.append("blockHash", .hash(p.hash))
        e.append("transactions", .array(p.block.transactions.map { .data($0.envelope) }))
        e.append("withdrawals", p.block.withdrawals.map { .array($0.map(JSON.withdrawal)) } ?? .null)
        e.append("blobGasUsed", h.blobGasUsed.map { .quantity($0) } ?? .null)
        e.append("excessBlobGas", h.excessBlobGas.map { .quantity($0) } ?? .null)

        var bundle = JSONObject()
        bundle.append("commitments", .array(p.sidecars.flatMap(\.commitments).map { .data($0) }))
        bundle.append("proofs", .array(p.sidecars.flatMap(\.proofs).map { .data($0) }))
        bundle.append("blobs", .array(p.sidecars.flatMap(\.blobs).map { .data($0) }))

        var o = JSONObject()
        o.append("executionPayload", .object(e))
        o.append("blockValue", .quantity(p.blockValue))
        o.append("blobsBundle", .object(bundle))
        o.append("executionRequests", p.requests.map { .array($0.map { .data($0) }) } ?? .null)
        o.append("shouldOverrideBuilder", false)
        return .object(o)
    }
}
