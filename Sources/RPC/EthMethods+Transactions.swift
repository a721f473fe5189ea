import Ethereum
import Keys
import Node
import Primitives
import Storage

extension NodeAPI {
    /// Registers sending (raw and signed by a dev account) and transaction lookups.
    ///
    /// Under automine a send answers after the block holding it is committed, so the receipt is
    /// there when the client asks. Under `--automine-batch`, sends inside a JSON-RPC batch only
    /// enter the pool and the batch produces one block after its last element has run, before
    /// its response leaves.
    func registerTransactionMethods(into registry: RPCRegistry) {
        registry.registerCallback("eth_sendRawTransaction", params: 1...1) { call, complete in
            let pooled: PooledTransaction
            do {
                pooled = try PooledTransaction(networkBytes: call.params.bytes(0))
            } catch let e as RPCError {
                return complete(.failure(e))
            } catch {
                return complete(.failure(.server("\(error)")))
            }
            submit(pooled, call: call, complete: complete)
        }
        registry.registerCallback("eth_sendTransaction", params: 1...1) { call, complete in
            do {
                let request = try call.params.callRequest(0)
                // An impersonated sender without a dev key sends unsigned (anvil_impersonateAccount).
                if let from = request.from, node.key(for: from) == nil, node.settings.isImpersonated(from) {
                    return submitImpersonated(try fillRequest(request, from: from), from: from, call: call, complete: complete)
                }
                let tx = try signRequest(request)
                submit(PooledTransaction(transaction: tx), call: call, complete: complete)
            } catch {
                complete(.failure(RPCRegistry.rpcError(error)))
            }
        }
        registry.register("eth_signTransaction", params: 1...1) { call in
            let request = try call.params.callRequest(0)
            let tx = try signRequest(request)
            return ["raw": .data(tx.envelope), "tx": .transaction(tx, sender: request.from ?? .zero)]
        }
        registry.register("eth_getTransactionByHash", params: 1...1) { call in
            let hash = try call.params.hash(0)
            if let stored = try storage({ () throws(StorageError) in try database.transaction(hash: hash) }) {
                return try transactionJSON(stored)
            }
            if let pending = node.mempool.transaction(hash) {
                return .transaction(pending.transaction, sender: pending.sender, hash: hash)
            }
            return .null
        }
        registry.register("eth_getTransactionReceipt", params: 1...1) { call in
            let hash = try call.params.hash(0)
            guard let r = try storage({ () throws(StorageError) in try database.receipt(transactionHash: hash) }) else { return .null }
            var timestamp = r.logs.first?.blockTimestamp
            if timestamp == nil {
                timestamp = try storage { () throws(StorageError) in try database.header(number: r.location.blockNumber) }?.timestamp
            }
            return receiptJSON(r, timestamp: timestamp)
        }
        registry.register("eth_getTransactionByBlockNumberAndIndex", params: 2...2) { call in
            try transactionAt(.tag(call.params.blockTag(0)), index: call.params.uint64(1))
        }
        registry.register("eth_getTransactionByBlockHashAndIndex", params: 2...2) { call in
            try transactionAt(.hash(call.params.hash(0), requireCanonical: false), index: call.params.uint64(1))
        }
    }

    /// Adds to the pool, producing the block as the mining mode says, and answers the hash.
    func submit(_ pooled: PooledTransaction, call: RPCCall, complete: @escaping RPCCompletion) {
        if let batch = call.batch, node.miningMode == .automine(batch: true) {
            do {
                let hash = try node.add(pooled)
                batch.atEnd(key: "automine") { done in node.mine { _, _ in done() } }
                complete(.success(.hash(hash)))
            } catch {
                complete(.failure(.server(error.description)))
            }
            return
        }
        node.send(pooled) { result in
            switch result {
            case .success(let hash): complete(.success(.hash(hash)))
            case .failure(let error): complete(.failure(.server(error.description)))
            }
        }
    }

    func transactionJSON(_ stored: StoredTransaction) throws(RPCError) -> JSON {
        let n = stored.location.blockNumber
        let head = chain.head
        let header: Header? = n == head.number ? head.header : try storage { () throws(StorageError) in try database.header(number: n) }
        let context = TransactionContext(blockHash: stored.location.blockHash, blockNumber: n, index: UInt64(stored.location.index),
                                         baseFeePerGas: header?.baseFeePerGas)
        return .transaction(stored.transaction, sender: stored.sender, hash: stored.hash, context: context)
    }

