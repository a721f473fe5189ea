import XCTest
import Primitives
import Ethereum

/// EIP-6110 deposit extraction, which skips receipts by their blooms before reading their logs.
final class RequestsTests: XCTestCase {
    let contract = Address(truncating: UInt256(0x6110))

    /// A `DepositEvent` log's data with each field filled with its index + 1.
    func depositData() -> [UInt8] {
        var data = [UInt8](repeating: 0, count: 576)
        let layout: [(offset: Int, size: Int)] = [(160, 48), (256, 32), (320, 8), (384, 96), (512, 8)]
        func put(_ value: Int, at: Int) { data[at + 31] = UInt8(value & 0xff); data[at + 30] = UInt8(value >> 8) }
        for (i, field) in layout.enumerated() {
            put(field.offset, at: i * 32)
            put(field.size, at: field.offset)
            for b in 0..<field.size { data[field.offset + 32 + b] = UInt8(i + 1) }
        }
        return data
    }

    func receipt(_ logs: [Log]) -> Receipt {
        Receipt(type: .legacy, outcome: .status(true), cumulativeGasUsed: 0, logs: logs)
    }

    func testDepositsFoundAmongManyOtherLogsInBlockOrder() throws {
        let deposit = Log(address: contract, topics: [Requests.depositEventTopic], data: depositData())
        var receipts: [Receipt] = []
        for i in 0..<500 {
            // Other contracts' logs, some with the deposit topic, some from addresses near the contract's.
            let other = Log(address: Address(truncating: UInt256(UInt64(0x6110 + i + 1))), topics: [Requests.depositEventTopic], data: depositData())
            receipts.append(receipt(i % 7 == 0 ? [] : [other]))
            if i == 123 || i == 400 { receipts.append(receipt([other, deposit])) }
        }
        let found = try Requests.deposits(in: receipts, contract: contract)
        // pubkey (48), withdrawal credentials (32), amount (8), signature (96), index (8).
        let one: [UInt8] = [(1, 48), (2, 32), (3, 8), (4, 96), (5, 8)].flatMap { [UInt8](repeating: $0.0, count: $0.1) }
        XCTAssertEqual(one.count, 192)
        XCTAssertEqual(found, one + one)
        // With the block's bloom (the receipts' union) the same; a block bloom without the
        // contract answers at once, without a look at the receipts.
        var union = Bloom()
        for r in receipts { union.formUnion(r.logsBloom) }
        XCTAssertEqual(try Requests.deposits(in: receipts, contract: contract, blockBloom: union), one + one)
        XCTAssertEqual(try Requests.deposits(in: receipts, contract: contract, blockBloom: Bloom()), [])
        // A log of the contract with another topic is not a deposit.
        let notDeposit = Log(address: contract, topics: [Hash(UInt256(1))], data: depositData())
        XCTAssertEqual(try Requests.deposits(in: [receipt([notDeposit])], contract: contract), [])
    }

    func testBloomProbeAgreesWithHashingTheItem() {
        var bloom = Bloom()
        for i in 0..<40 { bloom.add(Address(truncating: UInt256(UInt64(i * 977))).bytes) }
        for i in 0..<2_000 {
            let item = Address(truncating: UInt256(UInt64(i * 131))).bytes
            XCTAssertEqual(bloom.mayContain(Bloom.Probe(item)), bloom.mayContain(item), "item \(i)")
        }
        XCTAssertFalse(Bloom().mayContain(Bloom.Probe(contract.bytes)))
    }
}
