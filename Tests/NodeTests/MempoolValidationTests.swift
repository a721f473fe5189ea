import Ethereum
import Keys
import Node
import Primitives
import State
import XCTest

/// One test per entry rule: each rejection is the typed error with geth's message.
final class MempoolValidationTests: XCTestCase {
    var chain = TestChain()

    func testAlreadyKnown() throws {
        let pool = Mempool()
        let tx = chain.tx(0, nonce: 0)
        try pool.add(tx, state: chain.state, context: chain.context)
        XCTAssertRejects(.alreadyKnown, message: "already known") { () throws(MempoolError) in
            try pool.add(tx, state: chain.state, context: chain.context)
        }
    }

    func testTypeNotSupportedByFork() {
        let pool = Mempool()
        var context = chain.context
        context.fork = .london
        XCTAssertRejects(.typeNotSupported(type: 3, introducedIn: .cancun),
                         message: "transaction type not supported: type 3 rejected, pool not yet in Cancun") { () throws(MempoolError) in
            try pool.add(chain.tx(0, nonce: 0, type: .blob), state: chain.state, context: context)
        }
        context.fork = .cancun
        XCTAssertRejects(.typeNotSupported(type: 4, introducedIn: .prague),
                         message: "transaction type not supported: type 4 rejected, pool not yet in Prague") { () throws(MempoolError) in
            try pool.add(chain.tx(0, nonce: 0, type: .setCode), state: chain.state, context: context)
        }
        context.fork = .istanbul
        context.baseFee = nil
        XCTAssertRejects(.typeNotSupported(type: 2, introducedIn: .berlin),
                         message: "transaction type not supported: type 2 rejected, pool not yet in Berlin") { () throws(MempoolError) in
            try pool.add(chain.tx(0, nonce: 0), state: chain.state, context: context)
        }
    }

    func testBlobCountLimit() {
        var tx = Transaction(type: .blob, chainId: 31_337, nonce: 0, maxPriorityFeePerGas: TestChain.gwei,
                             maxFeePerGas: TestChain.gwei &* UInt256(10), to: TestChain.recipient, maxFeePerBlobGas: .one,
                             blobVersionedHashes: Array(repeating: Hash(limbs: 0x0100_0000_0000_0000, 0, 0, 0), count: 7))
        tx.sign(with: chain.key(0))
        XCTAssertRejects(.blobLimitExceeded(count: 7, limit: 6),
                         message: "transaction blob limit exceeded: blob count 7, limit 6") { () throws(MempoolError) in
            try Mempool().add(tx, state: chain.state, context: chain.context)
        }
    }

    func testOversizedData() {
        let tx = chain.tx(0, nonce: 0, gas: 10_000_000, data: Array(repeating: 1, count: 128 * 1024))
        let size = tx.envelope.count
        XCTAssertRejects(.oversizedData(size: size, limit: 131_072),
                         message: "oversized data: transaction size \(size), limit 131072") { () throws(MempoolError) in
            try Mempool().add(tx, state: chain.state, context: chain.context)
        }
    }

    func testInitcodeSizeLimit() {
        let tx = chain.tx(0, nonce: 0, gas: 10_000_000, to: nil, value: .zero, data: Array(repeating: 0, count: 49_153))
        XCTAssertRejects(.initcodeSizeExceeded(size: 49_153, limit: 49_152),
                         message: "max initcode size exceeded: code size 49153, limit 49152") { () throws(MempoolError) in
            try Mempool().add(tx, state: chain.state, context: chain.context)
        }
    }