    func transactionAt(_ selector: BlockSelector, index: UInt64) throws(RPCError) -> JSON {
        if selector == .tag(.pending) {
            let pending = pendingBlock()
            guard index < pending.block.transactions.count else { return .null }
            let i = Int(index)
            return .transaction(pending.block.transactions[i], sender: pending.senders[i],
                                context: TransactionContext(blockHash: pending.hash, blockNumber: pending.block.header.number, index: index,
                                                            baseFeePerGas: pending.block.header.baseFeePerGas))
        }
        guard let (block, hash) = try findBlock(selector), index < block.transactions.count else { return .null }
        let stored = try storage { () throws(StorageError) in try database.transaction(hash: block.transactions[Int(index)].hash) }
        if let stored { return try transactionJSON(stored) }
        let tx = block.transactions[Int(index)]
        return .transaction(tx, sender: (try? tx.recoverSender()) ?? .zero,
                            context: TransactionContext(blockHash: hash, blockNumber: block.header.number, index: index,
                                                        baseFeePerGas: block.header.baseFeePerGas))
    }

    /// Fills a transaction request for a dev account as geth's `eth_sendTransaction` does
    /// (nonce after the pool, gas by estimation, EIP-1559 fees unless a gas price is given) and
    /// signs it.
    func signRequest(_ request: CallRequest) throws(RPCError) -> Transaction {
        guard let from = request.from else { throw RPCError.server("from address not specified") }
        guard let key = node.key(for: from) else { throw RPCError.server("unknown account") }
        return try fillRequest(request, from: from).signed(with: key)
    }

    /// Fills a transaction request from `from` (nonce, gas, fees, type) without signing it.
    func fillRequest(_ request: CallRequest, from: Address) throws(RPCError) -> Transaction {
        let next = node.nextBlock()
        let chainId = node.settings.chainId
        var tx = Transaction(type: .dynamicFee, chainId: chainId, nonce: request.nonce ?? node.pendingNonce(of: from))
        if let type = request.type, type > 4 { throw RPCError.server("transaction type not supported") }
        if !(request.blobVersionedHashes ?? []).isEmpty || request.type == 3 {
            throw RPCError.server("blob transactions need their sidecar: sign them locally and use eth_sendRawTransaction")
        }
        if let list = request.authorizationList, !list.isEmpty {
            tx.type = .setCode
        } else if request.gasPrice != nil || request.type == 0 || request.type == 1 || next.fork < .london {
            tx.type = (request.accessList ?? []).isEmpty && request.type != 1 || next.fork < .berlin ? .legacy : .accessList
        }
        if tx.type <= .accessList {
            let price = request.gasPrice ?? (next.baseFee ?? .zero) &+ suggestedTip
            tx.maxFeePerGas = price
            tx.maxPriorityFeePerGas = price
        } else {
            if request.gasPrice != nil { throw RPCError.server("both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified") }
            let tip = request.maxPriorityFeePerGas ?? min(suggestedTip, request.maxFeePerGas ?? suggestedTip)
            tx.maxPriorityFeePerGas = tip
            tx.maxFeePerGas = request.maxFeePerGas ?? (next.baseFee ?? .zero) &* UInt256(2) &+ tip
            if tx.maxPriorityFeePerGas > tx.maxFeePerGas {
                throw RPCError.server("maxFeePerGas (\(tx.maxFeePerGas)) < maxPriorityFeePerGas (\(tx.maxPriorityFeePerGas))")
            }
        }
        if let requested = request.chainId, requested != UInt256(chainId) {
            throw RPCError.server("chainId does not match node's (have=\(requested), want=\(chainId))")
        }
        tx.to = request.to
        tx.value = request.value ?? .zero
        tx.data = try request.resolvedInput()
        tx.accessList = request.accessList ?? []
        tx.authorizationList = request.authorizationList ?? []
        if tx.to == nil && tx.data.isEmpty { throw RPCError.server("contract creation without any data provided") }
        if let gas = request.gas {
            tx.gasLimit = gas
        } else {
            var message = try callMessage(request, gas: 0)
            message.from = from
            let head = chain.head
            let environment = CallEnvironment(block: next.environment, fork: next.fork)
            switch CallSimulator.estimateGas(message, state: head.state, environment: environment, gasGiven: false) {
            case .success(let gas): tx.gasLimit = gas
            case .failure(.reverted(let output)): throw RPCError.executionReverted(data: output)
            case .failure(.failed(let message)): throw RPCError.server(message)
            }
        }
        return tx
    }
}