    func testOsakaTransactionGasCap() {
        XCTAssertRejects(.gasLimitTooHigh(gas: 16_777_217, cap: 16_777_216),
                         message: "transaction gas limit too high (cap: 16777216, tx: 16777217)") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 0, gas: 16_777_217), state: chain.state, context: chain.context)
        }
        // Before Osaka the cap does not exist: only the block gas limit bounds the transaction.
        var prague = chain.context
        prague.fork = .prague
        XCTAssertNoThrow(try Mempool().add(chain.tx(0, nonce: 0, gas: 16_777_217), state: chain.state, context: prague))
    }

    func testExceedsBlockGasLimit() {
        var context = chain.context
        context.blockGasLimit = 10_000_000
        XCTAssertRejects(.exceedsBlockGasLimit, message: "exceeds block gas limit") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 0, gas: 10_000_001), state: chain.state, context: context)
        }
    }

    func testTipAboveFeeCap() {
        XCTAssertRejects(.tipAboveFeeCap, message: "max priority fee per gas higher than max fee per gas") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 0, tip: 11, feeCap: 10), state: chain.state, context: chain.context)
        }
    }

    func testWrongChainIdIsInvalidSender() {
        XCTAssertRejects(.invalidSender("invalid chain id for signer: have 1 want 31337"),
                         message: "invalid sender: invalid chain id for signer: have 1 want 31337") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 0, chainId: 1), state: chain.state, context: chain.context)
        }
        XCTAssertRejects(.invalidSender("invalid chain id for signer: have 5 want 31337"),
                         message: "invalid sender: invalid chain id for signer: have 5 want 31337") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 0, type: .legacy, chainId: 5), state: chain.state, context: chain.context)
        }
    }

    func testBadSignatureIsInvalidSender() {
        var tx = chain.tx(0, nonce: 0)
        tx.signature = Signature(r: .zero, s: tx.signature.s, yParity: tx.signature.yParity)
        XCTAssertRejects(.invalidSender("invalid transaction v, r, s values"),
                         message: "invalid sender: invalid transaction v, r, s values") { () throws(MempoolError) in
            try Mempool().add(tx, state: chain.state, context: chain.context)
        }
    }

    func testUnprotectedLegacyTransactionIsAccepted() throws {
        let pool = Mempool()
        try pool.add(chain.tx(0, nonce: 0, type: .legacy, chainId: nil), state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 1, queued: 0))
    }

    func testNonceMax() {
        XCTAssertRejects(.nonceMax, message: "nonce has max value") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: .max), state: chain.state, context: chain.context)
        }
    }

    func testIntrinsicGasTooLow() {
        XCTAssertRejects(.intrinsicGasTooLow(gas: 20_999, minimum: 21_000),
                         message: "intrinsic gas too low: gas 20999, minimum needed 21000") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 0, gas: 20_999), state: chain.state, context: chain.context)
        }
        // Creation adds 32,000 and 2 per initcode word.
        XCTAssertRejects(.intrinsicGasTooLow(gas: 53_000, minimum: 53_000 + 16 * 32 + 2),
                         message: "intrinsic gas too low: gas 53000, minimum needed 53514") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 0, gas: 53_000, to: nil, data: Array(repeating: 1, count: 32)),
                              state: chain.state, context: chain.context)
        }
    }

    func testFloorDataGasFromPrague() {
        // 1000 non-zero bytes: intrinsic 21,000 + 16,000; EIP-7623 floor 21,000 + 10 × 4,000.
        let tx = chain.tx(0, nonce: 0, gas: 40_000, data: Array(repeating: 1, count: 1_000))
        XCTAssertRejects(.floorDataGasTooLow(gas: 40_000, minimum: 61_000),
                         message: "insufficient gas for floor data gas cost: gas 40000, minimum needed 61000") { () throws(MempoolError) in
            try Mempool().add(tx, state: chain.state, context: chain.context)
        }
        var cancun = chain.context
        cancun.fork = .cancun
        XCTAssertNoThrow(try Mempool().add(tx, state: chain.state, context: cancun))
    }

    func testMinimumGasPrice() throws {
        var configuration = MempoolConfiguration()
        configuration.minGasPrice = UInt256(2) &* TestChain.gwei
        XCTAssertRejects(.gasPriceBelowMinimum(feeCap: TestChain.gwei, minimum: UInt256(2_000_000_000)),
                         message: "transaction gas price below minimum: gas fee cap 1000000000, minimum needed 2000000000") { () throws(MempoolError) in
            try Mempool(configuration: configuration).add(chain.tx(0, nonce: 0, tip: 1, feeCap: 1), state: chain.state, context: chain.context)
        }
        // The default minimum is 0, as Anvil's: a zero-priced legacy transaction is accepted.
        var context = chain.context
        context.baseFee = nil
        context.fork = .berlin
        try Mempool().add(chain.txWei(0, nonce: 0, tip: .zero, feeCap: .zero, type: .legacy), state: chain.state, context: context)
    }

    func testFeeCapBelowBaseFeeOnlyWhenConfigured() throws {
        let cheap = chain.txWei(0, nonce: 0, tip: .zero, feeCap: UInt256(500_000_000))
        // geth keeps it (it may fit a later, cheaper block) …
        let pool = Mempool()
        try pool.add(cheap, state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status.pending, 1)
        XCTAssertNil(pool.executable(baseFee: chain.context.baseFee).peek(), "not executable at the current base fee")
        // … Anvil rejects it.
        var configuration = MempoolConfiguration()
        configuration.rejectFeeCapBelowBaseFee = true
        XCTAssertRejects(.feeCapBelowBaseFee(feeCap: UInt256(500_000_000), baseFee: TestChain.gwei),
                         message: "max fee per gas less than block base fee: maxFeePerGas: 500000000, baseFee: 1000000000") { () throws(MempoolError) in
            try Mempool(configuration: configuration).add(cheap, state: chain.state, context: chain.context)
        }
    }

    func blobTx(hashes: Int = 1, blobFeeCap: UInt256 = .one, to: Address? = TestChain.recipient) -> Transaction {
        var tx = Transaction(type: .blob, chainId: 31_337, nonce: 0, maxPriorityFeePerGas: TestChain.gwei,
                             maxFeePerGas: TestChain.gwei &* UInt256(10), gasLimit: 21_000, to: to, maxFeePerBlobGas: blobFeeCap,
                             blobVersionedHashes: Array(repeating: Hash(limbs: 0x0100_0000_0000_0000, 0, 0, 0), count: hashes))
        tx.sign(with: chain.key(0))
        return tx
    }

    func testBlobRules() throws {
        XCTAssertRejects(.missingSidecar, message: "missing sidecar in blob transaction") { () throws(MempoolError) in
            try Mempool().add(blobTx(), state: chain.state, context: chain.context)
        }
        var configuration = MempoolConfiguration()
        configuration.requireBlobSidecar = false
        let pool = Mempool(configuration: configuration)
        XCTAssertRejects(.blobFeeCapBelowMinimum(feeCap: .zero, minimum: .one),
                         message: "transaction gas price below minimum: blob fee cap 0, minimum needed 1") { () throws(MempoolError) in
            try pool.add(blobTx(blobFeeCap: .zero), state: chain.state, context: chain.context)
        }
        XCTAssertRejects(.blobless, message: "blobless blob transaction") { () throws(MempoolError) in
            try pool.add(blobTx(hashes: 0), state: chain.state, context: chain.context)
        }
        XCTAssertRejects(.createNotAllowed(type: 3), message: "blob transaction of type create") { () throws(MempoolError) in
            try pool.add(blobTx(to: nil), state: chain.state, context: chain.context)
        }
        // Before Osaka the per-transaction bound is the schedule's max blobs per block.
        var cancun = chain.context
        cancun.fork = .cancun
        cancun.blobSchedule = BlobSchedule.mainnet(.cancun)
        try pool.add(blobTx(hashes: 6), state: chain.state, context: cancun)
        // The blob fee counts in the cost: 6 blobs × 131072 blob gas × 1 wei on top of gas × fee cap.
        let cost = pool.pending()[chain.address(0)]!.first!.cost
        XCTAssertEqual(cost, UInt256(21_000) &* UInt256(10_000_000_000) &+ UInt256(6 * 131_072))
    }

    func testSidecarMismatch() {
        let sidecar = BlobSidecar(wrapperVersion: 0, blobs: [], commitments: [], proofs: [])
        XCTAssertRejects(.invalidSidecar("invalid blob sidecar: have 0 blobs and 0 commitments for 1 versioned hashes"),
                         message: "invalid blob sidecar: have 0 blobs and 0 commitments for 1 versioned hashes") { () throws(MempoolError) in
            try Mempool().add(PooledTransaction(transaction: blobTx(), sidecar: sidecar), state: chain.state, context: chain.context)
        }
    }

    func testSetCodeNeedsAuthorizations() {
        XCTAssertRejects(.emptyAuthorizationList, message: "set code tx must have at least one authorization tuple") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 0, gas: 50_000, type: .setCode), state: chain.state, context: chain.context)
        }
    }

    func testNonceTooLow() {
        chain.setNonce(0, 5)
        XCTAssertRejects(.nonceTooLow(next: 5, got: 3), message: "nonce too low: next nonce 5, tx nonce 3") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 3), state: chain.state, context: chain.context)
        }
    }

    func testFutureNonceIsQueuedNotRejected() throws {
        let pool = Mempool()
        try pool.add(chain.tx(0, nonce: 7), state: chain.state, context: chain.context)
        XCTAssertEqual(pool.status, MempoolStatus(pending: 0, queued: 1))
    }

    func testInsufficientFunds() {
        chain.setBalance(0, UInt256(1_000))
        let cost = UInt256(21_000) &* UInt256(10_000_000_000) &+ .one
        XCTAssertRejects(.insufficientFunds(balance: UInt256(1_000), cost: cost),
                         message: "insufficient funds for gas * price + value: balance 1000, tx cost 210000000000001, overshot 209999999999001") { () throws(MempoolError) in
            try Mempool().add(chain.tx(0, nonce: 0), state: chain.state, context: chain.context)
        }
    }

    func testInsufficientFundsForPendingTotal() throws {
        let cost = UInt256(21_000) &* UInt256(10_000_000_000) &+ .one
        chain.setBalance(0, cost &* UInt256(2) &- .one)
        let pool = Mempool()
        try pool.add(chain.tx(0, nonce: 0), state: chain.state, context: chain.context)
        XCTAssertRejects(.insufficientFundsForQueue(balance: cost &* UInt256(2) &- .one, queuedCost: cost, cost: cost),
                         message: "insufficient funds for gas * price + value: balance 420000000000001, queued cost 210000000000001, tx cost 210000000000001, overshot 1") { () throws(MempoolError) in
            try pool.add(chain.tx(0, nonce: 1), state: chain.state, context: chain.context)
        }
    }
}
